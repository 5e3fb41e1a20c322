/**
 * Build the pandoc citation conformance fixtures (test/fixtures/pandoc-citations/).
 *
 *   tsx scripts/pandoc-citation-fixtures.ts extract <pandoc git dir>
 *     takes the inputs from a checkout (or bare clone) of jgm/pandoc: the
 *     MANUAL's "Citation syntax" section (its examples, its inline code and one
 *     case per locator term it lists), test/markdown-citations.txt and every
 *     test/command/*.md whose input is read as pandoc Markdown. Writes inputs.json.
 *   tsx scripts/pandoc-citation-fixtures.ts answer
 *     runs the installed pandoc on every input and writes cases.json.
 *
 * How pandoc's answer is taken. `pandoc -f markdown -t json` gives each Cite
 * node: its citations' keys and modes (AuthorInText, SuppressAuthor,
 * NormalCitation), in document order; one Cite node is one cluster. The
 * locator is not in pandoc's AST: pandoc's citeproc splits it off the suffix
 * when it renders. So a second run, `--citeproc`, renders with a probe CSL
 * style whose citation layout is `⟦title¦locator label¦locator⟧` (and a
 * bibliography giving each key itself as title); citeproc puts each item's
 * prefix before and its remaining suffix after, so the rendered text of each
 * Cite node gives prefix, label, locator and suffix exactly as pandoc's
 * citeproc split them. A Lua filter run before citeproc makes every citation
 * NormalCitation so that AuthorInText items render the same way (the mode
 * comes from the first run). Prefix and suffix are compared as plain text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../test/fixtures/pandoc-citations/', import.meta.url));

export interface Input {
  id: string;
  /** File of jgm/pandoc the input was taken from. */
  source: string;
  markdown: string;
}

export interface PandocCitation {
  cluster: number;
  key: string;
  mode: 'AuthorInText' | 'SuppressAuthor' | 'NormalCitation';
  prefix: string;
  /** The locator's label as the en-US locale's long singular term (`page`, `chapter`, `sub verbo`), or '' */
  label: string;
  locator: string;
  suffix: string;
}

export interface Case extends Input {
  citations: PandocCitation[];
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
}

/** Blocks of a Markdown input that contain an `@`, list items split, front matter and code left out. */
function blocksOf(markdown: string): string[] {
  const text = markdown.replace(/^---\n[\s\S]*?\n(?:---|\.\.\.)(?:\n|$)/, '').replace(/^```[\s\S]*?^```\n?/gm, '');
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => !/^:::/.test(l));
    let items: string[][] = [];
    for (const line of lines) {
      if (/^\s{0,3}(?:[-*+]|\d+\.)\s+/.test(line) || items.length === 0) items.push([line]);
      else items.at(-1)!.push(line);
    }
    if (!lines.some((l) => /^\s{0,3}(?:[-*+]|\d+\.)\s+/.test(l))) items = [lines];
    for (const item of items) {
      const md = item
        .join('\n')
        .replace(/^\s{0,3}(?:[-*+]|\d+\.)\s+/, '')
        .replace(/^\[\^[^\]]+\]:\s*/, '') // a note's text, read as a paragraph
        .replace(/^#+\s+/, '')
        .trim();
      if (md.includes('@') && !/^(?:<|\||\s{4}|%)/.test(md)) out.push(md);
    }
  }
  return out;
}

