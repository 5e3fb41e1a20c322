/**
 * Bad input: each problem is reported at file:line:col, the run exits 1, the
 * other briefs of the batch still build, and out/ keeps the earlier outputs of
 * the failed briefs byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, epubcheck, requireTool, tempDir } from './helpers.ts';
import { BMP, PNG, SVG, WEBP, front, sampleBib, write } from './fixtures.ts';

const dir = tempDir();
const out = join(dir, 'out');
sampleBib(dir);
const GOOD = ['good', 'warnings', 'links'];
write(dir, {
  'ok.png': PNG,
  'pic.webp': WEBP,
  'pic.svg': SVG,
  'pic.jpg': Buffer.from('ffd8ffe000104a46494600', 'hex'), // a JPEG header cut short: corrupt
  'pic.bmp': BMP,
  'broken.bib': '@book{a,\n  title = {X},\n  author = {Y\n\n@article{b, title={Z}}\n',
  'bad-yaml.md': '---\ntitle: [unclosed\nlang: en\n---\n\nText.\n',
  'bad-type.md': '---\ntitle: Types\ntoc: maybe\nauthor: 42\n---\n\nText.\n',
  'no-title.md': '---\nlang: en\n---\n\nText.\n',
  'no-front.md': 'Just text, no front matter.\n',
  'missing-bib.md': '---\ntitle: Missing bib\nbibliography: nowhere.bib\n---\n\nText [@amaq2024].\n',
  'broken-bib.md': '---\ntitle: Broken bib\nbibliography: broken.bib\n---\n\nText.\n',
  'latin1.md': Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\n---\n\nText.\n')]),
  'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00]),
  'empty.md': '  \n\n',
  'bad-template.md': front('Template', 'template: fancy\n') + 'Text.\n',
  'bad-style.md': front('Style', 'csl: no-such-style\n') + 'Text.\n',
  'images.md': front('Images') + '![Missing](nope.png)\n\n![Corrupt](pic.jpg)\n\n![Bitmap](pic.bmp)\n\n![Remote](https://example.com/a.png)\n',
  'links.md': front('Links') + '## Part\n\nSee [the chapter](chapter-2.md) and [up](../../etc/passwd).\n',
  'good.md': front('Good') + 'Text [@amaq2024] with ![A dot](ok.png), ![A webp](pic.webp) and ![An SVG](pic.svg).\n\n## Part One\n\nSee [Part One](#part-one), [a site](https://example.com/a%20b?q=1&r=2) and [the bibliography](refs.bib).[^1]\n\n[^1]: A note.\n',
  'warnings.md': front('Warnings') + 'An image without alt: ![](ok.png).\n\nLinks: [a typo](#nowhere), [a citation]([@amaq2024]), [bad](https://exa mple.com).\n\n<span onclick="x()">text</span> ![A webp](pic.webp) ![An SVG](pic.svg) [a site](https://example.com/caf%C3%A9?q=1&r=2) [the bibliography](refs.bib)\n\n## Part\n\nSee [Part](#part).[^1]\n\n[^1]: A note.\n',
});
const briefs = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
// Earlier outputs of every brief: those that fail must keep them untouched.
mkdirSync(out);
const before = new Map<string, Buffer>();
for (const name of briefs) {
  for (const ext of ['pdf', 'epub']) {
    const file = `${name.replace(/\.md$/, '')}.${ext}`;
    const bytes = Buffer.from(`earlier ${file}\n`);
    writeFileSync(join(out, file), bytes);
    before.set(file, bytes);
  }
}
const checked = cli(['check', dir, '--reporter', 'json'], { cwd: dir });
const built = cli(['build', dir, '--out', out], { cwd: dir });

type Row = { file: string; line: number | null; column: number | null; severity: string; ruleId: string; message: string };
const rows = checked.then((r) => JSON.parse(r.stdout) as Row[]);
const of = async (name: string) => (await rows).filter((r) => r.file.endsWith(name));
const has = async (name: string, line: number | null, severity: string, ruleId: string, message: RegExp) => {
  const found = (await of(name)).find((r) => r.ruleId === ruleId && r.severity === severity && (line === null || r.line === line) && message.test(r.message));
  assert.ok(found, `${name}: expected ${severity} ${ruleId} at ${line} matching ${message}; got ${JSON.stringify(await of(name), null, 1)}`);
};

test('check reports each bad input at its line and exits 1', async () => {
  assert.equal((await checked).code, 1);
  await has('bad-yaml.md', 3, 'error', 'front-matter', /^Invalid YAML front matter: Flow sequence[^:]*$/);
  await has('bad-type.md', 3, 'error', 'front-matter', /`toc`/);
  await has('bad-type.md', 4, 'error', 'front-matter', /`author`/);
  await has('no-title.md', null, 'error', 'front-matter', /title/);
  await has('no-front.md', null, 'error', 'front-matter', /title/);
  await has('missing-bib.md', 1, 'error', 'missing-bibliography', /nowhere\.bib` does not exist/);
  await has('broken-bib.md', 1, 'error', 'missing-bibliography', /broken\.bib:\d+:\d+/);
  await has('latin1.md', null, 'error', 'input-file', /not valid UTF-8/);
  await has('binary.md', null, 'error', 'input-file', /binary/);
  await has('empty.md', null, 'error', 'input-file', /empty/);
  await has('bad-template.md', 5, 'error', 'unknown-template', /`fancy`/);
  await has('bad-style.md', 5, 'error', 'unknown-style', /`no-such-style`/);
  await has('images.md', 7, 'error', 'missing-image', /`nope\.png` not found/);
  await has('images.md', 9, 'error', 'missing-image', /`pic\.jpg` is corrupt/);
  await has('images.md', 11, 'error', 'missing-image', /BMP, which is not supported/);
  await has('images.md', 13, 'error', 'remote-image', /download it next to the brief and use a relative path/);
  await has('links.md', 9, 'warning', 'broken-link', /`chapter-2\.md` points to a file that does not exist/);
  await has('links.md', 9, 'warning', 'broken-link', /points outside the brief's folder/);
  assert.deepEqual((await of('good.md')).map((r) => r.message), []);
  await has('warnings.md', 7, 'warning', 'image-alt', /no alt text/);
  await has('warnings.md', 9, 'warning', 'invalid-link', /`#nowhere` matches no heading/);
  await has('warnings.md', 9, 'warning', 'invalid-link', /neither a URL nor a file/);
  await has('warnings.md', 11, 'warning', 'unsafe-html', /onclick/);
  assert.ok((await of('warnings.md')).every((r) => r.severity === 'warning'));
});

test('build exits 1, builds the good briefs, and leaves the others\' earlier outputs byte-identical', async () => {
  const result = await built;
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /bad-yaml\.md\n\s*3:\d+\s+error\s+Invalid YAML/);
  assert.match(result.stderr, new RegExp(`${GOOD.length} of ${briefs.length} briefs built`));
  // Besides the outputs, out/ holds the incremental build's manifest.
  const files = readdirSync(out).filter((n) => n !== '.briefpress-manifest.json').sort();
  assert.deepEqual(files, [...before.keys()].sort(), 'no temporary or extra files');
  for (const [file, bytes] of before) {
    const slug = file.replace(/\.(pdf|epub)$/, '');
    if (GOOD.includes(slug)) assert.notDeepEqual(readFileSync(join(out, file)), bytes, `${file} was rebuilt`);
    else assert.deepEqual(readFileSync(join(out, file)), bytes, `${file} is untouched`);
  }
  assert.match(readFileSync(join(out, 'good.pdf')).subarray(0, 5).toString(), /%PDF-/);
});

test('the EPUBs of the good briefs pass epubcheck: images packed, broken links unwrapped', async (t) => {
  await built;
  if (!requireTool(t, 'epubcheck')) return;
  // One Java start per file is slow: check the brief with the broken links (the one at risk of dangling hrefs),
  // with images too.
  const messages = await epubcheck(join(out, 'warnings.epub'));
  assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message}`), []);
});

test('a config with a wrong type is reported at its line', async () => {
  const cfgDir = tempDir();
  sampleBib(cfgDir);
  write(cfgDir, { 'briefpress.config.yaml': 'publisher: Desk\npaper: B5\n', 'a.md': front('A') + 'Text.\n' });
  const result = await cli(['check', 'a.md'], { cwd: cfgDir });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /briefpress\.config\.yaml\n\s*2:1\s+error\s+Config field `paper`: Expected `A4` or `Letter`/);
  assert.ok(!existsSync(join(cfgDir, 'out')));
});
