/**
 * Stage 5a, print PDF: Chromium prints the rendered HTML. The page runs with
 * JavaScript off, and every request is answered from the build's own files
 * (the brief's folder, the template, the bundled fonts) or blocked.
 */
import { readFile, realpath } from 'node:fs/promises';
import { sep, resolve, extname } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import type { RenderedBrief } from './render.ts';
import type { Template } from '../lib/template.ts';
import { fontFile } from '../lib/fonts.ts';

/** The made-up origin the document is served from (never reaches a network). */
export const ORIGIN = 'http://briefpress.invalid';

const TYPES: Record<string, string> = {
  '.css': 'text/css', '.woff2': 'font/woff2', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.html': 'text/html',
};

export interface PrintResult {
  pdf: Uint8Array;
  /** URLs the document asked for that were refused. */
  blocked: string[];
}

/** Print one brief to PDF on a fresh page of the given browser. */
export async function printPdf(
  browser: Browser,
  rendered: RenderedBrief,
  options: { briefDir: string; template: Template; timeout?: number },
): Promise<PrintResult> {
  const page = await browser.newPage();
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
export async function printPdfOnPage(
  page: Page,
  rendered: RenderedBrief,
  options: { briefDir: string; template: Template; timeout?: number },
): Promise<PrintResult> {
  const timeout = options.timeout ?? 60_000;
  const blocked: string[] = [];
  const onRequest = (request: HTTPRequest) => {
    void answer(request, rendered, options, blocked);
  };
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', onRequest);
    await page.goto(`${ORIGIN}/index.html`, { waitUntil: 'load', timeout });
    await page.evaluate('document.fonts.ready.then(() => true)');
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: true,
      timeout,
    });
    return { pdf, blocked };
  } finally {
    page.off('request', onRequest);
  }
}

async function answer(
  request: HTTPRequest,
  rendered: RenderedBrief,
  options: { briefDir: string; template: Template },
  blocked: string[],
): Promise<void> {
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
    if (path === '/index.html') body = rendered.printHtml;
    else if (path === '/fonts.css') body = options.template.fontsCss;
    else if (path.startsWith('/fonts/')) body = await readFont(path.slice('/fonts/'.length));
    else if (path.startsWith('/template/')) body = await readInside(options.template.dir, path.slice('/template/'.length));
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
  const realRoot = await realpath(root);
  const target = await realpath(resolve(root, relativePath)).catch(() => undefined);
  if (!target || (target !== realRoot && !target.startsWith(realRoot + sep))) return undefined;
  return readFile(target);
}

