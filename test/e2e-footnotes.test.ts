/**
 * End to end: notes at the foot of the PDF's pages (the default), restarting
 * per page, and `notes: endnotes` before the References. One build of four
 * briefs; the PDFs are read back page by page with pdf.js.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as v from 'valibot';
import { execFileSync } from 'node:child_process';
import { cli, pdfinfo, pdftotext, requireTool, ROOT, tempDir } from './helpers.ts';
import { FrontMatter } from '../scripts/lib/meta.ts';
import { Config } from '../scripts/lib/config.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'footnotes');
const dir = tempDir();
const out = join(dir, 'out');
let build: Awaited<ReturnType<typeof cli>>;

before(async () => {
  const md = readFileSync(join(FIXTURE, 'footnotes.md'), 'utf8');
  for (const f of ['refs.bib', 'chart.svg']) copyFileSync(join(FIXTURE, f), join(dir, f));
  writeFileSync(join(dir, 'foot.md'), md);
  writeFileSync(join(dir, 'endnotes.md'), md.replace('csl: chicago-note-bibliography\n', 'csl: chicago-note-bibliography\nnotes: endnotes\n'));
  writeFileSync(join(dir, 'perpage.md'), md.replace('csl: chicago-note-bibliography\n', 'csl: chicago-note-bibliography\nfootnotes: per-page\n'));
  // A right-to-left brief (real Arabic text, see test/fixtures/text-layer/SOURCES.txt) in a notes style.
  const ar = join(ROOT, 'test', 'fixtures', 'text-layer');
  copyFileSync(join(ar, 'refs.bib'), join(dir, 'ar.bib'));
  writeFileSync(join(dir, 'ar.md'), readFileSync(join(ar, 'ar.md'), 'utf8').replace('bibliography: refs.bib', 'bibliography: ar.bib\ncsl: chicago-note-bibliography'));
  build = await cli(['build', ...['foot', 'endnotes', 'perpage', 'ar'].map((n) => join(dir, `${n}.md`)), '--out', out], { timeout: 180_000 });
});

interface Run { str: string; x: number; y: number; size: number }
interface PageText { refs: number[]; markers: Array<{ n: number; x: number; y: number }>; body: Run[]; notes: Run[]; folio?: Run; width: number }

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u00AD]/g;

/** Each page's note references (superscript numbers), note markers (`12.`) and text runs. */
async function pages(file: string): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)) }).promise;
  const result: PageText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const runs: Run[] = (await page.getTextContent()).items
      .filter((i) => 'str' in i && i.str.replace(INVISIBLE, '').trim() !== '')
      .map((i) => ('str' in i ? { str: i.str.replace(INVISIBLE, '').trim(), x: i.transform[4] as number, y: i.transform[5] as number, size: Math.round(Math.hypot(i.transform[0] as number, i.transform[1] as number) * 10) / 10 } : undefined)!);
    const refs = runs.filter((r) => r.size < 8 && /^\d+$/.test(r.str)).map((r) => Number(r.str));
    // A list marker `12.`: one run, or (right to left) a number beside a run `.`; never in the page's foot margin.
    const dot = (r: Run) => runs.some((d) => d.str === '.' && d.size === r.size && Math.abs(d.y - r.y) < 1 && Math.abs(d.x - r.x) < 8);
    const markers = runs
      .filter((r) => r.size === 8.5 && r.y > 45 && (/^\d+\.$/.test(r.str) || (/^\d+$/.test(r.str) && dot(r))))
      .map((r) => ({ n: Number(r.str.replace('.', '')), x: r.x, y: r.y }));
    result.push({
      refs: [...new Set(refs)], markers, width: page.view[2]!,
      body: runs.filter((r) => r.size === 10.5),
      notes: runs.filter((r) => r.size === 8.5 && markers.length && r.y <= Math.max(...markers.map((m) => m.y)) + 40 && !/^\d+ \/ \d+$/.test(r.str)),
      folio: runs.find((r) => /^\d+ \/ \d+$/.test(r.str)),
    });
  }
  return result;
}

const squash = (text: string) => text.replace(/\u00AD/g, '').replace(/-\n/g, '').replace(/\s+/g, ' ');

test('the four briefs build', () => {
  assert.equal(build.code, 0, build.stderr + build.stdout);
});

