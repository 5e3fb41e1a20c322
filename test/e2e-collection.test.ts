/**
 * Collections (issue 16): three fixture briefs (test/fixtures/collection/)
 * built once into one PDF and one EPUB, then rebuilt once after one brief
 * changed; every assertion reads those two builds. The PDF is read back page
 * by page (pdftotext -f N -l N).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ace, cli, CLI, epubcheck, pdfinfo, requireTool, ROOT, tempDir, type CliResult } from './helpers.ts';
import JSZip from 'jszip';
import { loadCollection } from '../scripts/lib/collection.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'collection');
const TITLES = ['Gas Storage Before the Winter', 'Drought and Unrest', 'Do Sanctions Work?'];
const dir = tempDir('briefpress-collection-');
const pdf = join(dir, 'out', 'quarterly-review.pdf');
const epub = join(dir, 'out', 'quarterly-review.epub');
/** The first build's EPUB (per-brief references); `epub` is the rebuild's (merged). */
const firstEpub = join(dir, 'first.epub');
let first: CliResult;
let pages: string[] = [];
let again: CliResult;
let rebuilt: CliResult;
let rebuiltPages: string[] = [];

const pageTexts = (file: string) => {
  const count = Number(pdfinfo(file).Pages);
  return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', file, '-'], { encoding: 'utf8' }).replaceAll('\u00AD', ''));
};
const statusOf = (r: CliResult, slug: string) => new RegExp(`^\\s+${slug}\\s+(\\w+)`, 'm').exec(r.stderr)?.[1];

before(async () => {
  cpSync(FIXTURE, dir, { recursive: true });
  first = await cli(['build', 'collection.yaml'], { cwd: dir });
  if (first.code === 0) pages = pageTexts(pdf);
  if (first.code === 0) cpSync(epub, firstEpub);
  again = await cli(['build', 'collection.yaml'], { cwd: dir });
  // One brief changes, and the collection asks for one merged list of references.
  appendFileSync(join(dir, 'water.md'), '\nA late paragraph on rationing in the dry years [@gleick2014, p. 336].\n');
  writeFileSync(join(dir, 'collection.yaml'), `${readFileSync(join(dir, 'collection.yaml'), 'utf8')}bibliography: merged\n`);
  rebuilt = await cli(['build', 'collection.yaml'], { cwd: dir });
  if (rebuilt.code === 0) rebuiltPages = pageTexts(pdf);
});

test('a collection builds one PDF and one EPUB, every brief checked and rendered', () => {
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /collection quarterly-review built: out\/quarterly-review\.pdf, out\/quarterly-review\.epub, \d+ pages/);
  for (const slug of ['energy', 'water', 'sanctions']) assert.equal(statusOf(first, slug), 'rendered');
});

test('the cover and the contents: title, editors, each brief with its authors', () => {
  assert.match(pages[0]!, /Quarterly Review/);
  assert.match(pages[0]!, /Edited by Maria Lopes · Research Desk/);
  assert.doesNotMatch(pages[0]!, /\d+\s*\/\s*\d+/, 'no page number on the cover');
  assert.match(pages[1]!, /Contents/);
  assert.match(pages[1]!, /Gas Storage Before the Winter\s+\d+\s+Amira Haddad, Jonas Berg/);
  assert.match(pages[1]!, /Drought and Unrest\s+\d+\s+Lena Okafor/);
});

test('page numbers run through the volume, page by page', () => {
  assert.ok(pages.length >= 5, `${pages.length} pages`);
  for (let n = 2; n <= pages.length; n++) assert.match(pages[n - 1]!, new RegExp(`\\b${n}\\s*/\\s*${pages.length}\\s*$`), `page ${n}`);
});

