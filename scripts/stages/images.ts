/**
 * Stage 5c, EPUB images. epubcheck 4.2.6 (EPUB 3.2) wants a fallback for WebP,
 * and e-readers choke on very large pictures, so each WebP image, and each
 * raster image over MAX_IMAGE_SIDE px or MAX_IMAGE_BYTES, is re-encoded with
 * the run's Chromium (an element screenshot of the image, scaled to fit
 * EPUB_IMAGE_SIDE, on a blank page with JavaScript off and every network
 * request refused): PNG, or JPEG for a JPEG. The copies live in a temporary
 * folder until the EPUB is packed; `cleanup` removes it. The PDF keeps the
 * originals. Written by hand on the browser already running rather than with
 * an image library, which would bring native code (sharp) or a slow decoder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';
import { imageSize } from 'image-size';
import { inFrontTab, openPage } from '../lib/browser.ts';
import { MAX_IMAGE_BYTES, MAX_IMAGE_SIDE } from '../lib/resources.ts';
import type { RenderedBrief } from './render.ts';

/** Longest side of an image re-encoded for the EPUB, in px. */
export const EPUB_IMAGE_SIDE = 1600;

/** Point WebP and oversized file:// images of the EPUB sections at re-encoded copies. */
export async function convertEpubImages(browser: Browser, rendered: RenderedBrief): Promise<{ rendered: RenderedBrief; cleanup: () => Promise<void> }> {
  const toConvert = new Set<string>();
  for (const section of rendered.sections) {
    for (const url of imageUrls(section.body)) {
      if (!/^file:\/\/.+\.(?:webp|png|jpe?g|gif)$/i.test(url) || toConvert.has(url)) continue;
      if (/\.webp$/i.test(url) || (await oversized(url))) toConvert.add(url);
    }
  }
  if (toConvert.size === 0) return { rendered, cleanup: async () => undefined };
  const workDir = await mkdtemp(join(tmpdir(), 'briefpress-img-'));
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  try {
    const converted = new Map<string, string>();
    let n = 0;
    for (const url of toConvert) {
      const jpeg = /\.jpe?g$/i.test(url);
      const out = join(workDir, `image-${n++}.${jpeg ? 'jpg' : 'png'}`);
      await reencode(browser, await readFile(fileURLToPath(url)), out, jpeg ? 'jpeg' : 'png');
      converted.set(url, pathToFileURL(out).href);
    }
    const sections = rendered.sections.map((section) => {
      const body = structuredClone(section.body);
      visit(body, 'element', (el: Element) => {
        const src = el.tagName === 'img' ? converted.get(String(el.properties.src)) : undefined;
        if (src) el.properties.src = src;
      });
      return { ...section, body };
    });
    return { rendered: { ...rendered, sections }, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The `src` of every image in a tree. */
function imageUrls(tree: Root): string[] {
  const urls: string[] = [];
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'img' && typeof el.properties.src === 'string') urls.push(el.properties.src);
  });
  return urls;
}

async function oversized(url: string): Promise<boolean> {
  try {
    const bytes = await readFile(fileURLToPath(url));
    const size = imageSize(bytes);
    return bytes.byteLength > MAX_IMAGE_BYTES || (size.width ?? 0) > MAX_IMAGE_SIDE || (size.height ?? 0) > MAX_IMAGE_SIDE;
  } catch {
    return false;
  }
}

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

async function reencode(browser: Browser, bytes: Uint8Array, path: string, type: 'png' | 'jpeg'): Promise<void> {
  const size = imageSize(bytes);
  const scale = Math.min(1, EPUB_IMAGE_SIDE / Math.max(size.width ?? 1, size.height ?? 1));
  const width = Math.max(1, Math.round((size.width ?? 1) * scale));
  const height = Math.max(1, Math.round((size.height ?? 1) * scale));
  const page = await openPage(browser);
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      void (request.url().startsWith('data:') ? request.continue() : request.abort('blockedbyclient')).catch(() => undefined);
    });
    const src = `data:${MIME[size.type ?? ''] ?? 'image/png'};base64,${Buffer.from(bytes).toString('base64')}`;
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><img id="i" src="${src}" style="display:block;width:${width}px;height:${height}px"></body></html>`, { waitUntil: 'load', timeout: 30_000 });
    const img = await page.$('#i');
    const box = await img?.boundingBox();
    if (!img || !box || box.width === 0) throw new Error('Image could not be decoded');
    await inFrontTab(page, async () => {
      await page.setViewport({ width, height, deviceScaleFactor: 1 });
      await img.screenshot({ path: path as `${string}.png`, type, ...(type === 'jpeg' ? { quality: 85 } : { omitBackground: true }) });
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}