test('footnotes: each note is at the foot of the page of its reference, numbered through the brief', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const all = await pages(join(out, 'foot.pdf'));
  const seen: number[] = [];
  for (const [i, page] of all.entries()) {
    const markers = page.markers.map((m) => m.n);
    assert.deepEqual([...markers].sort((a, b) => a - b), page.refs.filter((n) => !seen.includes(n)).sort((a, b) => a - b), `page ${i + 1}: references ${page.refs} but notes ${markers}`);
    seen.push(...markers);
    // Notes sit under the body and over the page number (PDF y grows upwards).
    const lowestBody = Math.min(...page.body.map((r) => r.y));
    for (const m of page.markers) assert.ok(m.y < lowestBody - 10, `page ${i + 1}: note ${m.n} at y ${m.y} reaches the body (lowest line ${lowestBody})`);
    if (page.folio && page.notes.length) assert.ok(Math.min(...page.notes.map((r) => r.y)) > page.folio.y + 15, `page ${i + 1}: notes reach the page number`);
  }
  // 12 notes of the author's and 4 citations, each a note.
  assert.deepEqual(seen, Array.from({ length: 16 }, (_, k) => k + 1));
  assert.ok(all.slice(2).some((p) => p.markers.length) && all.slice(1).every((p) => !p.body.some((r) => r.str === 'Notes')), 'no Notes section is left at the end');
});

test('footnotes: an over-long note starts on its page and continues on the next', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const file = join(out, 'foot.pdf');
  const text = (p: number) => squash(execFileSync('pdftotext', ['-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }));
  const count = Number(pdfinfo(file).Pages);
  const find = (s: string) => Array.from({ length: count }, (_, k) => k + 1).filter((p) => text(p).includes(s));
  const [start] = find('This note is deliberately long');
  const [end] = find('matter less than what happens on release');
  const [ref] = find('recurring theme in the court records.');
  assert.ok(start && end && ref, `long note on ${start}–${end}, its reference on ${ref}`);
  assert.equal(start, ref);
  assert.equal(end, start + 1);
});

test('footnotes: per-page restarts the numbers on each page', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const all = await pages(join(out, 'perpage.pdf'));
  const withNotes = all.filter((p) => p.markers.length);
  assert.ok(withNotes.length >= 3);
  for (const page of withNotes) {
    const markers = page.markers.map((m) => m.n);
    assert.deepEqual(markers, Array.from({ length: markers.length }, (_, k) => k + 1));
    assert.deepEqual([...page.refs].sort((a, b) => a - b), markers);
  }
});

test('footnotes: in a right-to-left brief the notes are on their pages and run right to left', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const all = await pages(join(out, 'ar.pdf'));
  const markers = all.flatMap((p) => p.markers.map((m) => ({ ...m, width: p.width })));
  assert.ok(markers.length >= 3, 'the Arabic brief has page-foot notes');
  for (const m of markers) assert.ok(m.x > m.width / 2, `note ${m.n} is numbered at the right (x ${m.x})`);
  const seen: number[] = [];
  for (const [i, page] of all.entries()) {
    const numbers = page.markers.map((m) => m.n).sort((a, b) => a - b);
    assert.deepEqual(numbers, page.refs.filter((n) => !seen.includes(n)).sort((a, b) => a - b), `page ${i + 1}`);
    seen.push(...numbers);
  }
});

test('notes: endnotes puts the Notes before the References, after the body', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const text = squash(pdftotext(join(out, 'endnotes.pdf')));
  const at = ['A last observation concerns language', 'Notes', 'The reports are published twice a year', 'The shift is visible from the first issue', 'References', 'Khalidi, Rashid. The Hundred'].map((s) => text.lastIndexOf(s));
  assert.ok(at.every((i) => i !== -1), text.slice(-3000));
  assert.deepEqual([...at].sort((a, b) => a - b), at);
  const all = await pages(join(out, 'endnotes.pdf'));
  // No note at the foot of a body page: the first notes come after the last body reference.
  const firstMarkerPage = all.findIndex((p) => p.markers.length);
  const lastRefPage = all.map((p) => p.refs.length > 0).lastIndexOf(true);
  assert.ok(firstMarkerPage >= lastRefPage, `notes start on page ${firstMarkerPage + 1}, references run to page ${lastRefPage + 1}`);
});

test('notes and footnotes are validated in the front matter and the house config', () => {
  assert.equal(v.safeParse(FrontMatter, { title: 'T', notes: 'endnotes', footnotes: 'per-page' }).success, true);
  const bad = v.safeParse(FrontMatter, { title: 'T', notes: 'sidenotes' });
  assert.equal(bad.success, false);
  assert.match(String(bad.issues?.[0]?.message), /`footnotes` or `endnotes`/);
  assert.equal(v.safeParse(Config, { notes: 'endnotes', footnotes: 'continuous' }).success, true);
  assert.equal(v.safeParse(Config, { footnotes: 'by-chapter' }).success, false);
});
