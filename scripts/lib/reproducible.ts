/**
 * Reproducible outputs. Two prints of the same HTML by Chromium differ only in
 * the Info dictionary's `/CreationDate` and `/ModDate` (the print time; no
 * `/ID`, no XMP packet): lib/pdf-metadata.ts sets both to the build's fixed
 * date. The EPUB gets fixed zip dates and stable names in stages/epub.ts.
 */

/** Number of pages of a PDF written without object streams (Chromium, pdf-lib as we call it). */
export function pdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