test('the contents give the page each brief starts on, and each page runs under its brief\'s title', () => {
  const starts = TITLES.map((title) => {
    const printed = Number(new RegExp(`${title.replace(/[?]/g, '\\$&')}\\s+(\\d+)`).exec(pages[1]!)?.[1]);
    const actual = pages.findIndex((text, i) => i > 1 && text.includes(title)) + 1;
    assert.equal(printed, actual, `${title}: contents say ${printed}, starts on ${actual}`);
    return actual;
  });
  assert.deepEqual([...starts].sort((a, b) => a - b), starts, 'in the order of collection.yaml');
  for (let n = 3; n <= pages.length; n++) {
    const k = starts.filter((s) => s <= n).length - 1;
    assert.equal(pages[n - 1]!.trim().split('\n')[0]!.trim(), TITLES[k], `running head of page ${n}`);
  }
  // Per-brief bibliographies by default: each brief's References sit in its pages.
  assert.equal(pages.filter((p) => /^References$/m.test(p)).length, 3);
});

test('the EPUBs pass epubcheck (per-brief and merged references) and DAISY Ace with nothing to report', async (t) => {
  if (!requireTool(t, 'epubcheck')) return;
  for (const file of [firstEpub, epub]) assert.deepEqual((await epubcheck(file)).map((m) => `${m.severity} ${m.ID} ${m.message}`), []);
  if (!requireTool(t, 'ace')) return;
  assert.deepEqual(await ace(epub), []);
});

test('the EPUB: a title page and contents for the volume, each brief one chapter with its sections nested in the navigation', async () => {
  const zip = await JSZip.loadAsync(readFileSync(firstEpub));
  const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
  const titles = [...nav.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(titles.slice(0, 4), ['section-00.xhtml Quarterly Review', 'brief-energy.xhtml Gas Storage Before the Winter', 'brief-energy.xhtml#the-refill-season The refill season', 'brief-energy.xhtml#what-could-go-wrong What could go wrong']);
  assert.ok(titles.includes('brief-water.xhtml Drought and Unrest') && titles.includes('brief-sanctions.xhtml Do Sanctions Work?'));
  const opening = await zip.file('OEBPS/section-00.xhtml')!.async('string');
  assert.match(opening, /Quarterly Review/);
  assert.match(opening, /<a href="brief-water.xhtml">Drought and Unrest<\/a> (?:—|&#x2014;) <span class="authors">Lena Okafor<\/span>/);
  const water = await zip.file('OEBPS/brief-water.xhtml')!.async('string');
  assert.match(water, /<h1 class="title">Drought and Unrest<\/h1>/);
  // Citations link to the brief's own References, in the same file.
  assert.match(water, /href="#ref-gleick2014"/);
});

test('an unchanged collection is skipped without a browser', () => {
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /collection quarterly-review up to date \(skipped\)/);
});

test('after one brief changes, only that brief is loaded, checked and rendered again; the volume is re-printed', async () => {
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.equal(statusOf(rebuilt, 'energy'), 'cached');
  assert.equal(statusOf(rebuilt, 'water'), 'rendered');
  assert.equal(statusOf(rebuilt, 'sanctions'), 'cached');
  assert.ok(rebuiltPages.some((p) => p.includes('A late paragraph on rationing')));
  // Merged: one list at the end, Ostrom (cited by two briefs) once, listed in the contents.
  const last = rebuiltPages.at(-1)!;
  assert.match(last, /References/);
  assert.equal(last.match(/Ostrom, Elinor/g)?.length, 1);
  const merged = await JSZip.loadAsync(readFileSync(epub));
  assert.match(await merged.file('OEBPS/brief-water.xhtml')!.async('string'), /href="references.xhtml#volume--ref-gleick2014"/);
  assert.equal((await merged.file('OEBPS/references.xhtml')!.async('string')).match(/Ostrom, Elinor/g)?.length, 1);
  assert.equal(rebuiltPages.filter((p) => /^References$/m.test(p)).length, 1);
  assert.match(rebuiltPages[1]!, new RegExp(`References\\s+${rebuiltPages.length}\\b`));
});

test('a brief with an error fails the collection, reported at the brief\'s line and column', async () => {
  const broken = tempDir('briefpress-collection-bad-');
  cpSync(FIXTURE, broken, { recursive: true });
  writeFileSync(join(broken, 'sanctions.md'), readFileSync(join(broken, 'sanctions.md'), 'utf8').replace('[@pape1997]', '[@pape1979]'));
  // A build-only check too: a figure without alt text fails its brief's own build (missing-alt, at its line).
  cpSync(join(ROOT, 'test', 'fixtures', 'briefs', 'chart.svg'), join(broken, 'chart.svg'));
  appendFileSync(join(broken, 'water.md'), '\n![](chart.svg)\n');
  const r = await cli(['build', 'collection.yaml'], { cwd: broken });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /sanctions\.md\n\s*13:44-13:53\s+error\s+Citation key `pape1979` is in no bibliography/);
  assert.match(r.stderr, /water\.md\n\s*27:1-27:15\s+error\s+PDF\/UA: figure `chart\.svg` has no alternate text[^\n]*missing-alt/);
  assert.equal(statusOf(r, 'water'), 'failed', r.stderr);
  assert.equal(statusOf(r, 'sanctions'), 'failed', r.stderr);
  assert.match(r.stderr, /collection quarterly-review failed/);
  // `check` says the same, without a browser.
  const checked = await cli(['check', 'collection.yaml'], { cwd: broken });
  assert.equal(checked.code, 1, checked.stderr);
  assert.match(checked.stderr, /sanctions\.md\n\s*13:44-13:53\s+error\s+Citation key `pape1979`/);
});

test('collection.yaml problems are errors at the field\'s line and column', () => {
  const bad = tempDir('briefpress-collection-yaml-');
  cpSync(FIXTURE, bad, { recursive: true });
  writeFileSync(join(bad, 'c.yaml'), 'title: X\nbriefs:\n  - energy.md\n  - nowhere.md\n  - ../outside.md\n');
  const { collection, file } = loadCollection(join(bad, 'c.yaml'));
  assert.equal(collection, undefined);
  assert.deepEqual(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`), [
    '4:5 collection Collection field `briefs.1`: no file `nowhere.md`',
    '5:5 collection Collection field `briefs.2`: no file `../outside.md`',
  ]);
  writeFileSync(join(bad, 'c.yaml'), 'title: X\nbibliography: joined\nbriefs: [energy.md]\n');
  assert.deepEqual(loadCollection(join(bad, 'c.yaml')).file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`), ['2:1 Collection field `bibliography`: Expected `per-brief` or `merged`']);
});

