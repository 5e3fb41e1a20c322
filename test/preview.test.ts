/**
 * Live preview (`watch --serve`) as a child process, driven in headless
 * Chromium: an edit shows without a manual reload; a missing key shows an
 * overlay with file:line:col; the server listens on 127.0.0.1 only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer';
import { findChromium, LAUNCH_ARGS } from '../scripts/lib/browser.ts';
import { CLI, ROOT, tempDir } from './helpers.ts';

test('watch --serve reloads the page after an edit and shows check errors over it', { timeout: 240_000 }, async () => {
  const dir = tempDir();
  const md = join(dir, 'kerman-attack.md');
  copyFileSync(join(ROOT, 'content', 'kerman-attack.md'), md);
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, 'watch', '.', '--out', 'out', '--serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: [...LAUNCH_ARGS], headless: true });
  try {
    const started = Date.now();
    while (!/preview at (http:\/\/127\.0\.0\.1:\d+\/)/.test(stderr)) {
      assert.ok(Date.now() - started < 90_000, `no preview URL; stderr:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const url = /preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!;
    const page = await browser.newPage();
    await page.goto(`${url}kerman-attack.html`, { waitUntil: 'domcontentloaded' });
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'The Kerman Bombing: Why Daesh Turned on Iran');
    // Only the served page has the reload script; the written edition has none.
    assert.doesNotMatch(readFileSync(join(dir, 'out', 'kerman-attack.html'), 'utf8'), /<script/i);

    appendFileSync(md, '\nA freshly typed closing sentence [@amaq2024].\n');
    await page.waitForFunction(() => document.body.textContent?.includes('A freshly typed closing sentence'), { timeout: 90_000 });

    const lines = readFileSync(md, 'utf8').split('\n').length;
    appendFileSync(md, 'A claim with a key that is nowhere [@nosuchkey2099].\n');
    await page.waitForSelector('.bp-overlay', { timeout: 90_000 });
    const overlay = await page.$eval('.bp-overlay', (el) => el.textContent ?? '');
    assert.match(overlay, new RegExp(`kerman-attack\\.md:${lines}:\\d+`), overlay);
    assert.match(overlay, /nosuchkey2099/);
    // The last good edition is still underneath.
    assert.ok(await page.evaluate(() => document.body.textContent?.includes('A freshly typed closing sentence')));
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await exited;
  }
});
