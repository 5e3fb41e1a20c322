/**
 * Stage 5b (with pdf-postprocess.ts): take the soft hyphens that did not
 * break a line out of the PDF's text layer.
 *
 * The print HTML carries a soft hyphen at every hyphenation point
 * (plugins/rehype-hyphenate.ts). Chromium draws each one that does not end a
 * line as an invisible glyph (the font's space, with no advance) in an
 * `/ActualText` span holding U+00AD, and poppler puts that character back into
 * the words: `pdftotext` gave "re\u00ADcog\u00ADni\u00ADtion" (232 soft
 * hyphens in the 585 words of the English fixture), which is what a
 * poppler-based viewer copies and searches. A hyphen that does break a line
 * is a visible glyph, outside such a span, and stays. The invisible draw is
 * removed; its `Td` stays, so every later glyph keeps its place.
 */
import { PDFDict, PDFName, PDFStream, type PDFDocument, type PDFPage } from 'pdf-lib';
import { streamBytes } from './pdf-content.ts';

const NUM = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const DRAW = new RegExp(String.raw`^(?:(${NUM} ${NUM} Td) )?<([0-9A-Fa-f]{4})> Tj$`);
const SOFT_HYPHEN_SPAN = /^\/Span<<\s*\/ActualText <(?:FEFF)?00AD>\s*>> BDC$/i;
const TF = /^\/(\S+) \S+ Tf$/;
const TM = new RegExp(String.raw`^(?:${NUM} ){6}Tm$`);
const BLANK = new Set(['0020', '00A0']);

/** Glyph ids that a font's ToUnicode map reads as a space: glyphs with no ink. */
function blankGlyphs(cmap: string): Set<number> {
  const blank = new Set<number>();
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of body!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) if (BLANK.has(dst!.toUpperCase())) blank.add(parseInt(src!, 16));
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of body!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(dst!, 16);
      for (let g = parseInt(lo!, 16); g <= parseInt(hi!, 16); g++) if (first + g - parseInt(lo!, 16) === 0x20) blank.add(g);
    }
  }
  return blank;
}

// Pages share their fonts: each ToUnicode map is inflated and read once per PDF, not once per page.
const blanksOf = new WeakMap<PDFStream, Set<number>>();

/** The blank glyphs of each font of a page, by resource name. */
export function pageBlanks(doc: PDFDocument, page: PDFPage): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [name, ref] of fonts?.entries() ?? []) {
    const cmap = doc.context.lookupMaybe(ref, PDFDict)?.lookup(PDFName.of('ToUnicode'));
    if (!(cmap instanceof PDFStream)) continue;
    let blank = blanksOf.get(cmap);
    if (!blank) blanksOf.set(cmap, (blank = blankGlyphs(Buffer.from(streamBytes(cmap)).toString('latin1'))));
    out.set(name.asString().slice(1), blank);
  }
  return out;
}

/** A page's content without the invisible soft-hyphen glyphs, and how many were taken out. */
export function dropSoftHyphens(content: string, blanks: Map<string, Set<number>>): { content: string; changed: number } {
  const lines = content.split('\n');
  const out: string[] = [];
  let font = '';
  let changed = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    font = TF.exec(line)?.[1] ?? font;
    if (!SOFT_HYPHEN_SPAN.test(line)) {
      out.push(line);
      continue;
    }
    // The span: a font and a text matrix may come first (they stay), then one draw.
    let j = i + 1;
    let spanFont = font;
    for (; j < lines.length && (TF.test(lines[j]!) || TM.test(lines[j]!)); j++) spanFont = TF.exec(lines[j]!)?.[1] ?? spanFont;
    const draw = lines[j + 1] === 'EMC' ? DRAW.exec(lines[j] ?? '') : null;
    if (!draw || !blanks.get(spanFont)?.has(parseInt(draw[2]!, 16))) {
      out.push(line);
      continue;
    }
    out.push(...lines.slice(i + 1, j), ...(draw[1] ? [draw[1]] : []));
    font = spanFont;
    changed++;
    i = j + 1;
  }
  return { content: out.join('\n'), changed };
}
