/** End to end: the sample brief through the real Chromium and EPUB writer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, epubcheck, pdffonts, pdfinfo, pdftotext, requireTool, SAMPLE, ROOT, tempDir } from './helpers.ts';

const out = tempDir();
const built = cli(['build', SAMPLE, '--out', out]);

test('the sample brief builds to a PDF and an EPUB', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(join(out, 'kerman-attack.pdf')));
  assert.ok(existsSync(join(out, 'kerman-attack.epub')));
});

test('the EPUB passes epubcheck with no messages', async (t) => {
  await built;
  if (!requireTool(t, 'epubcheck')) return;
  const messages = await epubcheck(join(out, 'kerman-attack.epub'));
  assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message}`), []);
});

test('the PDF is tagged, titled, A4, with every font embedded', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(out, 'kerman-attack.pdf');
  const info = pdfinfo(pdf);
  assert.equal(info.Tagged, 'yes');
  assert.equal(info.Title, 'The Kerman Bombing: Why Daesh Turned on Iran');
  assert.match(info['Page size'] ?? '', /A4/);
  const fonts = pdffonts(pdf);
  assert.ok(fonts.length >= 3, 'expected the bundled faces');
  assert.deepEqual(fonts.filter((f) => !f.embedded), []);
  assert.ok(fonts.some((f) => /SourceSerif4/.test(f.name)), 'the bundled serif is used');
});

test('the PDF text has the headings, rendered citations, References and page numbers', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const text = pdftotext(join(out, 'kerman-attack.pdf'));
  for (const heading of ['What Is Daesh’s Perspective on Iran?', 'Multiple Motives', 'References']) {
    assert.ok(text.includes(heading), `missing heading ${heading}`);
  }
  assert.match(text, /\(Islamic State 2024\)/);
  assert.match(text, /\(United Nations Security Council 2023\)/);
  assert.match(text, /Zawahiri, Ayman al-\. 2005\./);
  const pages = Number(pdfinfo(join(out, 'kerman-attack.pdf')).Pages);
  assert.ok(pages >= 2);
  assert.match(text, new RegExp(`(^|\\n)2\\s*/\\s*${pages}(\\n|$)`));
  // The bold lead-ins keep their wording.
  assert.ok(text.includes('Undermining the Iranian-Sunni Alliance:'));
});

test('a missing citation key fails check and build with file:line:col, and writes nothing', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'refs.bib'));
  const md = join(dir, 'bad.md');
  writeFileSync(md, '---\ntitle: Bad\nbibliography: refs.bib\nnocite: ["@*"]\n---\n\nA claim [@amaq2024].\n\nAnother claim [see @nosuch, p. 4].\n');
  const checked = await cli(['check', md], { cwd: dir });
  assert.equal(checked.code, 1);
  assert.match(checked.stderr, /bad\.md\n\s*9:20-9:27\s+error\s+Citation key `nosuch` is in no bibliography\s+missing-reference\s+briefpress/);
  const outDir = join(dir, 'out');
  const build = await cli(['build', md, '--out', outDir], { cwd: dir });
  assert.equal(build.code, 1);
  assert.match(build.stderr, /9:20-9:27\s+error/);
  assert.ok(!existsSync(join(outDir, 'bad.pdf')));
  assert.ok(!existsSync(join(outDir, 'bad.epub')));
});

test('usage errors exit 2 and --help lists the options', async () => {
  const bad = await cli(['build', '--nope']);
  assert.equal(bad.code, 2);
  const missing = await cli(['check', 'no/such/file.md']);
  assert.equal(missing.code, 2);
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  for (const option of ['--out', '--strict', '--reporter']) assert.ok(help.stdout.includes(option));
});

test('without a browser the build says what is missing and how to install it; doctor reports it', async () => {
  const env = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };
  const dir = tempDir();
  const result = await cli(['build', SAMPLE, '--out', dir], { env });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /No Chromium or Chrome was found/);
  assert.match(result.stderr, /apt-get install chromium/);
  assert.match(result.stderr, /npx puppeteer browsers install chrome/);
  assert.ok(!existsSync(join(dir, 'kerman-attack.pdf')));
  const doctor = await cli(['doctor'], { env });
  assert.equal(doctor.code, 1);
  assert.match(doctor.stdout, /✗ browser \(build\)\s+missing/);
  assert.match(doctor.stdout, /(✓|✗) epubcheck \(tests\)/);
  // `check` needs no browser at all.
  const check = await cli(['check', SAMPLE], { env });
  assert.equal(check.code, 0, check.stderr);
});
