/** Unit tests of the hardening helpers: link and image checks, sanitizing, stale temp files. */
import { DEFAULT_SEVERITY } from '../scripts/lib/rules.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { checkImage, checkLink } from '../scripts/lib/resources.ts';
import { slug } from '../scripts/plugins/rehype-heading-ids.ts';
import { parse } from '../scripts/stages/parse.ts';
import { check } from '../scripts/stages/check.ts';
import { render } from '../scripts/stages/render.ts';
import { loadTemplate } from '../scripts/lib/template.ts';
import { mergeBibliographies } from '../scripts/lib/bibliography.ts';
import { writeAtomic } from '../scripts/lib/write.ts';
import { tempDir } from './helpers.ts';
import { PNG } from './fixtures.ts';

const dir = tempDir();
writeFileSync(join(dir, 'ok.png'), PNG);
writeFileSync(join(dir, 'notes.txt'), 'x');
mkdirSync(join(dir, 'sub'));
symlinkSync('/etc/hostname', join(dir, 'sub', 'host.txt'));

test('checkLink: what is fine, what is an invalid link, what is a broken one', () => {
  const ids = new Set(['part-one']);
  const ctx = { briefDir: dir, ids };
  assert.deepEqual(checkLink('#part-one', ctx), { ok: true, kind: 'fragment', href: '#part-one' });
  assert.deepEqual(checkLink('https://example.com/café?x=<1>', ctx), { ok: true, kind: 'web', href: 'https://example.com/caf%C3%A9?x=%3C1%3E' });
  assert.equal(checkLink('notes.txt', ctx).ok, true);
  const warn = (href: string) => {
    const r = checkLink(href, ctx);
    assert.ok(!r.ok && DEFAULT_SEVERITY[r.ruleId] === 'warning' && r.ruleId === 'invalid-link', `${href}: ${JSON.stringify(r)}`);
  };
  // A target that is not there or not the brief's: broken-link (a warning by default, since nothing is followed).
  const broken = (href: string) => {
    const r = checkLink(href, ctx);
    assert.ok(!r.ok && r.ruleId === 'broken-link', `${href}: ${JSON.stringify(r)}`);
  };
  warn('#nowhere');
  warn('%5B@key%5D'); // `[text]([@key])` as remark-rehype writes it
  warn('https://');
  warn('https://example.com/two words'); // an unescaped space: probably a typo
  warn('/en/lessons/intro-to-bash'); // a site path in a document written for a web site
  warn('//example.com/page');
  broken('chapter-2.md');
  broken('../outside.md');
  broken('file:///etc/passwd');
  broken('sub/host.txt'); // a symlink out of the folder
});

test('checkImage: remote, file:, escapes, missing, corrupt, unsupported', () => {
  assert.equal(checkImage('ok.png', dir).ok, true);
  const rule = (src: string) => {
    const r = checkImage(src, dir);
    assert.ok(!r.ok && DEFAULT_SEVERITY[r.ruleId] === 'error', src);
    return r.ok ? '' : r.ruleId;
  };
  assert.equal(rule('https://example.com/x.png'), 'remote-image');
  assert.equal(rule('//example.com/x.png'), 'remote-image');
  assert.equal(rule('file:///etc/passwd'), 'unsafe-content');
  assert.equal(rule('/etc/passwd'), 'unsafe-content');
  assert.equal(rule('../../etc/passwd'), 'unsafe-content');
  assert.equal(rule('sub/host.txt'), 'unsafe-content');
  assert.equal(rule('data:image/png;base64,AAAA'), 'missing-image');
  assert.equal(rule('nope.png'), 'missing-image');
  assert.equal(rule('notes.txt'), 'missing-image');
});

test('checkImage: SVGs with scripts or outside references are refused; big images are warned about', () => {
  writeFileSync(join(dir, 'fine.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9" fill="url(#g)"/></svg>');
  writeFileSync(join(dir, 'remote.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="http://127.0.0.1:1/x.png"/></svg>');
  writeFileSync(join(dir, 'script.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>fetch("x")</script></svg>');
  assert.equal(checkImage('fine.svg', dir).ok, true);
  for (const name of ['remote.svg', 'script.svg']) {
    const r = checkImage(name, dir);
    assert.ok(!r.ok && r.ruleId === 'unsafe-content', name);
  }
  // A PNG header that says 3000×10 px: image-size reads only the header.
  const big = Buffer.from(PNG);
  big.writeUInt32BE(3000, 16);
  writeFileSync(join(dir, 'big.png'), big);
  const r = checkImage('big.png', dir);
  assert.ok(r.ok && r.warnings.some((w) => /3000×1 px/.test(w)), JSON.stringify(r));
});

test('the slug used for heading ids also resolves #fragments', () => {
  assert.equal(slug('What Is Daesh’s Perspective on Iran?'), 'what-is-daesh-s-perspective-on-iran');
});

test('check leaves the mdast (and its HTML comments) untouched; render escapes and unwraps links', async () => {
  const file = new VFile({
    path: join(dir, 'brief.md'),
    value: '---\ntitle: T\n---\n\n<!-- cite-ok: a reason -->\nText <a href="https://example.com/café">web</a>, [bad](#nowhere), [file](notes.txt) and [part](#part-one).\n\n## Part One\n',
  });
  const { tree, meta } = await parse(file, { template: 'brief' });
  const before = JSON.stringify(tree);
  const bibliography = mergeBibliographies([], []);
  await check(tree, file, { meta: meta!, bibliography, briefDir: dir });
  assert.equal(JSON.stringify(tree), before);
  assert.ok(tree.children.some((n) => n.type === 'html' && n.value.includes('cite-ok')));
  const html = render({ tree, meta: meta!, file, briefDir: dir, bibliography, template: loadTemplate('brief', { paper: 'A4' })! }).printHtml;
  assert.match(html, /<a href="https:\/\/example\.com\/caf%C3%A9">web<\/a>/);
  assert.match(html, /, bad, file and <a href="#part-one">part<\/a>/);
  assert.doesNotMatch(html, /cite-ok/);
});

test('a write removes stale temp files of builds that were killed', async () => {
  const out = tempDir();
  const stale = join(out, '.x.pdf.tmp-999999999-abcdef');
  const other = join(out, '.y.pdf.tmp-999999999-abcdef');
  writeFileSync(stale, 'partial');
  writeFileSync(other, 'partial');
  await writeAtomic(join(out, 'x.pdf'), 'whole');
  assert.ok(!existsSync(stale));
  assert.ok(existsSync(other), 'only the temp files of the output being written are touched');
  assert.deepEqual(readdirSync(out).sort(), ['.y.pdf.tmp-999999999-abcdef', 'x.pdf']);
});
