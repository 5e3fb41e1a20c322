/**
 * The diagonal DRAFT mark on every page of a draft's PDF, drawn with pdf-lib
 * after printing. CSS cannot do it in Chromium 156: `@page` background images
 * are not painted, and a `position: fixed` element, though repeated on each
 * page, is placed against the first page's box (the cover has no margins) and
 * lands off-centre on the others. The mark is wrapped as an `/Artifact`
 * marked-content sequence, so that the tagged PDF's structure and reading
 * order are unchanged and screen readers skip it. Helvetica Bold is one of the
 * standard 14 fonts every PDF reader has; it is not embedded (drafts only).
 */
import { beginMarkedContent, degrees, endMarkedContent, popGraphicsState, pushGraphicsState, rgb, StandardFonts, type PDFDocument } from 'pdf-lib';

export async function drawDraftMark(doc: PDFDocument, text = 'DRAFT'): Promise<void> {
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const page of doc.getPages()) {
    // Chromium leaves its page transform in force at the end of its content:
    // enclose what it drew in q … Q so that the mark is drawn in page units.
    page.node.normalize(); // Contents as an array, which wrapping needs
    page.node.wrapContentStreams(
      doc.context.register(doc.context.contentStream([pushGraphicsState()])),
      doc.context.register(doc.context.contentStream([popGraphicsState()])),
    );
    const { width, height } = page.getSize();
    const angle = Math.atan2(height, width);
    // As wide as half the page's diagonal.
    const size = (0.5 * Math.hypot(width, height)) / font.widthOfTextAtSize(text, 1);
    const w = font.widthOfTextAtSize(text, size);
    const capHeight = font.heightAtSize(size, { descender: false });
    // Start so that the text's centre lands on the page's centre.
    const x = width / 2 - (Math.cos(angle) * w) / 2 + (Math.sin(angle) * capHeight) / 2;
    const y = height / 2 - (Math.sin(angle) * w) / 2 - (Math.cos(angle) * capHeight) / 2;
    page.pushOperators(beginMarkedContent('Artifact'));
    page.drawText(text, { x, y, size, font, rotate: degrees((angle * 180) / Math.PI), color: rgb(0.54, 0.11, 0.17), opacity: 0.13 });
    page.pushOperators(endMarkedContent());
  }
}