function extract(dir: string): Input[] {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (source: string, markdown: string) => {
    if (seen.has(markdown)) return;
    seen.add(markdown);
    inputs.push({ id: `c${String(inputs.length + 1).padStart(3, '0')}`, source, markdown });
  };
  // MANUAL.txt, section "Citation syntax".
  const manual = git(dir, 'show', 'HEAD:MANUAL.txt');
  const section = manual.slice(manual.indexOf('## Citation syntax'), manual.indexOf('## Non-default extensions'));
  for (const line of section.split('\n')) {
    if (/^ {4}\S/.test(line) && line.includes('@') && !line.includes('[^1]')) add('MANUAL.txt', line.trim());
  }
  for (const m of section.matchAll(/`([^`\n]*@[^`\n]*)`/g)) add('MANUAL.txt', m[1]!);
  const terms = section.slice(section.indexOf('locator terms can be written'), section.indexOf('If no locator term'));
  for (const m of terms.matchAll(/`([^`]+)`/g)) {
    for (const term of m[1]!.split('/')) {
      add('MANUAL.txt (locator terms)', `[@item1, ${term} 12]`);
      add('MANUAL.txt (locator terms)', `[see @item1 ${term.charAt(0).toUpperCase()}${term.slice(1)} iv-vi, and more]`);
    }
  }
  for (const md of blocksOf(git(dir, 'show', 'HEAD:test/markdown-citations.txt'))) add('test/markdown-citations.txt', md);
  // The Markdown reader's unit tests: the strings of its citation groups.
  const unit = git(dir, 'show', 'HEAD:test/Tests/Readers/Markdown.hs');
  const group = unit.slice(unit.indexOf('testGroup "citations"'), unit.indexOf('testGroup "figures"'));
  const hs = (s: string) => s.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
  for (const m of group.matchAll(/(?:T\.unlines \[((?:\s*,?\s*"(?:[^"\\]|\\.)*")+)\s*\]|"((?:[^"\\]|\\.)*)")\s*=\?>/g)) {
    const md = m[1] ? [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((l) => hs(l[1]!)).join('\n') : hs(m[2]!);
    if (md.includes('@')) add('test/Tests/Readers/Markdown.hs', md);
  }
  // The changelog's inline code that shows citation syntax (bugs fixed in the parser).
  for (const m of git(dir, 'show', 'HEAD:changelog.md').matchAll(/`([^`\n]*(?:\[-?@|@[A-Za-z{])[^`\n]*)`/g)) {
    if (!/^(?:\\|<|@@)/.test(m[1]!)) add('changelog.md', m[1]!);
  }
  const files = git(dir, 'ls-tree', '--name-only', 'HEAD', 'test/command/')
    .split('\n')
    .filter((f) => f.endsWith('.md'))
    .sort();
  for (const file of files) {
    const text = git(dir, 'show', `HEAD:${file}`);
    if (!text.includes('@')) continue;
    for (const m of text.matchAll(/^```+\n% pandoc([^\n]*)\n([\s\S]*?)\n\^D\n/gm)) {
      const args = m[1]!;
      const from = /(?:-f|--from|-r|--read)[ =](\S+)/.exec(args)?.[1] ?? 'markdown';
      if (!/^markdown(?![_a-z])/.test(from) || /-citations/.test(from)) continue;
      for (const md of blocksOf(m[2]!)) add(file, md);
    }
  }
  return inputs;
}

