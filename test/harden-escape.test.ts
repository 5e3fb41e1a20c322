/**
 * Untrusted briefs: every way out (scripts, frames, remote CSS and images,
 * file: URLs, `../` paths, symlinks) is reported, and none reaches the network
 * or the file system outside the brief's folder. A local HTTP server that must
 * receive ZERO requests stands in for the network.
 */
import { defaultConfig } from '../scripts/lib/config.ts';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.ts';
import { PNG, front, sampleBib, write } from './fixtures.ts';
import { launchBrowser } from '../scripts/lib/browser.ts';
import { printPdf } from '../scripts/stages/pdf.ts';
import { ORIGIN } from '../scripts/lib/origin.ts';
import { loadTemplate } from '../scripts/lib/template.ts';
import type { RenderedBrief } from '../scripts/stages/render.ts';

const requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url ?? '');
  res.end('x');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const PORT = (server.address() as AddressInfo).port;
const HOST = `127.0.0.1:${PORT}`;
after(() => server.close());

const root = tempDir();
const dir = join(root, 'brief');
const outside = join(root, 'outside');
mkdirSync(dir);
mkdirSync(outside);
writeFileSync(join(outside, 'secret.png'), PNG);
sampleBib(dir);
write(dir, { 'ok.png': PNG });
symlinkSync(join(outside, 'secret.png'), join(dir, 'linked.png'));

// Only warnings: the brief is printed, with the unsafe parts removed.
const ACTIVE = `${front('Active content')}Intro <span lang="ar" dir="rtl" onclick="fetch('http://${HOST}/onclick')">نص</span> and <bdi>x</bdi>.

<script>fetch('http://${HOST}/script')</script>

<iframe src="http://${HOST}/iframe"></iframe>

<style>@import url(http://${HOST}/import.css); body { background: url(http://${HOST}/bg.png) }</style>

<p style="background: url(http://${HOST}/style-attr.png)">Styled paragraph.</p>

<object data="http://${HOST}/object"></object><embed src="http://${HOST}/embed">

<meta http-equiv="refresh" content="0;url=http://${HOST}/meta">

<link rel="stylesheet" href="http://${HOST}/link.css">

[A script link](javascript:alert(1)) and <a href="data:text/html,<script>alert(1)</script>">a data link</a>.

<img src="ok.png" alt="A dot" onerror="fetch('http://${HOST}/onerror')">

## Section
`;

// Errors: the brief is not printed.
const ESCAPES = `${front('Escapes')}![Remote](http://${HOST}/remote.png)

<img src="http://${HOST}/raw-img.png" alt="raw">

![Passwd](file:///etc/passwd)

[Passwd link](file:///etc/passwd)

![Up](../../outside/secret.png)

![Symlinked](linked.png)
`;
write(dir, { 'active.md': ACTIVE, 'escapes.md': ESCAPES });
const out = join(root, 'out');
const build = cli(['build', join(dir, 'active.md'), join(dir, 'escapes.md'), '--out', out], { cwd: root });

