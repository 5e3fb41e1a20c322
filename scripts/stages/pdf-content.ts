/**
 * A page's content stream as text, and back: for the rewrites of Chromium's
 * PDF done with pdf-lib after printing (stages/pdf-mark-order.ts,
 * stages/pdf-artifacts.ts) and for the read-back check (stages/verify.ts).
 * Content streams are Latin-1 bytes (binary strings stay as they are).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFPage } from 'pdf-lib';

/**
 * pdf-lib yields to the event loop every 100 objects it parses and every 50 it
 * writes, with setTimeout(0): at least 1 ms each, some 60 ms of waiting for a
 * 20-page PDF of 1,500 objects. Every 1,000 objects still lets the other
 * briefs of a batch (and Chromium's requests) through now and then.
 */
export const OBJECTS_PER_TICK = 1000;

function streams(doc: PDFDocument, page: PDFPage): { refs: unknown[]; streams: PDFStream[] } | undefined {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const found = refs.map((r) => doc.context.lookup(r));
  return found.every((s): s is PDFStream => s instanceof PDFStream) ? { refs, streams: found } : undefined;
}

/**
 * A stream's decoded bytes. Chromium compresses every stream with Flate and no
 * parameters: those are inflated by Node's zlib, four times faster than
 * pdf-lib's JavaScript inflater (which still reads any other filter).
 */
export function streamBytes(stream: PDFStream): Uint8Array {
  if (!(stream instanceof PDFRawStream)) return stream.getContents();
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

/** The page's content (all its streams, one after the other), or undefined if it cannot be read. */
export function pageContent(doc: PDFDocument, page: PDFPage): string | undefined {
  const found = streams(doc, page);
  if (!found) return undefined;
  return found.streams.map((s) => Buffer.from(streamBytes(s)).toString('latin1')).join('\n');
}

/** Replace the page's content with one compressed stream; the old streams leave the file. */
export function setPageContent(doc: PDFDocument, page: PDFPage, content: string): void {
  const old = streams(doc, page)?.refs ?? [];
  // Node's zlib rather than pdf-lib's flateStream (pako, JavaScript): the
  // same Flate at the same level, three times faster; a 20-page PDF spent
  // some 50 ms of each build compressing its rewritten pages.
  const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  // pdf-lib writes every object it holds: the old streams would stay in the file, unused.
  for (const ref of old) if (ref instanceof PDFRef) doc.context.delete(ref);
}

/**
 * Rewrite every page's content with `rewrite` (which returns the new content
 * and how many things it changed); a page where nothing changed keeps its
 * streams as Chromium wrote them. Returns the total changed.
 */
export function rewritePages(doc: PDFDocument, rewrite: (content: string, page: PDFPage) => { content: string; changed: number }): number {
  let total = 0;
  for (const page of doc.getPages()) {
    const content = pageContent(doc, page);
    if (content === undefined) continue;
    const result = rewrite(content, page);
    if (result.changed === 0) continue;
    total += result.changed;
    setPageContent(doc, page, result.content);
  }
  return total;
}
