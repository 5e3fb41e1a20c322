/**
 * End to end, real Chromium and real validators: the sample brief in a notes
 * style has every note marker right after its punctuation (PDF text and EPUB
 * XHTML), and a brief using pandoc Markdown (citations of every form, inline
 * notes, spans, math, attributes, fenced divs) builds in both styles to EPUBs
 * that pass epubcheck and DAISY Ace with no messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ace, cli, epubcheck, pdftotext, requireTool, ROOT, tempDir } from './helpers.ts';
import { PNG } from './fixtures.ts';
import { BIB, DOC } from './pandoc-markdown-fixture.ts';

const dir = tempDir();
const out = join(dir, 'out');
copyFileSync(join(ROOT, 'content/kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
const sample = readFileSync(join(ROOT, 'content/kerman-attack.md'), 'utf8');
writeFileSync(join(dir, 'sample-notes.md'), sample.replace('bibliography: kerman-attack.bib', 'bibliography: kerman-attack.bib\ncsl: chicago-note-bibliography'));
writeFileSync(join(dir, 'refs.json'), BIB);
writeFileSync(join(dir, 'dot.png'), PNG);
const FEATURES = [
  DOC,
  '',
  '## Method {#method}',
  '',
  'Energy $E = mc^2$, and $$\\int_0^1 x\\,dx = \\tfrac12$$ in a sentence.',
  '',
  '$$',
  '\\sum_{i=1}^n x_i',
  '$$',
  '',
  '![A red dot](dot.png "A dot."){#fig:dot width=60%}',
  '',
  '::: {.note}',
  'A fenced div [@doe99].',
  ':::',
].join('\n');
for (const csl of ['chicago-author-date', 'chicago-note-bibliography']) {
  writeFileSync(join(dir, `features-${csl}.md`), `---\ntitle: Features\ndescription: Pandoc Markdown in a brief.\nbibliography: refs.json\ncsl: ${csl}\n---\n\n${FEATURES}\n`);
}
const NAMES = ['sample-notes', 'features-chicago-author-date', 'features-chicago-note-bibliography'];
const built = cli(['build', dir, '--out', out], { cwd: dir });

async function xhtmlOf(name: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(join(out, `${name}.epub`)));
  let all = '';
  for (const [path, entry] of Object.entries(zip.files)) if (/section-\d+\.xhtml$/.test(path)) all += await entry.async('string');
  return all.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

test('the briefs build', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr + result.stdout);
});

test('sample brief, notes style: in the EPUB no note marker follows a space or precedes a full stop or comma', async () => {
  await built;
  const xhtml = await xhtmlOf('sample-notes');
  const markers = [...xhtml.matchAll(/<sup><a [^>]*fnref[^>]*>\d+<\/a><\/sup>/g)];
  assert.ok(markers.length >= 14, `${markers.length} markers`);
  for (const m of markers) {
    const before = xhtml.slice(Math.max(0, m.index - 30), m.index);
    const after = xhtml.slice(m.index + m[0].length, m.index + m[0].length + 30);
    assert.doesNotMatch(before, /\s$/, `space before a marker: …${before}|${after}…`);
    assert.doesNotMatch(after, /^[.,]/, `punctuation after a marker: …${before}|${after}…`);
  }
});

test('sample brief, notes style: in the PDF text each marker follows its punctuation', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const text = pdftotext(join(out, 'sample-notes.pdf')).replaceAll('\u00AD', '').replace(/\s+/g, ' ');
  // Every `word [@key].` or `word [@key],` of the Markdown: the PDF has `word.N` / `word,N`.
  const cases = [...sample.matchAll(/(\S+) \[@[^\]]+\]([.,])/g)];
  assert.ok(cases.length >= 10, `${cases.length} citations before punctuation`);
  for (const [, word, punct] of cases) {
    const w = word!.replace(/[“”"]/g, '');
    assert.match(text, new RegExp(`${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[”"]?\\${punct}[”"]?\\d`), `${word} [@…]${punct}`);
  }
});

test('pandoc Markdown is never printed as text, in the PDF or the EPUB', async (t) => {
  await built;
  for (const name of NAMES.slice(1)) {
    const xhtml = await xhtmlOf(name);
    for (const literal of ['^[', ']{', '{#', '{.', ':::', '$E', '$$', '{width']) assert.ok(!xhtml.includes(literal), `${name}: ${literal} in the EPUB`);
    assert.match(xhtml, /<math[^>]*>/);
    assert.match(xhtml, /<span lang="ar"/);
    assert.match(xhtml, /<div class="note">/);
    // A labelled figure: the id on the figure (the link target), its number before the caption.
    assert.match(xhtml, /<figure id="fig:dot"><img [^>]*style="width: 60%"[^>]*\/><figcaption><span class="caption-label">Figure 1\.<\/span> A dot\.<\/figcaption>/);
    assert.match(xhtml, /<h2 id="method">Method<\/h2>/);
    if (!requireTool(t, 'poppler')) continue;
    const text = pdftotext(join(out, `${name}.pdf`));
    for (const literal of ['^[', ']{', '{#', ':::', '$E', '$$', 'width=']) assert.ok(!text.includes(literal), `${name}: ${literal} in the PDF`);
  }
});

test('every EPUB passes epubcheck with no messages', async (t) => {
  await built;
  if (!requireTool(t, 'epubcheck')) return;
  for (const name of NAMES) {
    const messages = await epubcheck(join(out, `${name}.epub`));
    assert.deepEqual(messages.map((m) => `${name}: ${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0])}`), []);
  }
});

test('every EPUB passes DAISY Ace with no violations', async (t) => {
  await built;
  if (!requireTool(t, 'ace')) return;
  for (const name of NAMES) assert.deepEqual(await ace(join(out, `${name}.epub`)), [], name);
});
