/**
 * Sentences of a parsed brief with their places in the source, for scoring the
 * claim rules against hand labels (scripts/eval-real.ts). The unit is what
 * `Intl.Segmenter('en', { granularity: 'sentence' })` gives over the plain
 * text of each paragraph, heading or table cell; a table is also one unit of
 * its own (the table-level statistic message). Kept independent of the rules'
 * own splitter on purpose: labels must survive any change to the rules.
 *
 * Hand-written because no library maps Intl.Segmenter's output back through
 * mdast to source offsets; the mapping is one offset per character of text.
 */
import type { Nodes, Root, Table } from 'mdast';
import type { Point } from 'unist';
import { location } from 'vfile-location';

export interface Sentence {
  /** Whitespace-collapsed sentence text: the key labels use. */
  text: string;
  /** 1-based line of its first character. */
  line: number;
  /** Source offsets [from, to) of the sentence (to: start of the next sentence or end of its block). */
  from: number;
  to: number;
  /** What holds it: a paragraph, heading, tableCell, or a whole table. */
  kind: 'paragraph' | 'heading' | 'tableCell' | 'table';
  words: number;
}

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Collapse whitespace, trim: how sentences are compared. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function countWords(text: string): number {
  let n = 0;
  for (const s of wordSegmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

/** Every sentence of the document, in source order. */
export function sentencesOf(tree: Root, source: string): Sentence[] {
  const loc = location(source);
  const out: Sentence[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'code' || node.type === 'yaml' || node.type === 'html' || node.type === 'definition') return;
    if (node.type === 'table') out.push(tableUnit(node, source, loc));
    if (BLOCKS.has(node.type) && 'children' in node) {
      out.push(...splitBlock(node, source, loc));
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return out.sort((a, b) => a.from - b.from);
}

type Loc = ReturnType<typeof location>;

/** Flatten a block to text, one source offset per character. */
function flatten(node: Nodes, source: string, text: string[], offsets: number[], notes: Array<[number, number]>): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (node.type === 'text') {
    align(node.value, start ?? 0, end ?? start ?? 0, source, text, offsets);
    return;
  }
  if (node.type === 'inlineCode') {
    align(node.value, start ?? 0, end ?? start ?? 0, source, text, offsets);
    return;
  }
  if (node.type === 'break') {
    text.push(' ');
    offsets.push(start ?? 0);
    return;
  }
  if (node.type === 'image' || node.type === 'imageReference') return;
  if ('children' in node) {
    for (const child of node.children) flatten(child as Nodes, source, text, offsets, notes);
    return;
  }
  const first = text.length;
  // citation, footnoteReference, html, inline math…: as written.
  if (start !== undefined && end !== undefined) {
    for (let i = start; i < end; i++) {
      text.push(source[i] === '\n' ? ' ' : source[i]!);
      offsets.push(i);
    }
    if (node.type === 'footnoteReference') notes.push([first, text.length]);
  }
}

/** Map each character of `value` to the source, skipping what the parser removed (escapes, `> `, indents). */
function align(value: string, start: number, end: number, source: string, text: string[], offsets: number[]): void {
  let j = start;
  for (const ch of value) {
    let k = j;
    while (k < end && source[k] !== ch) k++;
    const at = k < end ? k : j;
    text.push(ch === '\n' ? ' ' : ch);
    offsets.push(at);
    j = k < end ? k + 1 : j;
  }
}

function splitBlock(node: Nodes, source: string, loc: Loc): Sentence[] {
  const chars: string[] = [];
  const offsets: number[] = [];
  const notes: Array<[number, number]> = [];
  flatten(node, source, chars, offsets, notes);
  const text = chars.join('');
  // A note marker after a full stop (`….[^1] Next`) would glue two sentences
  // together: segment with markers blanked, keep them in the text.
  const blanked = [...chars];
  for (const [a, b] of notes) for (let i = a; i < b; i++) blanked[i] = ' ';
  const blockEnd = node.position?.end.offset ?? (offsets.at(-1) ?? 0) + 1;
  const kind = node.type as Sentence['kind'];
  const out: Sentence[] = [];
  // `text` is built from whole code points, so UTF-16 indices of `text` and of `chars` differ only for astral characters.
  const index = codeUnitToChar(chars);
  const segments = [...segmenter.segment(blanked.join(''))]
    .map((s) => ({ index: s.index, segment: text.slice(s.index, s.index + s.segment.length) }))
    .filter((s) => normalize(s.segment));
  segments.forEach((segment, i) => {
    const lead = segment.segment.length - segment.segment.trimStart().length;
    const first = offsets[index[segment.index + lead] ?? 0] ?? 0;
    const next = segments[i + 1];
    const to = next ? (offsets[index[next.index] ?? 0] ?? blockEnd) : blockEnd;
    out.push({ text: normalize(segment.segment), line: pointOf(loc, first).line, from: first, to: Math.max(to, first + 1), kind, words: countWords(segment.segment) });
  });
  return out;
}

function codeUnitToChar(chars: string[]): number[] {
  const map: number[] = [];
  chars.forEach((c, i) => {
    for (let u = 0; u < c.length; u++) map.push(i);
  });
  map.push(chars.length);
  return map;
}

/** A table as one unit: the rules may put one statistic message on the whole table. */
function tableUnit(node: Table, source: string, loc: Loc): Sentence {
  const from = node.position?.start.offset ?? 0;
  const to = node.position?.end.offset ?? from + 1;
  const firstRow = source.slice(from, to).split('\n')[0] ?? '';
  return { text: normalize(`[table] ${firstRow}`), line: pointOf(loc, from).line, from, to, kind: 'table', words: 0 };
}

function pointOf(loc: Loc, offset: number): Point {
  return loc.toPoint(offset) ?? { line: 1, column: 1, offset };
}

/**
 * The sentence a message at `offset` is about: the innermost unit whose span
 * holds it (a sentence before the table that holds it), else the next unit
 * starting within 3 characters (a message placed on a block's first marker).
 */
export function sentenceAt(sentences: Sentence[], offset: number, end?: number): Sentence | undefined {
  const table = sentences.find((s) => s.kind === 'table' && s.from === offset && s.to === end);
  if (table) return table;
  let best: Sentence | undefined;
  for (const s of sentences) {
    if (s.from <= offset && offset < s.to && (!best || best.kind === 'table' || s.to - s.from < best.to - best.from)) best = s;
  }
  if (best) return best;
  return sentences.find((s) => s.from >= offset && s.from - offset <= 3);
}
