/**
 * Stage 5b (with pdf-postprocess.ts): in Chromium's PDF, draw the base letter
 * of each cluster before its marks, so that text extractors keep the word
 * whole. Nothing on the page moves.
 *
 * Why: Chromium (Skia) writes right-to-left text glyph by glyph in visual
 * order, so a vowel mark (tanween, shadda, damma, hamza above…) is drawn
 * BEFORE its base letter, at its own origin, which stands a fraction of an em
 * to the right of the glyph before it. Both extractors read positions in
 * drawing order: poppler starts an `/ActualText` span at its first glyph's
 * origin (ActualText::addChar in TextOutputDev.cc) and pdf.js measures the
 * advance from the previous glyph (compareWithLastPosition); both see a gap
 * and cut the word there (قدمًا came back as "قدًم ا", کلیهٔ as "کلی ه").
 *
 * What: an `/ActualText` span whose text is one letter and its combining
 * marks, and whose glyphs are one base (non-zero width) and zero-width marks
 * drawn first, is rewritten to draw the base first, then the marks at the
 * same places. The last mark gets a character spacing (`Tc`) that ends its
 * advance at the end of the base, so the span covers the base exactly; `Tc`
 * is reset at once and every glyph is placed with `Td` (relative to the line
 * start, not to the previous advance), so no other glyph moves. Chromium
 * writes one operator per line, no `Tc`/`Tz`/`TJ`: anything else inside a
 * span is left as it was. Hand-written because no PDF library here edits
 * content streams at this level (pdf-lib reads and writes whole streams).
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument, type PDFPage } from 'pdf-lib';

const NUM = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const DRAW = new RegExp(String.raw`^(?:(${NUM}) (${NUM}) Td )?<([0-9A-Fa-f]{4})> Tj$`);
const SPAN = /^\/Span<<\s*\/ActualText <([0-9A-Fa-f]+)>\s*>> BDC$/;
const TF = new RegExp(String.raw`^/(\S+) (${NUM}) Tf$`);
const TM = new RegExp(String.raw`^(?:${NUM} ){6}Tm$`);
/** One letter followed by its combining marks. */
const CLUSTER = /^\P{M}\p{Mn}+$/u;

interface Draw {
  x: number;
  y: number;
  gid: number;
  hex: string;
}

type Widths = (gid: number) => number;

/** Glyph widths (in thousandths of an em) of a page's CID fonts, by resource name. */
export function fontWidths(doc: PDFDocument, page: PDFPage): Map<string, Widths> {
  const out = new Map<string, Widths>();
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [name, ref] of fonts?.entries() ?? []) {
    const font = doc.context.lookupMaybe(ref, PDFDict);
    const descendant = font?.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0, PDFDict);
    if (!descendant) continue;
    const dw = descendant.lookupMaybe(PDFName.of('DW'), PDFNumber)?.asNumber() ?? 1000;
    const table = new Map<number, number>();
    const w = descendant.lookupMaybe(PDFName.of('W'), PDFArray);
    const num = (i: number) => w!.lookup(i, PDFNumber).asNumber();
    for (let i = 0; w && i < w.size(); ) {
      const first = num(i);
      const next = w.lookup(i + 1);
      if (next instanceof PDFArray) {
        next.asArray().forEach((_, k) => table.set(first + k, next.lookup(k, PDFNumber).asNumber()));
        i += 2;
      } else {
        for (let c = first; c <= num(i + 1); c++) table.set(c, num(i + 2));
        i += 3;
      }
    }
    out.set(name.asString().slice(1), (gid) => table.get(gid) ?? dw);
  }
  return out;
}

function decodeUtf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units).replace(/^\uFEFF/, '');
}

const fmt = (n: number) => String(Number(n.toFixed(5)));

/**
 * The span's lines with the base drawn first, or undefined when the span is
 * not a base-and-marks cluster drawn marks first.
 */
function reorderSpan(text: string, body: string[], font: { widths?: Widths; size: number }, widths: Map<string, Widths>): string[] | undefined {
  if (!CLUSTER.test(text)) return undefined;
  const preamble: string[] = [];
  const draws: Draw[] = [];
  let x = 0;
  let y = 0;
  for (const line of body) {
    const m = DRAW.exec(line);
    if (m) {
      x += Number(m[1] ?? 0);
      y += Number(m[2] ?? 0);
      draws.push({ x, y, gid: parseInt(m[3]!, 16), hex: m[3]! });
      continue;
    }
    const tf = TF.exec(line);
    if (draws.length || !(tf || TM.test(line))) return undefined;
    if (tf) font = { widths: widths.get(tf[1]!), size: Number(tf[2]) };
    preamble.push(line);
  }
  const width = font.widths;
  if (!width || draws.length < 2) return undefined;
  const wide = draws.filter((d) => width(d.gid) > 0);
  if (wide.length !== 1 || wide[0] === draws[0]) return undefined;
  const base = wide[0]!;
  const marks = draws.filter((d) => d !== base);
  const end = base; // the base was drawn last: the line matrix must end there, as before
  if (draws.at(-1) !== end) return undefined;
  const out = [...preamble, `${fmt(base.x)} ${fmt(base.y)} Td <${base.hex}> Tj`];
  let at = base;
  marks.forEach((mark, i) => {
    const move = `${fmt(mark.x - at.x)} ${fmt(mark.y - at.y)} Td`;
    if (i < marks.length - 1) out.push(`${move} <${mark.hex}> Tj`);
    else {
      // The last mark's advance ends where the base ends.
      const tc = base.x + (width(base.gid) * font.size) / 1000 - (mark.x + (width(mark.gid) * font.size) / 1000);
      out.push(move, `${fmt(tc)} Tc`, `<${mark.hex}> Tj`, '0 Tc');
    }
    at = mark;
  });
  out.push(`${fmt(end.x - at.x)} ${fmt(end.y - at.y)} Td`);
  return out;
}

/** One page's content with its clusters reordered, and how many were. */
export function reorderContent(content: string, widths: Map<string, Widths>): { content: string; clusters: number } {
  const lines = content.split('\n');
  const out: string[] = [];
  let font: { widths?: Widths; size: number } = { size: 0 };
  let clusters = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const tf = TF.exec(line);
    if (tf) font = { widths: widths.get(tf[1]!), size: Number(tf[2]) };
    const span = SPAN.exec(line);
    const close = span ? lines.indexOf('EMC', i + 1) : -1;
    if (!span || close < 0) {
      out.push(line);
      continue;
    }
    const body = lines.slice(i + 1, close);
    const reordered = reorderSpan(decodeUtf16(span[1]!), body, font, widths);
    // The font set inside the span stays in force after it.
    for (const l of body) {
      const f = TF.exec(l);
      if (f) font = { widths: widths.get(f[1]!), size: Number(f[2]) };
    }
    if (reordered) clusters++;
    out.push(line, ...(reordered ?? body), 'EMC');
    i = close;
  }
  return { content: out.join('\n'), clusters };
}
