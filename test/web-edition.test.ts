/**
 * The web edition (`--formats pdf,epub,html`): one self-contained page per
 * brief, checked in the real Chromium with axe-core, for requests, for links
 * that resolve, and for overflow on a phone-sized screen.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer';
import { AxePuppeteer } from '@axe-core/puppeteer';
import { findChromium, LAUNCH_ARGS } from '../scripts/lib/browser.ts';
import { cli, SAMPLE, tempDir } from './helpers.ts';

const ARABIC = join('test', 'fixtures', 'briefs', 'arabic.md');
const TABLE = join('test', 'fixtures', 'briefs', 'long-table.md');
const out = tempDir();
const built = cli(['build', SAMPLE, ARABIC, TABLE, '--out', out, '--formats', 'pdf,epub,html']);
/** Screenshots, kept for a person to look at. */
export const SHOTS = tempDir('briefpress-web-shots-');

let browser: Browser | undefined;
async function openBrowser(): Promise<Browser> {
  browser ??= await puppeteer.launch({ executablePath: findChromium(), args: [...LAUNCH_ARGS], headless: true });
  return browser;
}
test.after(async () => {
  await browser?.close();
});

for (const slug of ['kerman-attack', 'arabic', 'long-table']) {
  test(`${slug}.html: no script, lang and dir, the contents as a nav, every in-page link resolves`, async () => {
    const result = await built;
    assert.equal(result.code, 0, result.stderr);
    const html = readFileSync(join(out, `${slug}.html`), 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no event handler attributes');
    const dir = slug === 'arabic' ? 'rtl' : 'ltr';
    assert.match(html, new RegExp(`<html lang="${slug === 'arabic' ? 'ar' : 'en[^"]*'}" dir="${dir}">`));
    assert.match(html, /<meta name="viewport"/);
    assert.doesNotMatch(html, /url\((?!data:)/, 'every font is inlined');
    assert.doesNotMatch(html, /<img[^>]+src="(?!data:)/, 'every image is inlined');
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/\shref="#([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    assert.ok(targets.length > 0);
    assert.deepEqual(targets.filter((t) => !ids.has(t)), [], 'in-page links without a target');
    if (slug !== 'arabic') {
      assert.match(html, /<nav class="toc" aria-labelledby="toc-title">/);
      assert.ok(targets.some((t) => t.startsWith('ref-')), 'citations link to the references');
    }
  });

  test(`${slug}.html: axe-core finds no violation, no request leaves the page, nothing overflows a phone screen`, async () => {
    await built;
    const b = await openBrowser();
    const page = await b.newPage();
    const url = pathToFileURL(join(out, `${slug}.html`)).href;
    const requests: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const u = request.url();
      if (u !== url && !u.startsWith('data:')) requests.push(u);
      void (u === url || u.startsWith('data:') ? request.continue() : request.abort('blockedbyclient'));
    });
    try {
      await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
      await page.goto(url, { waitUntil: 'load' });
      assert.deepEqual(requests, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(overflow <= 390, `the page is ${overflow} px wide on a 390 px screen`);
      await page.screenshot({ path: join(SHOTS, `${slug}-390.png`) as `${string}.png`, fullPage: false });
      const results = await new AxePuppeteer(page).analyze();
      assert.ok(results.passes.length > 10, 'axe ran its rules');
      assert.deepEqual(results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), []);
      await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
      await page.screenshot({ path: join(SHOTS, `${slug}-1280.png`) as `${string}.png`, fullPage: false });
      const wide = await new AxePuppeteer(page).analyze();
      assert.deepEqual(wide.violations.map((v) => `${v.impact} ${v.id}`), []);
    } finally {
      await page.close();
    }
  });
}

test('the manifest records the web edition: a rebuild skips, a deleted page is rebuilt, the default writes none', async () => {
  await built;
  const again = await cli(['build', SAMPLE, '--out', out, '--formats', 'pdf,epub,html']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /kerman-attack\s+skipped/);
  rmSync(join(out, 'kerman-attack.html'));
  const rebuilt = await cli(['build', SAMPLE, '--out', out, '--formats', 'pdf,epub,html']);
  assert.match(rebuilt.stderr, /kerman-attack\s+built/);
  assert.ok(existsSync(join(out, 'kerman-attack.html')));
  const plain = tempDir();
  const byDefault = await cli(['build', SAMPLE, '--out', plain]);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.ok(existsSync(join(plain, 'kerman-attack.pdf')) && existsSync(join(plain, 'kerman-attack.epub')));
  assert.ok(!existsSync(join(plain, 'kerman-attack.html')));
});
