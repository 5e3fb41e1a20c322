/**
 * The diagonal DRAFT mark on every page of a draft's PDF, drawn with pdf-lib
 * after printing. CSS cannot do it in Chromium 156: `@page` background images
 * are not painted, and a `position: fixed` element, though repeated on each
 * page, is placed against the first page's box (the cover has no margins) and
 * lands off-centre on the others.
 *
 * The letters are drawn as outlines (from the bundled Source Sans 3 Bold, read
 * with fontkit), not as text: no font is added to the PDF, so every font stays
 * embedded (PDF/UA, checked by stages/verify.ts), and the mark is wrapped as
 * an `/Artifact` marked-content sequence, so that the tagged structure and the
 * reading order are unchanged and screen readers skip it.
 */
import { readFileSync } from 'node:fs';
import type * as Fontkit from 'fontkit';
import { beginMarkedContent, degrees, endMarkedContent, popGraphicsState, pushGraphicsState, rgb, type PDFDocument } from 'pdf-lib';
import { fontFile, fontkit } from '../lib/fonts.ts';

interface Outline {
  /** SVG path data in font units, y pointing down (as drawSvgPath reads it). */
  d: string;
  width: number;
  capHeight: number;
  unitsPerEm: number;
}

let cached: Outline | undefined;

/** "DRAFT" as one SVG path, in the bundled bold sans. */
function outline(text: string): Outline {
  if (cached) return cached;
  const font = fontkit().create(readFileSync(fontFile('source-sans-3-latin-700-normal.woff2'))) as Fontkit.Font;
  const run = font.layout(text);
  const parts: string[] = [];
  let pen = 0;
  const p = (x: number, y: number) => `${(pen + x).toFixed(1)} ${(-y).toFixed(1)}`;
  run.glyphs.forEach((glyph, i) => {
    for (const { command, args } of glyph.path.commands) {
      if (command === 'moveTo') parts.push(`M${p(args[0]!, args[1]!)}`);
      else if (command === 'lineTo') parts.push(`L${p(args[0]!, args[1]!)}`);
      else if (command === 'quadraticCurveTo') parts.push(`Q${p(args[0]!, args[1]!)} ${p(args[2]!, args[3]!)}`);
      else if (command === 'bezierCurveTo') parts.push(`C${p(args[0]!, args[1]!)} ${p(args[2]!, args[3]!)} ${p(args[4]!, args[5]!)}`);
      else if (command === 'closePath') parts.push('Z');
    }
    pen += run.positions[i]?.xAdvance ?? glyph.advanceWidth;
  });
  cached = { d: parts.join(''), width: pen, capHeight: font.capHeight, unitsPerEm: font.unitsPerEm };
  return cached;
}

export async function drawDraftMark(doc: PDFDocument, text = 'DRAFT'): Promise<void> {
  const shape = outline(text);
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
    const scale = (0.5 * Math.hypot(width, height)) / shape.width;
    const w = shape.width * scale;
    const capHeight = shape.capHeight * scale;
    // Start so that the word's centre lands on the page's centre.
    const x = width / 2 - (Math.cos(angle) * w) / 2 + (Math.sin(angle) * capHeight) / 2;
    const y = height / 2 - (Math.sin(angle) * w) / 2 - (Math.cos(angle) * capHeight) / 2;
    page.pushOperators(beginMarkedContent('Artifact'));
    page.drawSvgPath(shape.d, { x, y, scale, rotate: degrees((angle * 180) / Math.PI), color: rgb(0.54, 0.11, 0.17), opacity: 0.13 });
    page.pushOperators(endMarkedContent());
  }
}
