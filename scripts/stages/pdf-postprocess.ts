/**
 * Stage 5b, after the printer (stages/pdf.ts): everything done to Chromium's
 * PDF with pdf-lib. Reading where each heading landed (for the table of
 * contents), and the document metadata: Chromium writes only the title (from
 * `<title>`); pdf-lib adds author, subject, keywords and language.
 *
 * Reproducible outputs: two prints of the same HTML by Chromium differ only in
 * the Info dictionary's `/CreationDate` and `/ModDate` (the print time; no
 * `/ID`, no XMP packet); both are set to the build's fixed date here, and
 * the XMP packet written here carries the same date. The EPUB
 * gets fixed zip dates and stable names in stages/epub.ts.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from 'pdf-lib';

import { setXmp, type XmpMetadata } from '../lib/pdf-xmp.ts';
import { attachFiles, type PdfAttachment } from './pdf-attachments.ts';
import { drawDraftMark } from './pdf-draft-mark.ts';
import { fontWidths, reorderContent } from './pdf-mark-order.ts';
import { dropSoftHyphens, pageBlanks } from './pdf-soft-hyphens.ts';
import { markArtifacts } from './pdf-artifacts.ts';
import { OBJECTS_PER_TICK, rewritePages } from './pdf-content.ts';

/** The Info dictionary takes what the XMP packet does, plus what else the post-processing adds. */
export interface PdfMetadata extends XmpMetadata {
  /** Files to embed (the evidence: stages/pdf-attachments.ts). */
  attachments?: PdfAttachment[];
  /** Mark every page DRAFT (stages/pdf-draft-mark.ts). */
  draft?: boolean;
}

/** The PDF with its Info dictionary and catalog language set, and its number of pages. */
export async function setPdfMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: OBJECTS_PER_TICK });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.authors.length) doc.setAuthor(meta.authors.join('; '));
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords.length) doc.setKeywords(meta.keywords);
  doc.setCreator('briefpress');
  doc.setProducer('briefpress (Chromium, pdf-lib)');
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  rewriteContent(doc);
  // XMP with the PDF/UA-1 identifier (lib/pdf-xmp.ts).
  setXmp(doc, meta);
  if (meta.attachments?.length) await attachFiles(doc, meta.attachments, meta.date);
  if (meta.draft) await drawDraftMark(doc);
  // Object streams would hide nothing and gain little; keep the classic layout
  // Chromium wrote so that tagged-PDF readers see the same structure.
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: OBJECTS_PER_TICK });
  return { bytes, pages: doc.getPageCount() };
}

/**
 * One pass over each page's content stream (nothing on the page moves):
 * vowel marks drawn after their letters, so that extractors keep words whole
 * (stages/pdf-mark-order.ts); the soft hyphens that broke no line out of the
 * text layer (stages/pdf-soft-hyphens.ts); running heads, page numbers and
 * rules that Chromium leaves untagged marked as artifacts (stages/pdf-artifacts.ts).
 */
function rewriteContent(doc: PDFDocument): number {
  return rewritePages(doc, (content, page) => {
    const marks = reorderContent(content, fontWidths(doc, page));
    const hyphens = dropSoftHyphens(marks.content, pageBlanks(doc, page));
    const artifacts = markArtifacts(hyphens.content);
    return { content: artifacts.content, changed: marks.clusters + hyphens.changed + artifacts.changed };
  });
}

/** The page number (1-based) of every named destination in a PDF. */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: OBJECTS_PER_TICK });
  const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const pages = new Map<string, number>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) {
    const array = doc.context.lookupMaybe(value, PDFArray);
    const ref = array?.get(0);
    if (ref instanceof PDFRef) pages.set(name.decodeText(), pageOf.get(ref.toString()) ?? 0);
  }
  return pages;
}