const PROBE_CSL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>probe</title><id>probe</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout delimiter="‖"><text value="⟦"/><text variable="title"/><text value="¦"/><label variable="locator" form="long" plural="never"/><text value="¦"/><text variable="locator"/><text value="⟧"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>`;
const NORMAL_LUA = `function Cite(el)\n  for _, c in ipairs(el.citations) do c.mode = 'NormalCitation' end\n  return el\nend\n`;

interface Node {
  t: string;
  c?: unknown;
}
interface PandocCite {
  citationId: string;
  citationMode: { t: PandocCitation['mode'] };
}

/** Plain text of pandoc inlines: formatting dropped, quotes straight. */
function stringify(x: unknown): string {
  if (Array.isArray(x)) return x.map(stringify).join('');
  if (!x || typeof x !== 'object') return '';
  const n = x as Node;
  const c = n.c as unknown[];
  switch (n.t) {
    case 'Str':
      return n.c as string;
    case 'Space':
    case 'SoftBreak':
    case 'LineBreak':
      return ' ';
    case 'Code':
    case 'Math':
      return c[1] as string;
    case 'Quoted':
      return (c[0] as Node).t === 'SingleQuote' ? `'${stringify(c[1])}'` : `"${stringify(c[1])}"`;
    case 'Cite':
    case 'Link':
    case 'Image':
    case 'Span':
      return stringify(c[1]);
    case 'Note':
    case 'RawInline':
      return '';
    default:
      return stringify(n.c);
  }
}

function cites(doc: unknown): Array<[PandocCite[], unknown]> {
  const out: Array<[PandocCite[], unknown]> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const n = x as Node;
      if (n.t === 'Cite') {
        const c = n.c as [PandocCite[], unknown];
        out.push(c);
        // Citations inside a citation's prefix or suffix come after it.
        walk(c[0].map((cc) => (cc as unknown as { citationPrefix: unknown; citationSuffix: unknown })));
        return;
      }
      if ('c' in n) walk(n.c);
      else for (const v of Object.values(n)) walk(v);
    }
  };
  walk((doc as { blocks: unknown }).blocks);
  return out;
}

function answer(input: Input, tmp: string): Case {
  const md = join(tmp, 'in.md');
  writeFileSync(md, `${input.markdown}\n`);
  const plain = JSON.parse(execFileSync('pandoc', ['-f', 'markdown', '-t', 'json', md], { encoding: 'utf8' })) as unknown;
  const clusters = cites(plain).map(([cs]) => cs);
  const keys = [...new Set(clusters.flat().map((c) => c.citationId))].filter((k) => k !== '*');
  writeFileSync(join(tmp, 'bib.json'), JSON.stringify(keys.map((id) => ({ id, type: 'book', title: `K${keys.indexOf(id)}` }))));
  const rendered = JSON.parse(
    execFileSync(
      'pandoc',
      ['-f', 'markdown', '-t', 'json', '--lua-filter', join(tmp, 'normal.lua'), '--citeproc', '--csl', join(tmp, 'probe.csl'), '--bibliography', join(tmp, 'bib.json'), md],
      { encoding: 'utf8' },
    ),
  ) as unknown;
  const texts = cites(rendered).map(([, inl]) => stringify(inl));
  const citations: PandocCitation[] = [];
  clusters.forEach((cs, cluster) => {
    const parts = (texts[cluster] ?? '').split('‖');
    cs.filter((c) => c.citationId !== '*').forEach((c, i) => {
      const m = /^([\s\S]*?)⟦K(\d+)¦([^¦]*)¦([^⟧]*)⟧([\s\S]*)$/.exec(parts[i] ?? '');
      if (!m || keys[Number(m[2])] !== c.citationId) throw new Error(`${input.id}: cannot read pandoc's rendering ${JSON.stringify(parts)}`);
      citations.push({
        cluster,
        key: c.citationId,
        mode: c.citationMode.t,
        prefix: m[1]!.trim(),
        label: m[3]!,
        locator: m[4]!,
        suffix: m[5]!.trim(),
      });
    });
  });
  return { ...input, citations };
}

function main() {
  const [command, dir] = process.argv.slice(2);
  if (command === 'extract' && dir) {
    const inputs = extract(dir);
    const commit = git(dir, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(OUT, 'inputs.json'), `${JSON.stringify({ repository: 'https://github.com/jgm/pandoc', commit, licence: 'GPL-2.0-or-later', inputs }, null, 1)}\n`);
    console.log(`${inputs.length} inputs from jgm/pandoc ${commit}`);
  } else if (command === 'answer') {
    const data = JSON.parse(readFileSync(join(OUT, 'inputs.json'), 'utf8')) as { inputs: Input[] };
    const tmp = mkdtempSync(join(tmpdir(), 'pandoc-cites-'));
    writeFileSync(join(tmp, 'probe.csl'), PROBE_CSL);
    writeFileSync(join(tmp, 'normal.lua'), NORMAL_LUA);
    const version = execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    try {
      const cases = data.inputs.map((input) => answer(input, tmp));
      writeFileSync(join(OUT, 'cases.json'), `${JSON.stringify({ pandoc: version, cases }, null, 1)}\n`);
      console.log(`${cases.length} cases answered by ${version}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  } else {
    console.error('usage: tsx scripts/pandoc-citation-fixtures.ts extract <pandoc git dir> | answer');
    process.exitCode = 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
