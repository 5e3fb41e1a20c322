/**
 * End to end through the templates: the sample, a brief with a long table, a
 * figure, key points and a table of contents, a brief in Arabic and an English
 * brief with inline Arabic; the report template; Letter paper from the config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { ace, cli, epubcheck, pdffonts, pdfinfo, pdftotext, requireTool, ROOT, SAMPLE, tempDir } from './helpers.ts';

const FIXTURES = join(ROOT, 'test/fixtures/briefs');
const dir = tempDir();
cpSync(FIXTURES, dir, { recursive: true });
copyFileSync(SAMPLE, join(dir, 'kerman-attack.md'));
copyFileSync(join(ROOT, 'content/kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
writeFileSync(join(dir, 'report.md'), readFileSync(join(FIXTURES, 'long-table.md'), 'utf8').replace('toc: true', 'template: report'));
const out = join(dir, 'out');
const built = cli(['build', dir, '--out', out], { cwd: dir });
const BRIEFS = ['kerman-attack', 'long-table', 'arabic', 'mixed', 'report'];

// Letter paper and a house config, from briefpress.config.yaml in the project folder.
const house = tempDir();
cpSync(FIXTURES, house, { recursive: true });
writeFileSync(join(house, 'briefpress.config.yaml'), 'paper: Letter\npublisher: Example Institute\nseries: Policy Briefs\nrights: CC BY 4.0\n');
const letter = cli(['build', 'mixed.md', '--out', 'out'], { cwd: house });

test('every brief builds', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
});

for (const name of BRIEFS) {
  test(`${name}: epubcheck and DAISY Ace report nothing`, async (t) => {
    await built;
    if (requireTool(t, 'epubcheck')) {
      const messages = await epubcheck(join(out, `${name}.epub`));
      assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0])}`), []);
    }
    if (requireTool(t, 'ace')) assert.deepEqual(await ace(join(out, `${name}.epub`)), []);
  });

  test(`${name}: the PDF embeds every font, is tagged, A4, with metadata`, async (t) => {
    await built;
    if (!requireTool(t, 'poppler')) return;
    const pdf = join(out, `${name}.pdf`);
    assert.deepEqual(pdffonts(pdf).filter((f) => !f.embedded), []);
    const info = pdfinfo(pdf);
    assert.equal(info.Tagged, 'yes');
    assert.match(info['Page size'] ?? '', /\(A4\)/);
    assert.ok(info.Title && info.Author, `title and author: ${JSON.stringify(info)}`);
  });
}

test('metadata: subject and keywords in the PDF; every author a creator in the EPUB', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const info = pdfinfo(join(out, 'long-table.pdf'));
  assert.equal(info.Author, 'Test Author; Second Author');
  assert.match(info.Subject ?? '', /exercises long tables/);
  assert.match(info.Keywords ?? '', /tables/);
  const opf = await (await JSZip.loadAsync(readFileSync(join(out, 'long-table.epub')))).file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /<dc:creator id="creator0">Test Author<\/dc:creator>/);
  assert.match(opf, /<dc:creator id="creator1">Second Author<\/dc:creator>/);
  assert.match(opf, /<dc:language>en-GB<\/dc:language>/);
  assert.match(opf, /xml:lang="en-GB"/);
  assert.doesNotMatch(opf, /All rights reserved/);
  assert.match(opf, /properties="cover-image"/);
  assert.match(opf, /schema:accessibilitySummary/);
});

test('cover page, running header from page 2, key points, figure caption, TOC with page numbers', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(out, 'long-table.pdf');
  const pages = pdftotext(pdf).split('\f');
  assert.match(pages[0]!, /Operations by Month, 2000–2007/);
  assert.match(pages[0]!, /Test Author · Second Author/);
  assert.doesNotMatch(pages[0]!, /\d+\s*\/\s*\d+/, 'no page number on the cover');
  assert.match(pages[1]!, /Contents/);
  // The TOC entry for the table section carries the page it starts on.
  const tableStarts = pages.findIndex((p, i) => i > 1 && /The monthly table/.test(p)) + 1;
  const toc = pdftotext(pdf, true).split('\f')[1]!;
  assert.match(toc, new RegExp(`The monthly table\\s+${tableStarts}\\b`));
  const body = pages.slice(2).join('\n');
  assert.match(body, /K\s*E\s*Y\s*P\s*O\s*I\s*N\s*T\s*S/i, "the key-points box");
  assert.match(body, /Figure 1\. The monthly series, drawn as bars\./);
  // The table's header row is repeated on the pages it runs over.
  const tablePages = pages.filter((p) => /\b200[0-7]\b/.test(p) && /Afghanistan/.test(p));
  assert.ok(tablePages.length >= 2, 'the table spans pages');
  for (const p of tablePages) assert.match(p, /Year\s+Month\s+Operations/);
  assert.match(pages[1]!, /Operations by Month/);
});

test('right to left: the Arabic brief’s EPUB declares RTL; inline Arabic keeps its order in the PDF', async (t) => {
  await built;
  const zip = await JSZip.loadAsync(readFileSync(join(out, 'arabic.epub')));
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /page-progression-direction="rtl"/);
  assert.match(opf, /<package [^>]*dir="rtl"/);
  const first = await zip.file('OEBPS/section-00.xhtml')!.async('string');
  assert.match(first, /<html [^>]*dir="rtl"/);
  if (!requireTool(t, 'poppler')) return;
  const line = pdftotext(join(out, 'mixed.pdf')).split('\n').find((l) => l.includes('slogan'))!;
  // pdftotext may put spaces or direction marks inside Arabic words; the
  // letters must come out in logical (reading) order, not reversed.
  const arabic = line.replace(/[^\u0600-\u06FF]/g, '');
  assert.equal(arabic, 'باقيةوتتمدد');
  assert.match(line, /^The group's slogan was .*appeared on every banner\.$/);
});

test('the house config sets paper, series, publisher and rights', async (t) => {
  const result = await letter;
  assert.equal(result.code, 0, result.stderr);
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(house, 'out', 'mixed.pdf');
  assert.match(pdfinfo(pdf)['Page size'] ?? '', /612 x 792 pts \(letter\)/);
  const cover = pdftotext(pdf).split('\f')[0]!;
  assert.match(cover, /POLICY BRIEFS/i);
  assert.match(cover, /Example Institute/);
  const opf = await (await JSZip.loadAsync(readFileSync(join(house, 'out', 'mixed.epub')))).file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /<dc:rights>CC BY 4.0<\/dc:rights>/);
  assert.match(opf, /<dc:publisher>Example Institute<\/dc:publisher>/);
});

test('a config error names the field and fails with exit 1', async () => {
  const bad = tempDir();
  cpSync(FIXTURES, bad, { recursive: true });
  writeFileSync(join(bad, 'briefpress.config.yaml'), 'publisher: Example\npaper: A5\n');
  const result = await cli(['check', 'mixed.md'], { cwd: bad });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /briefpress\.config\.yaml\n\s*2:1\s+error\s+Config field `paper`: Expected `A4` or `Letter`/);
});
