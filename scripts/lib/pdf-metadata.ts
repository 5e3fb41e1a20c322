/**
 * Document metadata for the PDF. Chromium writes only the title (from
 * <title>); pdf-lib adds author, subject, keywords and language, and fixes the
 * dates so the same brief gives the same bytes.
 */
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { setXmp } from './pdf-xmp.ts';

export interface PdfMetadata {
  title: string;
  authors: string[];
  subject?: string;
  keywords: string[];
  lang: string;
  date: Date;
}

/** Return the PDF with its Info dictionary and catalog language set. */
export async function setPdfMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.authors.length) doc.setAuthor(meta.authors.join('; '));
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords.length) doc.setKeywords(meta.keywords);
  doc.setCreator('briefpress');
  doc.setProducer('briefpress (Chromium, pdf-lib)');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  // XMP with the PDF/UA-1 identifier (lib/pdf-xmp.ts).
  setXmp(doc, meta);
  // Object streams would hide nothing and gain little; keep the classic layout
  // Chromium wrote so that tagged-PDF readers see the same structure.
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}