test('active content is removed with unsafe-html warnings at its lines, and the brief still builds', async () => {
  const result = await build;
  assert.equal(result.code, 1, result.stderr); // escapes.md fails
  const stderr = result.stderr;
  const warn = (line: number, text: RegExp) =>
    assert.match(stderr, new RegExp(`\\n\\s*${line}:\\d+(-\\d+:\\d+)?\\s+warning\\s+${text.source}[^\\n]*unsafe-html`), `line ${line}: ${text}`);
  warn(7, /Removed the event handler `onclick` from `<span>`/);
  warn(9, /Removed `<script>`/);
  warn(11, /Removed `<iframe>`/);
  warn(13, /Removed `<style>`/);
  warn(15, /Removed a `style` attribute from `<p>`/);
  warn(17, /Removed `<object>`/);
  warn(17, /Removed `<embed>`/);
  warn(19, /Removed `<meta>`/);
  warn(21, /Removed `<link>`/);
  warn(23, /Removed `href="javascript:alert\(1\)"`/);
  warn(23, /Removed `href="data:text\/html/);
  warn(25, /Removed the event handler `onerror` from `<img>`/);
  assert.match(stderr, /^\s*active\s+built\b/m);
  const pdf = readFileSync(join(out, 'active.pdf')).toString('latin1');
  const epub = readFileSync(join(out, 'active.epub')).toString('latin1');
  assert.ok(!pdf.includes(HOST) && !pdf.includes('javascript:'), 'the PDF holds no trace of the removed URLs');
  assert.ok(epub.includes('PK'));
});

test('escapes are errors at their lines, and that brief is not built', async () => {
  const { stderr } = await build;
  const error = (line: number, rule: string, text: RegExp) =>
    assert.match(stderr, new RegExp(`\\n\\s*${line}:\\d+(-\\d+:\\d+)?\\s+error\\s+${text.source}[^\\n]*${rule}`), `line ${line}: ${text}`);
  error(7, 'remote-image', /Remote image `http:\/\/127\.0\.0\.1:\d+\/remote\.png` is not fetched: download it next to the brief and use a relative path/);
  error(9, 'remote-image', /Remote image `http:\/\/127\.0\.0\.1:\d+\/raw-img\.png`/);
  error(11, 'unsafe-content', /Image `file:\/\/\/etc\/passwd` is a file: URL/);
  assert.match(stderr, /\n\s*13:\d+(-\d+:\d+)?\s+warning\s+Link `file:\/\/\/etc\/passwd` is a file: URL[^\n]*broken-link/);
  error(15, 'unsafe-content', /Image `\.\.\/\.\.\/outside\/secret\.png` points outside the brief's folder/);
  error(17, 'unsafe-content', /Image `linked\.png` is a link to a file outside the brief's folder/);
  assert.match(stderr, /^\s*escapes\s+failed\b/m);
  assert.ok(!existsSync(join(out, 'escapes.pdf')) && !existsSync(join(out, 'escapes.epub')));
});

test('the print page itself refuses the network and files outside the brief (defence in depth)', async () => {
  await build;
  const template = loadTemplate('brief', { paper: 'A4' })!;
  const html = `<!doctype html><html><head><link rel="stylesheet" href="http://${HOST}/head.css"><style>@import url(http://${HOST}/import.css);</style></head><body>
    <img src="http://${HOST}/img.png"><img src="file:///etc/passwd"><img src="../../outside/secret.png"><img src="linked.png"><img src="ok.png">
    <div style="background:url(http://${HOST}/bg.png)">x</div><script>fetch('http://${HOST}/script')</script></body></html>`;
  const rendered = { printHtml: html } as RenderedBrief;
  const session = await launchBrowser();
  try {
    const { blocked } = await printPdf(session.browser, rendered, { briefDir: dir, template });
    // (Chromium does not even ask for file:///etc/passwd from an http page.)
    for (const url of [`http://${HOST}/head.css`, `http://${HOST}/import.css`, `http://${HOST}/img.png`, `http://${HOST}/bg.png`, `${ORIGIN}/linked.png`, `${ORIGIN}/outside/secret.png`]) {
      assert.ok(blocked.includes(url), `${url} blocked; got ${blocked.join(', ')}`);
    }
    assert.ok(!blocked.includes(`${ORIGIN}/ok.png`), 'the brief\'s own image is served');
  } finally {
    await session.close();
  }
});

test('a blocked request maps back to the Markdown line that asked for it', async () => {
  const { checkBrief } = await import('../scripts/build.ts');
  const { render } = await import('../scripts/stages/render.ts');
  write(dir, { 'mapped.md': `${front('Mapped')}Text.\n\n![A dot](ok.png)\n\n<img src="ok.png" alt="Raw dot">\n` });
  const checked = await checkBrief(join(dir, 'mapped.md'), { config: defaultConfig() });
  assert.ok(checked.ok);
  const template = loadTemplate('brief', { paper: 'A4' })!;
  const rendered = render({ tree: checked.tree, meta: checked.meta!, file: checked.brief.file, briefDir: dir, bibliography: checked.bibliography!, template });
  // Both ask for the same URL: the first place is kept.
  assert.equal(rendered.sources.get(`${ORIGIN}/ok.png`)?.start.line, 9);
  // The EPUB is given the image as a file:// URL inside the brief's folder, never a remote or relative one.
  const { toHtml } = await import('../scripts/lib/html.ts');
  const srcs = rendered.sections.flatMap((s) => [...toHtml(s.body).matchAll(/src="([^"]+)"/g)].map((m) => m[1]!));
  assert.ok(srcs.length === 2 && srcs.every((src) => src.startsWith('file://') && src.endsWith('/ok.png')), srcs.join(', '));
});

test('nothing reached the network', async () => {
  await build;
  assert.deepEqual(requests, []);
});
