/**
 * PDFs that can be searched, copied and read aloud (issue 13): one build of
 * the text-layer fixtures (real Arabic, Persian and English text, see
 * test/fixtures/text-layer/SOURCES.txt) and of two briefs that must fail the
 * read-back check; every assertion below shares it, and each validator runs
 * once per file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, epubcheck, ace, pdffonts, requireTool, ROOT, tempDir } from './helpers.ts';
import { artifactText, fidelity, pdfjsText, pdftotext, normalise, type Fidelity } from './text-layer.ts';
import { familiesIn } from '../scripts/lib/fonts.ts';
import puppeteer from 'puppeteer';
import { findChromium, LAUNCH_ARGS } from '../scripts/lib/browser.ts';
import { visualLines } from './visual-order.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'text-layer');
const dir = tempDir();
const out = join(dir, 'out');
cpSync(FIXTURES, dir, { recursive: true });
cpSync(join(ROOT, 'test', 'fixtures', 'briefs', 'chart.svg'), join(dir, 'chart.svg'));
// Fails the read-back check: a figure without alt text (line 11), a skipped heading level (line 7).
writeFileSync(join(dir, 'undescribed.md'), '---\ntitle: Undescribed\n---\n\n## Section\n\n#### Skipped level\n\nText.\n\n![](chart.svg)\n');
// Characters no bundled face has (line 5): a warning, and the brief still builds.
writeFileSync(join(dir, 'glyphs.md'), '---\ntitle: Glyphs\n---\n\nA check ✓, an arrow →, № 5, «quotes» — per mille ‰ and ⚖.\n\n`code → ✓`\n');
const NAMES = ['ar', 'fa', 'inline'] as const;
const BASE = { ar: 'rtl', fa: 'rtl', inline: 'ltr' } as const;

const built = cli(['build', dir, '--out', out, '--force', '--formats', 'pdf,epub,html'], { cwd: dir });
type Row = { file: string; line: number | null; column: number | null; severity: string; ruleId: string; message: string };
/** The build's messages, read from its human report (the JSON reporter is for `check`). */
const rows = built.then((r) => {
  const found: Row[] = [];
  let file = '';
  for (const line of r.stderr.split('\n')) {
    const m = /^\s*(\d+):(\d+)(?:-\S+)?\s+(error|warning|info)\s+(.*?)\s+([a-z-]+)\s+briefpress$/.exec(line);
    if (m) found.push({ file, line: Number(m[1]), column: Number(m[2]), severity: m[3]!, message: m[4]!, ruleId: m[5]! });
    else if (/\.md$/.test(line.trim())) file = line.trim();
  }
  return found;
});
const pdf = (name: string) => join(out, `${name}.pdf`);

/**
 * Where the acceptance figure (99.5%) is not reached yet, and why (see the
 * README's measurements): not the words, their order. poppler decides one
 * direction for a whole page from its letters; on the last page of the Arabic
 * fixture the References (Latin, a long percent-encoded URL) outnumber the
 * Arabic footnote, so poppler reads the footnote's line left to right and its
 * two clauses come out swapped (4 words of 400 out of order, 99.0%).
 */
/** Cases below target, with the reason (none now: with notes at the foot of the page, the Arabic fixture's note no longer shares a page with Latin references). */
const KNOWN: Record<string, string> = {};

const measured = (async () => {
  await built;
  const result = new Map<string, Fidelity[]>();
  for (const name of NAMES) {
    const file = pdf(name);
    result.set(name, await fidelity(readFileSync(join(FIXTURES, `${name}.md`), 'utf8'), file, new Uint8Array(readFileSync(file)), BASE[name]));
  }
  return result;
})();

test('the fixtures build; the failing ones fail with their messages', async () => {
  const r = await built;
  assert.equal(r.code, 1, r.stderr);
  for (const name of [...NAMES, 'glyphs']) assert.ok(readFileSync(pdf(name)).length > 0, name);
});

