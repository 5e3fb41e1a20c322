/**
 * Text-layer fidelity: how many of a source's words come back whole from a
 * PDF's text layer, per script, with poppler's `pdftotext` (reading order) and
 * with pdf.js (per text run). Used by test/e2e-text-layer.test.ts and for
 * the README's comparison of Arabic faces (the script that swapped the faces
 * for that comparison is not in the repository).
 */
import { execFileSync } from 'node:child_process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type Script = 'arabic' | 'latin';

/** Bidi marks and isolates, soft hyphen, ZWNJ/ZWJ, BOM and tatweel: invisible or layout-only, never part of a word's identity. */
const INVISIBLE = /[\u00AD\u061C\u0640\u200B-\u200F\u2060-\u2069\uFEFF]/g;
/**
 * Bidi embeddings (LRE…PDF) are what pdftotext puts around each run of the
 * other direction; a run ends a word, so they count as a space (poppler drops
 * the real space next to them).
 */
const EMBEDDING = /[\u202A-\u202E]/g;
/**
 * Arabic marks (harakat, hamza above and below, superscript alef…): a mark is
 * a glyph of its own, placed over its letter, and extractors put it before or
 * after the letter. Compared after canonical decomposition, so that أ and
 * ا + hamza, ۀ and ه + hamza, come out the same.
 */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;

/**
 * NFKC (folds Arabic presentation forms and lam-alef ligatures to their
 * letters), with invisible characters and Arabic marks removed. Persian and Arabic variants of
 * yeh and kaf stay distinct: a font that swaps them corrupts the text.
 */
export function normalise(text: string): string {
  return text.normalize('NFKD').replace(EMBEDDING, ' ').replace(INVISIBLE, '').replace(ARABIC_MARKS, '').normalize('NFKC');
}

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of one script in `text`, in order (digits count with the script they are written in). */
export function words(text: string, script: Script): string[] {
  const all = normalise(text).match(WORD) ?? [];
  return all.filter((w) => (script === 'arabic' ? ARABIC_LETTER.test(w) : /[A-Za-z\u00C0-\u024F]/.test(w) && !ARABIC_LETTER.test(w)));
}

/** Share of `source` words found, in order, in `extracted` (longest common subsequence). */
export function intactInOrder(source: string[], extracted: string[]): number {
  if (source.length === 0) return 1;
  let prev = new Uint32Array(extracted.length + 1);
  let cur = new Uint32Array(extracted.length + 1);
  for (let i = 1; i <= source.length; i++) {
    for (let j = 1; j <= extracted.length; j++) {
      cur[j] = source[i - 1] === extracted[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[extracted.length]! / source.length;
}

/** Share of `source` words found among `extracted` words, in any order (each found word used once). */
export function intactAnyOrder(source: string[], extracted: string[]): number {
  if (source.length === 0) return 1;
  const bag = new Map<string, number>();
  for (const w of extracted) bag.set(w, (bag.get(w) ?? 0) + 1);
  let found = 0;
  for (const w of source) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      found++;
      bag.set(w, n - 1);
    }
  }
  return found / source.length;
}

/** The PDF's text in reading order, as poppler gives it. */
export function pdftotext(pdf: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const RTL = '\\u0590-\\u08FF\\uFB1D-\\uFDFF\\uFE70-\\uFEFC';
const STRONG_RTL = new RegExp(`[${RTL}]`, 'gu');
const STRONG_LTR = /[A-Za-z\u00C0-\u024F]/g;

type Direction = 'r' | 'l' | 'n';
const direction = (run: string): Direction => (new RegExp(`[${RTL}]`, 'u').test(run) ? 'r' : /[A-Za-z\u00C0-\u024F0-9\u0660-\u0669\u06F0-\u06F9]/.test(run) ? 'l' : 'n');

/**
 * Reverse the order of each maximal stretch of runs that starts and ends with
 * a run of direction `d` (neutral runs between them included). Brackets
 * between a stretch and the edge of the line belong to it (the opening
 * bracket of a citation that wraps): nothing of the other direction stands
 * between them.
 */
function reverseStretches(runs: string[], d: Direction): string[] {
  const dirs = runs.map(direction);
  const other = d === 'r' ? 'l' : 'r';
  const out = [...runs];
  const firstOther = dirs.indexOf(other);
  const lastOther = dirs.lastIndexOf(other);
  for (let i = 0; i < runs.length; i++) {
    if (dirs[i] !== d) continue;
    let j = i;
    for (let k = i + 1; k < runs.length && dirs[k] !== other; k++) if (dirs[k] === d) j = k;
    let from = i;
    let to = j;
    const bracket = (k: number) => dirs[k] === 'n' && /^[\s()[\]]+$/.test(runs[k]!);
    if (firstOther === -1 || i < firstOther) while (from > 0 && bracket(from - 1)) from--;
    if (lastOther === -1 || j > lastOther) while (to + 1 < runs.length && bracket(to + 1)) to++;
    // A bracket the stretch opens (or closes) and that stands just outside it belongs to it.
    const open = (t: string) => (t.match(/[([]/g)?.length ?? 0) - (t.match(/[)\]]/g)?.length ?? 0);
    const inside = () => runs.slice(from, to + 1).join('');
    // (The runs are in visual order here, so the missing bracket may stand on either side.)
    for (let n = open(inside()); n !== 0; n = open(inside())) {
      const want = n > 0 ? /^[)\]]$/ : /^[([]$/;
      if (to + 1 < runs.length && want.test(runs[to + 1]!.trim())) to++;
      else if (from > 0 && want.test(runs[from - 1]!.trim())) from--;
      else break;
    }
    out.splice(from, to - from + 1, ...runs.slice(from, to + 1).reverse());
    i = to;
  }
  return out;
}

/**
 * One line of pdf.js runs, in visual (left-to-right) order, back to logical
 * order. pdf.js gives each run's own characters in logical order already; what
 * is visual is the order of the runs. A line of a right-to-left document (or
 * a line with no left-to-right letters) has its runs reversed, then its stretches of left-to-right runs
 * (Latin words, numbers) put back; in a left-to-right line only the stretches
 * of right-to-left runs are reversed.
 */
export function runsToLogical(runs: string[], base: 'ltr' | 'rtl'): string {
  const text = runs.join('');
  const rtl = text.match(STRONG_RTL)?.length ?? 0;
  const ltr = text.match(STRONG_LTR)?.length ?? 0;
  if (rtl === 0) return text;
  if (ltr === 0 || base === 'rtl') return reverseStretches([...runs].reverse(), 'l').join('');
  return reverseStretches(runs, 'r').join('');
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/**
 * pdf.js's text, line by line. Chromium positions Arabic glyph by glyph, so
 * pdf.js returns many short runs in visual order: the runs of one baseline are
 * put in left-to-right order (a space where they leave a gap), each line is
 * turned back to logical order, and a word hyphenated at the end of a line is
 * joined with its end on the next line (as a reader's copy and search do).
 */
export async function pdfjsText(bytes: Uint8Array, base: 'ltr' | 'rtl'): Promise<string> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
  const lines: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        items.push({ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, size: Math.hypot(item.transform[2] as number, item.transform[3] as number) || 10 });
      }
      // Baselines within half the type size are one line: marks shift a little,
      // and a note call (a superscript) stands about 0.4 em above its line;
      // lines are 1.5 em apart. (With a fifth, a note call made a line of its
      // own between two lines and cut the word hyphenated across them, where
      // pdf.js's own text order has "as-" and "piration" next to each other.)
      const rows: Item[][] = [];
      for (const item of items) {
        const row = rows.find((r) => Math.abs(r[0]!.y - item.y) < Math.max(r[0]!.size, item.size) / 2);
        if (row) row.push(item);
        else rows.push([item]);
      }
      rows.sort((a, b) => b[0]!.y - a[0]!.y);
      for (const row of rows) {
        row.sort((a, b) => a.x - b.x);
        const tokens: string[] = [];
        let end = -Infinity;
        let size = row[0]!.size;
        for (const item of row) {
          // A note call (smaller type) is not part of the word it follows.
          const call = Math.abs(item.size - size) > 0.2 * Math.max(item.size, size);
          if (tokens.length && (call || item.x - end > item.size * 0.2) && !/\s$/.test(tokens.at(-1)!) && !/^[\s\u00AD\u2010-]/.test(item.str)) tokens.push(' ');
          size = item.size;
          tokens.push(normalise(item.str));
          end = Math.max(end, item.x + item.width);
        }
        // A hyphen (soft or not) that ends a line is kept, so that the word can be joined again below.
        const hyphen = /[\u00AD\u2010-]$/.test(row.at(-1)!.str) ? '\u2010' : '';
        lines.push(runsToLogical(tokens, base) + hyphen);
      }
    }
  } finally {
    await doc.destroy();
  }
  return lines.join('\n').replace(/(\p{Ll})[-\u2010]+\n(\p{Ll})/gu, '$1$2');
}

