/**
 * Seeded fuzzing: mutations of the sample brief and of small fixtures go
 * through parse, check and render in-process with no unexpected exception;
 * a few go all the way to PDF and EPUB through the CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { parse } from '../scripts/stages/parse.ts';
import { check } from '../scripts/stages/check.ts';
import { render } from '../scripts/stages/render.ts';
import { loadBrief, loadBibliography } from '../scripts/stages/load.ts';
import { hasErrors } from '../scripts/build.ts';
import { defaultConfig } from '../scripts/lib/config.ts';
import { applySeverity } from '../scripts/lib/severity.ts';
import { resolveSetup } from '../scripts/lib/setup.ts';
import { ROOT, SAMPLE, cli, epubcheck, requireTool, tempDir } from './helpers.ts';
import { PNG, WEBP } from './fixtures.ts';

/** mulberry32: a small seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '[@amaq2024]', '[see @unsc2023, p. 12; @adnani2014]', '@zawahiri2005 [ch. 2]', '[-@ansari2024]', '[@', '@', ']', '[', '\\@', '[^1]', '[^1]: a note\n',
  '![A dot](dot.png)', '![](dot.png)', '![W](pic.webp)', '![x](missing.png)', '![x](https://example.com/x.png)', '![x](../../etc/passwd)', '![x](file:///etc/passwd)',
  '[a](#what-is-daesh-s-perspective-on-iran)', '[b](#nope)', '[c]([@amaq2024])', '[d](<a b.md>)', '[e](https://example.com/ä b)', '[f](javascript:alert(1))', '<https://example.com>',
  '<script>alert(1)</script>', '<iframe src="http://x"></iframe>', '<style>@import url(http://x)</style>', '<span lang="ar" dir="rtl" onclick="x">نص</span>', '<bdi>', '</div>', '<div>', '<!-- cite-ok: fine -->', '<!--', '-->',
  '<img src="http://127.0.0.1:1/x.png">', '<svg><script>1</script></svg>', '<math><mi>x</mi></math>', '<table><tr><td>1</td></tr></table>', '<details><summary>s</summary>d</details>', '<a href="data:text/html,x">z</a>',
  '\n---\n', '\n---\ntitle: x\n---\n', '\n## Heading\n', '\n# Top\n', '\n| a | b |\n|---|---|\n| 1 | 2 |\n', '\n> > > quote\n', '\n- - - list\n', '\n```\ncode\n```\n', '`', '*', '_', '**', '~~',
  '\u202e', '\u0000', '\uFEFF', '\uD800', 'نص عربي', '😀', '&amp;', '&#0;', '&#x110000;', '\t', '\r\n', ' '.repeat(4),
  '>'.repeat(60) + ' deep\n', '\n' + Array.from({ length: 40 }, (_, i) => '  '.repeat(i) + '- x').join('\n') + '\n',
];

function mutate(text: string, random: () => number): string {
  const at = () => Math.floor(random() * (text.length + 1));
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const kind = Math.floor(random() * 6);
    const i = at();
    if (kind === 0) text = text.slice(0, i) + SNIPPETS[Math.floor(random() * SNIPPETS.length)]! + text.slice(i);
    else if (kind === 1) text = text.slice(0, i) + text.slice(Math.min(text.length, i + Math.floor(random() * 200)));
    else if (kind === 2) text = text.slice(0, i); // truncate
    else if (kind === 3) {
      const j = Math.min(text.length, i + Math.floor(random() * 300));
      text = text.slice(0, j) + text.slice(i, j) + text.slice(j); // duplicate a range
    } else if (kind === 4) text = text.slice(0, i) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(i);
    else {
      const lines = text.split('\n');
      const a = Math.floor(random() * lines.length);
      const b = Math.floor(random() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      text = lines.join('\n');
    }
  }
  return text;
}

const dir = tempDir();
copyFileSync(SAMPLE, join(dir, 'kerman-attack.md'));
copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
writeFileSync(join(dir, 'dot.png'), PNG);
writeFileSync(join(dir, 'pic.webp'), WEBP);
const sample = readFileSync(SAMPLE, 'utf8');
const FIXTURES = [
  sample,
  '---\ntitle: Small\nbibliography: kerman-attack.bib\n---\n\nA claim [@amaq2024].[^n]\n\n![A dot](dot.png)\n\n[^n]: A note [@unsc2023].\n',
  '---\ntitle: HTML\n---\n\n<span lang="ar">نص</span> <script>x</script>\n\n| a |\n|---|\n| 1 |\n',
  '---\ntitle: "Quote"\nauthor: [A, {name: B}]\ndate: 2024-01\ncsl: apa\n---\n\n# One\n\n## Two\n\nSee [two](#two).\n',
];

/** The sample's front matter and a few of its paragraphs (every 20th case: all of it), to keep 1,000 renders fast. */
const [, frontMatter = '', body = ''] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(sample) ?? [];
const paragraphs = body.split(/\n\n/);
function sampleWindow(random: () => number): string {
  if (random() < 0.05) return sample;
  const from = Math.floor(random() * paragraphs.length);
  return `${frontMatter}\n${paragraphs.slice(from, from + 1 + Math.floor(random() * 4)).join('\n\n')}\n`;
}

