/**
 * Stage 5a, print PDF: Chromium prints the rendered HTML. The page runs with
 * JavaScript off, and every request is answered from the build's own files
 * (the brief's folder, the template, the bundled fonts) or blocked.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { resolve, extname } from 'node:path';
import { realPathInside } from '../lib/inside.ts';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import type { RenderedBrief } from './render.ts';
import { destinationPages } from './pdf-postprocess.ts';
import type { Template } from '../lib/template.ts';
import { fontFile } from '../lib/fonts.ts';
import { inFrontTab, openPage } from '../lib/browser.ts';
import { ORIGIN } from '../lib/origin.ts';
import { placeFootnotes } from './pdf-footnotes.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css', '.woff2': 'font/woff2', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.html': 'text/html',
};

export interface PrintResult {
  pdf: Uint8Array;
  /** The first page (the cover) as a JPEG, for the EPUB. */
  cover?: Uint8Array;
  /** URLs the document asked for that were refused. */
  blocked: string[];
  /** The cover section as laid out (for `pictureCover`), or null when the brief has none. */
  coverSection: CoverSection | null;
}

export interface PrintOptions {
  briefDir: string;
  template: Template;
  /** The house logo file, served as `house/logo.<ext>`. */
  logo?: string;
  /** Also return a picture of the cover. Default false. */
  cover?: boolean;
  timeout?: number;
}

/** Print one brief to PDF on a fresh page of the given browser. */
export async function printPdf(browser: Browser, rendered: RenderedBrief, options: PrintOptions): Promise<PrintResult> {
  const page = await openPage(browser);
  try {
    return await printPdfOnPage(page, rendered, options);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Print one brief on a page that may be reused afterwards (the page pool):
 * its request handler is removed when the print is done.
 */
export async function printPdfOnPage(page: Page, rendered: RenderedBrief, options: PrintOptions): Promise<PrintResult> {
  const timeout = options.timeout ?? 60_000;
  const blocked: string[] = [];
  const current = rendered.printHtml;
  const onRequest = (request: HTTPRequest) => {
    void answer(request, current, options, blocked);
  };
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', onRequest);
    const print = () => page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout });
    await page.goto(`${ORIGIN}/index.html`, { waitUntil: 'load', timeout });
    await page.evaluate('document.fonts.ready.then(() => true)');
    await placeFootnotes(page, (lang) => options.template.strings(lang).notes);
    let pdf = await print();
    // What the laid-out page holds, read in one call rather than by parsing
    // the HTML again here: whether it has a table of contents, and the cover.
    const laidOut = (await page.evaluate(LAID_OUT)) as LaidOut;
    // A table of contents needs page numbers: read where each heading landed
    // in the first print, fill them in (in the page as laid out), and print again.
    if (laidOut.toc) {
      const pages = Object.fromEntries(await destinationPages(pdf));
      await page.evaluate(`(() => { const pages = ${JSON.stringify(pages)}; for (const el of document.querySelectorAll('span.toc-page')) el.textContent = String(pages[el.dataset.for] ?? ''); })()`);
      pdf = await print();
    }
    const cover = options.cover && laidOut.cover ? await coverImage(page, laidOut.cover) : undefined;
    return { pdf, cover, blocked, coverSection: laidOut.cover };
  } finally {
    page.off('request', onRequest);
  }
}

async function answer(request: HTTPRequest, html: string, options: PrintOptions, blocked: string[]): Promise<void> {
  const url = request.url();
  const refuse = () => {
    blocked.push(url);
    return request.abort('blockedbyclient');
  };
  try {
    if (!url.startsWith(`${ORIGIN}/`)) return await refuse();
    const path = decodeURIComponent(new URL(url).pathname);
    // Chromium asks for a favicon on its own; it is not the document's request.
    if (path === '/favicon.ico') return await request.respond({ status: 404, body: '' });
    let body: Uint8Array | string | undefined;
    if (path === '/index.html') body = html;
    else if (path.startsWith('/fonts/')) body = await readFont(path.slice('/fonts/'.length));
    else if (path.startsWith('/house/logo.') && options.logo) body = await readFile(options.logo);
    else body = await readInside(options.briefDir, path.slice(1));
    if (body === undefined) return await refuse();
    await request.respond({ status: 200, contentType: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', body: typeof body === 'string' ? body : Buffer.from(body) });
  } catch {
    await refuse().catch(() => undefined);
  }
}

const fontBytes = new Map<string, Promise<Uint8Array>>();

/** Bundled font files are read once per process (they are package files, fixed for a run). */
function readFont(name: string): Promise<Uint8Array> {
  let bytes = fontBytes.get(name);
  if (!bytes) {
    bytes = readFile(fontFile(name));
    fontBytes.set(name, bytes);
    bytes.catch(() => fontBytes.delete(name));
  }
  return bytes;
}

/** Read a file only if it (after symbolic links) lies inside `root`. */
export async function readInside(root: string, relativePath: string): Promise<Uint8Array | undefined> {
  const target = realPathInside(root, resolve(root, relativePath));
  return target === undefined || target === 'outside' ? undefined : readFile(target);
}


/**
 * A JPEG of the cover of the brief on `page`, as printPdfOnPage left it
 * (its `coverSection`). The build calls it after the print, so that
 * Chromium pictures the cover while Node finishes the PDF.
 */
export async function pictureCover(page: Page, section: CoverSection | null): Promise<Uint8Array | undefined> {
  return section ? coverImage(page, section) : undefined;
}

/** The cover section's box, and the text its picture depends on (its markup and the styles). */
export interface CoverSection {
  x: number;
  y: number;
  width: number;
  height: number;
  markup: string;
}

interface LaidOut {
  toc: boolean;
  cover: CoverSection | null;
}

const LAID_OUT = `(() => {
  const cover = document.querySelector('section.cover');
  const box = cover?.getBoundingClientRect();
  const styles = [...document.querySelectorAll('style')].map((s) => s.textContent).join('\\n');
  return {
    toc: document.querySelector('span.toc-page') !== null,
    cover: cover && box ? { x: box.x, y: box.y, width: box.width, height: box.height, markup: styles + cover.outerHTML } : null,
  };
})()`;

const COVER_BOX = `(() => {
  const box = document.querySelector('section.cover')?.getBoundingClientRect();
  return box ? { x: box.x, y: box.y, width: box.width, height: box.height } : null;
})()`;

const covers = new Map<string, Promise<Uint8Array | undefined>>();

/**
 * A JPEG of the cover section, which fills the first page exactly. The same
 * cover (same styles, same title block) is pictured once per process, so a
 * rebuild after an edit to the text reuses it. The picture is clipped from
 * the view sized to the cover: puppeteer's element screenshot would lay the
 * whole document out again at its full height first (about 50 ms more).
 */
function coverImage(page: Page, cover: CoverSection): Promise<Uint8Array | undefined> {
  const key = createHash('sha256').update(cover.markup).digest('hex');
  let picture = covers.get(key);
  if (!picture) {
    picture = inFrontTab(page, async () => {
      await page.setViewport({ width: Math.ceil(cover.width), height: Math.ceil(cover.height), deviceScaleFactor: 1.6 });
      // Where the cover is in the view at its new size.
      const clip = (await page.evaluate(COVER_BOX)) as { x: number; y: number; width: number; height: number } | null;
      return clip ? page.screenshot({ type: 'jpeg', quality: 88, captureBeyondViewport: false, clip }) : undefined;
    });
    covers.set(key, picture);
    picture.catch(() => covers.delete(key));
  }
  return picture;
}
