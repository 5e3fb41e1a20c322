/**
 * Stage 5c, EPUB images: epubcheck 4.2.6 (EPUB 3.2) wants a fallback for WebP,
 * so each WebP image of the EPUB is converted to PNG with the run's Chromium
 * (an element screenshot of the image on a blank page with JavaScript off and
 * every network request refused). The PNGs live in a temporary folder until the
 * EPUB is packed; `cleanup` removes it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { inFrontTab } from '../lib/browser.ts';
import type { RenderedBrief } from './render.ts';

/** Rewrite WebP file:// images of the EPUB sections to converted PNGs. */
export async function convertEpubImages(browser: Browser, rendered: RenderedBrief): Promise<{ rendered: RenderedBrief; cleanup: () => Promise<void> }> {
  const webps = new Set<string>();
  for (const section of rendered.sections) {
    for (const m of section.html.matchAll(/src="(file:\/\/[^"]+\.webp)"/gi)) webps.add(m[1]!);
  }
  if (webps.size === 0) return { rendered, cleanup: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'briefpress-img-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const converted = new Map<string, string>();
    let n = 0;
    for (const url of webps) {
      const png = join(dir, `image-${n++}.png`);
      await toPng(browser, await readFile(fileURLToPath(url.replace(/&amp;/g, '&'))), png);
      converted.set(url, pathToFileURL(png).href);
    }
    const sections = rendered.sections.map((s) => ({
      ...s,
      html: s.html.replace(/src="(file:\/\/[^"]+\.webp)"/gi, (all, url: string) => `src="${converted.get(url) ?? url}"`),
    }));
    return { rendered: { ...rendered, sections }, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function toPng(browser: Browser, webp: Uint8Array, path: string): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      void (request.url().startsWith('data:') ? request.continue() : request.abort('blockedbyclient')).catch(() => undefined);
    });
    const src = `data:image/webp;base64,${Buffer.from(webp).toString('base64')}`;
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><img id="i" src="${src}" style="display:block"></body></html>`, { waitUntil: 'load', timeout: 30_000 });
    const img = await page.$('#i');
    const box = await img?.boundingBox();
    if (!img || !box || box.width === 0) throw new Error('WebP image could not be decoded');
    await inFrontTab(page, async () => {
      await page.setViewport({ width: Math.ceil(box.width), height: Math.ceil(box.height), deviceScaleFactor: 1 });
      await img.screenshot({ path: path as `${string}.png`, omitBackground: true, type: 'png' });
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}
