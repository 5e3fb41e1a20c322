/**
 * Handling markings: classification at the top and bottom of every PDF page
 * and on the EPUB title page, the DRAFT mark only when asked, and a draft's
 * editorial notes page. Read back page by page with poppler and pdf-lib.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { cli, epubcheck, pdfinfo, requireTool, ROOT, tempDir } from './helpers.ts';

const dir = tempDir();
const sample = readFileSync(join(ROOT, 'content', 'kerman-attack.md'), 'utf8');
copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
// A brief with its own marking and `status: draft`; one that takes the house's.
writeFileSync(join(dir, 'secret.md'), sample.replace(/^lang: en-US$/m, 'lang: en-US\nclassification: "INTERNAL – NOT FOR DISTRIBUTION"\nstatus: draft'));
writeFileSync(join(dir, 'plain.md'), sample);
writeFileSync(join(dir, 'briefpress.config.yaml'), 'classification: OFFICIAL\n');
const built = cli(['build', 'secret.md', 'plain.md', '--out', 'out'], { cwd: dir });
const drafted = built.then(() => cli(['build', 'plain.md', '--out', 'draft', '--draft'], { cwd: dir }));

const pageText = (pdf: string, n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });

/** Pages (1-based) whose content streams draw the DRAFT mark as an artifact. */
async function draftPages(pdf: string): Promise<number[]> {
  const doc = await PDFDocument.load(readFileSync(pdf));
  const marked: number[] = [];
  doc.getPages().forEach((page, i) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const text = streams.map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : '')).join('\n');
    // The mark's outlines, filled in its colour inside an /Artifact sequence.
    if (/\/Artifact BMC[\s\S]*0\.54 0\.11 0\.17 rg[\s\S]*\nf\n[\s\S]*EMC/.test(text)) marked.push(i + 1);
  });
  return marked;
}

test('a classified draft: the marking at top and bottom of every page, DRAFT on every page, editorial notes last', async (t) => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(dir, 'out', 'secret.pdf');
  const pages = Number(pdfinfo(pdf).Pages);
  assert.ok(pages >= 4);
  for (let n = 1; n <= pages; n++) {
    const text = pageText(pdf, n);
    assert.equal(text.split('INTERNAL – NOT FOR DISTRIBUTION').length - 1, 2, `page ${n}: the marking at top and bottom\n${text}`);
    assert.doesNotMatch(text, /OFFICIAL/, 'the brief’s own marking wins over the house’s');
  }
  assert.deepEqual(await draftPages(pdf), Array.from({ length: pages }, (_, i) => i + 1));
  const last = pageText(pdf, pages);
  assert.match(last, /Editorial notes/);
  assert.match(last, /secret\.md:\d+:\d+ the “many reports”/);
  assert.doesNotMatch(pageText(pdf, pages - 1), /Editorial notes/);
  assert.equal(pdfinfo(pdf).Tagged, 'yes');
});

test('the house marking without draft: on every page, no DRAFT, no editorial notes', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(dir, 'out', 'plain.pdf');
  const pages = Number(pdfinfo(pdf).Pages);
  for (let n = 1; n <= pages; n++) assert.equal(pageText(pdf, n).split('OFFICIAL').length - 1, 2, `page ${n}`);
  assert.deepEqual(await draftPages(pdf), []);
  assert.doesNotMatch(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }), /Editorial notes/);
});

test('--draft marks a brief whose front matter does not', async (t) => {
  const result = await drafted;
  assert.equal(result.code, 0, result.stderr);
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(dir, 'draft', 'plain.pdf');
  const pages = Number(pdfinfo(pdf).Pages);
  assert.deepEqual(await draftPages(pdf), Array.from({ length: pages }, (_, i) => i + 1));
  assert.match(pageText(pdf, pages), /Editorial notes/);
});

test('the EPUB title page carries the marking and "Draft", its metadata an edition title "Draft"; epubcheck is clean', async (t) => {
  await built;
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out', 'secret.epub')));
  const names = Object.keys(zip.files);
  const titlePage = await zip.file(names.find((n) => /section-00\.xhtml$/.test(n))!)!.async('string');
  assert.match(titlePage, /class="marking"[^>]*>INTERNAL (–|&#x2013;|&#8211;) NOT FOR DISTRIBUTION/);
  assert.match(titlePage, /class="draft-label"[^>]*>Draft</);
  const opf = await zip.file(names.find((n) => n.endsWith('.opf'))!)!.async('string');
  assert.match(opf, /<dc:title id="edition">Draft<\/dc:title>/);
  const plain = await JSZip.loadAsync(readFileSync(join(dir, 'out', 'plain.epub')));
  const plainOpf = await plain.file(Object.keys(plain.files).find((n) => n.endsWith('.opf'))!)!.async('string');
  assert.doesNotMatch(plainOpf, /Draft/);
  if (!requireTool(t, 'epubcheck')) return;
  const messages = await epubcheck(join(dir, 'out', 'secret.epub'));
  assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message}`), []);
});