test('1,000 seeded mutations pass parse, check and render with no unexpected exception', async () => {
  const config = defaultConfig();
  const base = await loadBrief(join(dir, 'kerman-attack.md'));
  const parsed = await parse(base.file, { template: 'brief' });
  const bibliography = await loadBibliography(base, parsed.meta!, parsed.tree);
  let rendered = 0;
  let slowest = { ms: 0, seed: 0 };
  const CASES = 1000;
  for (let seed = 1; seed <= CASES; seed++) {
    const random = prng(seed);
    const text = mutate(seed % FIXTURES.length === 0 ? sampleWindow(random) : FIXTURES[seed % FIXTURES.length]!, random);
    const file = new VFile({ path: join(dir, `fuzz-${seed}.md`), value: text });
    const started = performance.now();
    try {
      // As checkBrief does: parse, resolve template and style, check, then severities.
      const { tree, meta } = await parse(file, { template: 'brief' });
      if (!meta) continue;
      const setup = resolveSetup(meta, config, { file, tree, briefDir: dir });
      if (setup) await check(tree, file, { meta, bibliography, briefDir: dir });
      applySeverity([file]);
      if (!setup || hasErrors([file])) continue;
      render({ tree, meta, file, briefDir: dir, bibliography, template: setup.template, stylePath: setup.stylePath });
      rendered++;
    } catch (error) {
      assert.fail(`seed ${seed} threw: ${error instanceof Error ? error.stack : String(error)}\n--- input ---\n${text.slice(0, 2000)}`);
    } finally {
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, seed };
    }
  }
  assert.ok(rendered > CASES / 10, `enough mutations reach render (${rendered})`);
  // A case takes tens of milliseconds; one that takes seconds is a runaway
  // pattern (a regular expression backtracking, a quadratic walk), whatever
  // the machine's load. The suite's own speed is the bench's business.
  assert.ok(slowest.ms < 5_000, `no case runs away (seed ${slowest.seed}: ${Math.round(slowest.ms)} ms)`);
});

test('5 mutations go all the way to PDF and EPUB; each builds or fails with messages, and the EPUBs pass epubcheck', async (t) => {
  const outDir = join(dir, 'out');
  const paths: string[] = [];
  for (let seed = 5001; seed <= 5005; seed++) {
    // Light mutations of the sample (inserted snippets only), so that most still pass the checks.
    const random = prng(seed);
    let text = sample;
    for (let k = 0; k < 3; k++) {
      const i = text.indexOf('\n\n', Math.floor(random() * text.length));
      const at = i === -1 ? text.length : i + 2;
      text = `${text.slice(0, at)}${SNIPPETS[Math.floor(random() * 40)]}\n\n${text.slice(at)}`;
    }
    const path = join(dir, `full-${seed}.md`);
    writeFileSync(path, text.replace('bibliography: kerman-attack.bib', 'bibliography: kerman-attack.bib\nnocite: ["@*"]'));
    paths.push(path);
  }
  const result = await cli(['build', ...paths, '--out', outDir], { cwd: dir });
  assert.doesNotMatch(result.stderr, /unexpected failure/);
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const epubs = readdirSync(outDir).filter((n) => n.endsWith('.epub'));
  assert.ok(epubs.length >= 1, `some mutations build:\n${result.stderr}`);
  assert.deepEqual(readdirSync(outDir).filter((n) => n.includes('.tmp-')), []);
  if (!requireTool(t, 'epubcheck')) return;
  const reports = await Promise.all(epubs.slice(0, 1).map((n) => epubcheck(join(outDir, n))));
  for (const [i, messages] of reports.entries()) assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message}`), [], epubs[i]);
});
