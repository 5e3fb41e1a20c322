/**
 * remark plugin: pandoc's inline notes, `text^[the note's text]`, become a
 * footnote reference where they stand and a footnote definition (appended to
 * the document, as GFM's are wherever they are written), so they are numbered,
 * checked and rendered with the brief's other notes. The note's content is the
 * bracket's whole inline content (balanced brackets, so `^[see [@a].]` works);
 * like pandoc, `^[…]` followed by `(`, `[` or `{` is not a note.
 *
 * Run before remark-citations: a citation inside the note is then found there.
 * Hand-written: micromark has no inline-note extension (remark-footnotes, which
 * had one, is deprecated and does not work with micromark-based remark).
 */
import type { Root, PhrasingContent, Parent, FootnoteDefinition, FootnoteReference, Paragraph } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { position, rebuild, restorePositions, slice, sourceOf, unitsOf, type Span, type Unit } from '../lib/phrasing-units.ts';

/** Identifiers of inline notes: `inline-note-1`, … (GFM labels cannot contain this prefix's use). */
export const INLINE_NOTE_PREFIX = 'inline-note-';

export default function remarkInlineNotes() {
  return function transform(tree: Root, file: VFile) {
    const src = sourceOf(file);
    const definitions: FootnoteDefinition[] = [];
    visit(tree, (node) => {
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'definition') return SKIP;
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('^['))) return;
      const parent = node as Parent & { children: PhrasingContent[] };
      if (parent.children.some((c) => !c.position)) restorePositions(parent, src);
      const units = unitsOf(parent.children, src);
      if (!units) return;
      const spans: Span[] = [];
      const closeOf = matching(units);
      for (let i = 0; i < units.length; i++) {
        if (!isChar(units[i], '^') || !isChar(units[i + 1], '[')) continue;
        const close = closeOf.get(i + 1) ?? -1;
        if (close === -1 || isChar(units[close + 1], '(') || isChar(units[close + 1], '[') || isChar(units[close + 1], '{')) continue;
        const identifier = `${INLINE_NOTE_PREFIX}${definitions.length + 1}`;
        const at = position(src, units[i]!.offset, units[close]!.end);
        const content = slice(units, i + 2, close, src);
        const paragraph: Paragraph = { type: 'paragraph', children: content, position: at };
        definitions.push({ type: 'footnoteDefinition', identifier, label: identifier, children: [paragraph], position: at });
        const ref: FootnoteReference = { type: 'footnoteReference', identifier, label: identifier, position: at };
        spans.push({ from: i, to: close + 1, node: ref });
        i = close;
      }
      if (spans.length > 0) parent.children = rebuild(units, spans, src);
    });
    tree.children.push(...definitions);
  };
}

function isChar(u: Unit | undefined, ch: string): boolean {
  return u?.kind === 'char' && !u.escaped && u.ch === ch;
}

/** Each unescaped `[` → the `]` that closes it (one pass with a stack). */
function matching(units: Unit[]): Map<number, number> {
  const out = new Map<number, number>();
  const open: number[] = [];
  units.forEach((u, k) => {
    if (isChar(u, '[')) open.push(k);
    else if (isChar(u, ']') && open.length > 0) out.set(open.pop()!, k);
  });
  return out;
}