for (const name of NAMES) {
  for (const script of ['arabic', 'latin'] as const) {
    for (const tool of ['pdftotext', 'pdfjs'] as const) {
      const key = `${name} ${script} ${tool}`;
      test(`text layer: ${key} ≥ 99.5% of words intact`, { todo: KNOWN[key] }, async () => {
        const f = (await measured).get(name)!.find((x) => x.script === script);
        if (!f) return;
        assert.ok(f[tool] >= 0.995, `${key}: ${(f[tool] * 100).toFixed(1)}% of ${f.words} words`);
      });
    }
  }
}

test('text layer: no fixture falls back below its measured floor', async () => {
  // The floor of today's build, so a regression fails even where 99.5% is not reached.
  for (const [name, results] of await measured) {
    for (const f of results) {
      assert.ok(f.pdftotext >= 0.985 && f.pdfjs >= 0.995, `${name} ${f.script}: pdftotext ${f.pdftotext}, pdf.js ${f.pdfjs}`);
    }
  }
});

test('soft hyphens that broke no line are not in the text layer (pdftotext copied them into the words)', async () => {
  await built;
  for (const name of NAMES) {
    const text = pdftotext(pdf(name));
    assert.equal(text.match(/\u00AD/g)?.length ?? 0, 0, `${name}: ${text.split('\n').find((l) => l.includes('\u00AD'))}`);
  }
});

test('every in-text citation of a Latin-script source reads in order with its parentheses, also when it wraps', async () => {
  await built;
  const citations = {
    // As in pandoc, a locator label is read in the brief's language: `p.` is not an Arabic or Persian term, so it stays as written.
    ar: ['(Office of the United Nations High Commissioner for Human Rights 1948)', '(Office of the United Nations High Commissioner for Human Rights 1948; International Maritime Organization 2023; United Nations Security Council 2023, p. 12)', '(Wikipedia contributors 2019)'],
    fa: ['(Office of the United Nations High Commissioner for Human Rights 1948)', '(Office of the United Nations High Commissioner for Human Rights 1948; International Maritime Organization 2023; United Nations Security Council 2023, p. 12)', '(International Maritime Organization 2023)', 'United Nations Security Council (2023, p. 4)'],
  };
  for (const name of ['ar', 'fa'] as const) {
    const lines = (await pdfjsText(new Uint8Array(readFileSync(pdf(name))), 'rtl')).split('\n');
    // A full stop after a citation at the end of an RTL line stands, visually,
    // just left of it, and pdf.js glues it to the citation's first word on
    // that line (".Council"): it is the sentence's, not the citation's.
    const text = lines.join(' ').replace(/\s+/g, ' ').replace(/(^| )[.،](?=[A-Za-z])/g, '$1');
    for (const citation of citations[name]) {
      assert.ok(text.includes(normalise(citation)), `${name}: ${citation} not found in order in:\n${lines.filter((l) => /[A-Za-z]/.test(l)).join('\n')}`);
    }
    // The longest citation is wider than a line: it wraps, and still reads in order.
    assert.ok(!lines.some((l) => l.includes('12)') && l.includes('(Office')), `${name}: the long citation was meant to wrap`);
  }
});

test('the web edition: every Latin-script citation in Arabic and Persian text shows in order with its parentheses at a phone width, where most of them wrap', async () => {
  await built;
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: [...LAUNCH_ARGS], headless: true });
  try {
    let wrapped = 0;
    for (const name of ['ar', 'fa'] as const) {
      for (const width of [390]) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 900 });
        await page.setContent(readFileSync(join(out, `${name}.html`), 'utf8'), { waitUntil: 'load' });
        const citations = (await visualLines(page, '.citation')).filter((c) => /[A-Za-z]/.test(c.text));
        assert.ok(citations.length >= 3, `${name}: ${citations.length} citations`);
        for (const c of citations) {
          assert.ok(c.inOrder, `${name} at ${width}px: ${c.text} shows as ${JSON.stringify(c.lines)}`);
          assert.match(c.lines[0]!, /^(\(|[A-Z])/, `${name} at ${width}px: ${JSON.stringify(c.lines)}`);
        }
        wrapped += citations.filter((c) => c.lines.length > 1).length;
        await page.close();
      }
    }
    assert.ok(wrapped >= 4, `only ${wrapped} citations wrap`);
  } finally {
    await browser.close();
  }
});