/**
 * The text of a brief's body as its author wrote it, in the order the PDF
 * prints it (footnotes last): Markdown syntax, comments, citation keys and
 * note labels removed.
 */
export function markdownText(markdown: string): string {
  const notes: string[] = [];
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^\[\^[^\]]+\]:.*(?:\n(?!\n).*)*/gm, (note) => {
    notes.push(note);
    return '';
  });
  return [body, ...notes].join('\n')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\[\^[^\]]+\]:?/g, ' ')
    .replace(/-?@[\w:./-]*\w/g, ' ')
    .replace(/\bpp?\. \d+/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/[#*_|[\]]/g, ' ');
}

export interface Fidelity {
  script: Script;
  words: number;
  pdftotext: number;
  pdfjs: number;
}

/** Words intact per script: pdftotext in reading order, pdf.js runs in any order. */
export async function fidelity(markdown: string, pdfPath: string, bytes: Uint8Array, base: 'ltr' | 'rtl'): Promise<Fidelity[]> {
  const source = markdownText(markdown);
  const poppler = pdftotext(pdfPath);
  const text = await pdfjsText(bytes, base);
  return (['arabic', 'latin'] as const)
    .map((script) => {
      const src = words(source, script);
      return { script, words: src.length, pdftotext: intactInOrder(src, words(poppler, script)), pdfjs: intactAnyOrder(src, words(text, script)) };
    })
    .filter((f) => f.words > 0);
}

/**
 * A PDF/UA-minded reading with pdf.js (`includeMarkedContent`): per page, the
 * text inside `/Artifact` sequences (in drawing order), and the text items
 * neither there nor in marked content tied to the structure tree (an MCID),
 * which PDF/UA forbids.
 */
export async function artifactText(bytes: Uint8Array): Promise<{ artifacts: string[]; loose: string[] }> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
  const artifacts: string[] = [];
  const loose: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true });
      // pdf.js gives the tag at run time; its typings name only the id.
      const stack: Array<{ tag?: string; id?: string | null }> = [];
      let artifact = '';
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'endMarkedContent') stack.pop();
          else stack.push({ tag: (item as { tag?: string }).tag, id: item.id });
        } else if (stack.some((m) => m.tag === 'Artifact')) artifact += item.str;
        else if (item.str.trim() && !stack.some((m) => m.id)) loose.push(`p${p} ${item.str}`);
      }
      artifacts.push(artifact.replace(/\s+/g, ' ').trim());
    }
  } finally {
    await doc.destroy();
  }
  return { artifacts, loose };
}