test('watch -- collection.yaml: a save re-renders that brief alone and re-prints the volume; a broken brief is reported at its line', { timeout: 180_000 }, async () => {
  const watched = tempDir('briefpress-collection-watch-');
  cpSync(FIXTURE, watched, { recursive: true });
  const child = spawn(process.execPath, [CLI, 'watch', 'collection.yaml'], { cwd: watched, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waitFor = async (pattern: RegExp, from: number) => {
    for (let i = 0; i < 1200 && !pattern.test(stderr.slice(from)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(stderr.slice(from), pattern);
  };
  const parts = () => {
    const folder = join(watched, '.briefpress-cache', 'collections');
    return new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).mtimeMs]));
  };
  try {
    await waitFor(/Watching for changes/, 0);
    const before = parts();
    let from = stderr.length;
    appendFileSync(join(watched, 'energy.md'), '\nStorage fell again in February [@iea2023, p. 60].\n');
    await waitFor(/rebuilt 1 of 1 brief in \d+ ms after a change to energy\.md[\s\S]*quarterly-review\s+built/, from);
    const after = parts();
    assert.equal(after.size, 3);
    assert.equal([...after].filter(([f, t]) => before.get(f) !== t).length, 1, 'one brief made again, two from the cache');

    from = stderr.length;
    writeFileSync(join(watched, 'sanctions.md'), readFileSync(join(watched, 'sanctions.md'), 'utf8').replace('[@pape1997]', '[@pape1979]'));
    await waitFor(/quarterly-review\s+failed/, from);
    assert.match(stderr.slice(from), /sanctions\.md\n\s*13:44-13:53\s+error\s+Citation key `pape1979`/);
    assert.equal(child.exitCode, null, 'the watcher keeps running after an error');
  } finally {
    const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode)));
    child.kill('SIGTERM');
    // The watcher closes its browser before it exits.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