test('every fixture PDF embeds only bundled fonts', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  await built;
  const bundled = familiesIn(readFileSync(join(ROOT, 'templates', 'fonts.css'), 'utf8')).map((f) => f.replace(/\s+/g, ''));
  for (const name of NAMES) {
    for (const font of pdffonts(pdf(name))) {
      const base = font.name.replace(/^[A-Z]{6}\+/, '');
      assert.ok(font.embedded, `${name}: ${font.name} is not embedded`);
      assert.ok(bundled.some((family) => base.startsWith(family)), `${name}: ${font.name} is not a bundled font (${bundled.join(', ')})`);
    }
  }
  // The brief with characters no bundled face has (reported as missing-glyph) does fall back: the test can fail.
  assert.ok(pdffonts(pdf('glyphs')).some((f) => !bundled.some((family) => f.name.replace(/^[A-Z]{6}\+/, '').startsWith(family))));
});

test('a character no bundled font has is a missing-glyph warning at its line and column', async () => {
  const glyphs = (await rows).filter((r) => r.file.endsWith('glyphs.md') && r.ruleId === 'missing-glyph');
  assert.deepEqual(
    glyphs.map((r) => [r.line, r.column, r.severity, /“(.)” \((U\+[0-9A-F]+)\)/u.exec(r.message)?.slice(1).join(' ')]),
    [
      [5, 50, 'warning', '‰ U+2030'],
      [5, 56, 'warning', '⚖ U+2696'],
    ],
  );
});

test('PDF/UA: XMP with pdfuaid:part 1, and the read-back check fails an undescribed figure and a skipped heading at their lines', async () => {
  await built;
  for (const name of NAMES) {
    const bytes = readFileSync(pdf(name), 'latin1');
    assert.match(bytes, /<pdfuaid:part>1<\/pdfuaid:part>/, name);
    assert.match(bytes, /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">/, name);
    assert.match(bytes, /\/DisplayDocTitle true/, name);
  }
  const undescribed = (await rows).filter((r) => r.file.endsWith('undescribed.md'));
  const find = (ruleId: string) => undescribed.find((r) => r.ruleId === ruleId);
  assert.deepEqual([find('missing-alt')?.line, find('missing-alt')?.severity], [11, 'error']);
  assert.match(find('missing-alt')!.message, /figure `chart\.svg` has no alternate text/);
  assert.deepEqual([find('heading-order')?.line, find('heading-order')?.severity], [7, 'warning']);
  assert.match(find('heading-order')!.message, /heading level 4 follows level 2/);
  for (const name of NAMES) assert.equal((await rows).filter((r) => r.file.endsWith(`${name}.md`)).length, 0, `${name} has messages`);
});

test('PDF/UA: the running title and the page numbers (@page margin boxes) are artifacts; no text is outside both the structure and the artifacts', async () => {
  await built;
  for (const name of NAMES) {
    const { artifacts, loose } = await artifactText(new Uint8Array(readFileSync(pdf(name))));
    assert.deepEqual(loose, [], name);
    // The cover has no margin boxes; every other page has its running title and "n / N".
    assert.equal(artifacts[0], '', name);
    artifacts.slice(1).forEach((text, i) => assert.match(text, new RegExp(`${i + 2} / ${artifacts.length}|${artifacts.length} / ${i + 2}`), `${name} page ${i + 2}: ${text}`));
  }
  const inline = (await artifactText(new Uint8Array(readFileSync(pdf('inline'))))).artifacts;
  assert.ok(inline.slice(1).every((text) => text.startsWith('Universal Declaration of Human Rights')), inline.join('\n'));
});

test('epubcheck and DAISY Ace find nothing in the fixture EPUBs', async (t) => {
  if (!requireTool(t, 'epubcheck') || !requireTool(t, 'ace')) return;
  await built;
  for (const name of NAMES) {
    const file = join(out, `${name}.epub`);
    assert.deepEqual((await epubcheck(file)).map((m) => `${m.severity} ${m.ID} ${m.message}`), [], name);
    assert.deepEqual(await ace(file), [], name);
  }
});
