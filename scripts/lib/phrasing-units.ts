/**
 * A parent's phrasing content as a flat run of units, for pandoc syntax that
 * spans several inline nodes (`[see @a, p. 4 and *passim*]`, `^[a note]`,
 * `[text]{lang=ar}`): one unit per character of a text node, with its exact
 * source offset and whether it was backslash-escaped, and one unit for every
 * other node (emphasis, code, links, math) as a whole. After a parser has
 * chosen spans of units, `rebuild` gives back the children with each span
 * replaced and the text around it split, positions exact.
 *
 * Hand-written: micromark's tokenizer cannot see across the inline nodes that
 * CommonMark builds inside pandoc's brackets, and mdast keeps no map from a
 * text node's value back to its source characters.
 */
import type { PhrasingContent, Text } from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { toString } from 'mdast-util-to-string';
import { mapText } from './source-map.ts';

export type Unit =
  | { kind: 'char'; ch: string; offset: number; end: number; escaped: boolean; node: Text }
  | { kind: 'node'; node: PhrasingContent; offset: number; end: number };

export interface Span {
  from: number;
  /** Exclusive. */
  to: number;
  node: PhrasingContent;
}

export interface Source {
  text: string;
  loc: ReturnType<typeof location>;
}

export function sourceOf(file: VFile): Source {
  return { text: String(file), loc: location(file) };
}

export function position(src: Source, from: number, to: number): Position {
  return { start: src.loc.toPoint(from) as Point, end: src.loc.toPoint(to) as Point };
}

/** The units of a parent's children, or undefined when a child has no source offsets. */
export function unitsOf(children: PhrasingContent[], src: Source): Unit[] | undefined {
  const units: Unit[] = [];
  for (const node of children) {
    const offset = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (offset === undefined || end === undefined) return undefined;
    if (node.type !== 'text') {
      units.push({ kind: 'node', node, offset, end });
      continue;
    }
    const { offsets, escaped } = align(node.value, src.text, offset, end);
    for (let v = 0; v < node.value.length; v++) {
      const at = offsets[v] ?? end;
      units.push({ kind: 'char', ch: node.value[v]!, offset: at, end: v + 1 < node.value.length ? (offsets[v + 1] ?? end) : end, escaped: escaped[v] ?? false, node });
    }
  }
  return units;
}

/**
 * Give back positions to nodes that GFM's autolink-literal transform made
 * without any (it splits a text node into text, link, text): each run of
 * position-less children lies between its positioned neighbours.
 */
export function restorePositions(parent: { children: PhrasingContent[]; position?: Position }, src: Source): void {
  const kids = parent.children;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i]!.position) continue;
    let j = i;
    while (j < kids.length && !kids[j]!.position) j++;
    const from = kids[i - 1]?.position?.end.offset ?? parent.position?.start.offset;
    const to = kids[j]?.position?.start.offset ?? parent.position?.end.offset;
    const run = kids.slice(i, j);
    if (from !== undefined && to !== undefined && run.every((n) => n.type === 'text' || n.type === 'link')) {
      const values = run.map((n) => toString(n));
      const { offsets } = align(values.join(''), src.text, from, to);
      let at = 0;
      run.forEach((node, r) => {
        const a = offsets[at] ?? to;
        at += values[r]!.length;
        const b = at < offsets.length ? (offsets[at] ?? to) : Math.min(to, (offsets[at - 1] ?? to) + 1);
        node.position = position(src, a, b);
        if (node.type === 'link') for (const child of node.children) child.position ??= position(src, a, b);
      });
    }
    i = j;
  }
}

/** Map each character of a text node's value to its offset in the source (lib/source-map.ts, shared with the claim check). */
function align(value: string, source: string, from: number, to: number) {
  const { start, escaped } = mapText(value, source, from, to);
  return { offsets: start, escaped };
}

/** The children again, with each span (sorted, not overlapping) replaced by its node. */
export function rebuild(units: Unit[], spans: Span[], src: Source): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let run: Array<Extract<Unit, { kind: 'char' }>> = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run.at(-1)!;
    // A text node left whole keeps its own object (and any data on it).
    if (run.length === first.node.value.length && last.node === first.node && run.every((u) => u.node === first.node)) out.push(first.node);
    else out.push({ type: 'text', value: run.map((u) => u.ch).join(''), position: position(src, first.offset, last.end) });
    run = [];
  };
  let span = 0;
  for (let i = 0; i < units.length; i++) {
    const next = spans[span];
    if (next && next.from === i) {
      flush();
      out.push(next.node);
      i = next.to - 1;
      span++;
      continue;
    }
    const u = units[i]!;
    if (u.kind === 'char') {
      if (run.length > 0 && run.at(-1)!.node !== u.node) flush();
      run.push(u);
    } else {
      flush();
      out.push(u.node);
    }
  }
  flush();
  return out;
}

/** Units `from`..`to` as nodes (text split as needed), for content moved into a new node. */
export function slice(units: Unit[], from: number, to: number, src: Source): PhrasingContent[] {
  return rebuild(units.slice(from, to), [], src);
}


/**
 * CSL "rich text" of phrasing content, the markup citeproc reads in a prefix
 * or suffix (as pandoc's citeproc writes it): `<i>`, `<b>`, `<sup>`, `<sub>`,
 * small caps; everything else as its plain text (citeproc-js escapes it in
 * its HTML output, and reads only its own few tags).
 */
export function richText(nodes: PhrasingContent[]): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
          return node.value;
        case 'emphasis':
          return `<i>${richText(node.children)}</i>`;
        case 'strong':
          return `<b>${richText(node.children)}</b>`;
        case 'break':
          return ' ';
        case 'html':
        case 'footnoteReference':
          return '';
        default:
          return toString(node);
      }
    })
    .join('');
}
