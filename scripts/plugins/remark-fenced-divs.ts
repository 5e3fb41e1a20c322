/**
 * remark plugin: pandoc's fenced divs, which GFM reads as paragraphs of colons:
 *
 *     ::: {.note lang=ar}        ::: warning
 *     Content, any blocks.       Text.
 *     :::                        :::
 *
 * A line of three or more colons with attributes (or one class name) opens a
 * div; a line of three or more colons alone closes the innermost one. Fences
 * may share a paragraph with the text next to them (no blank line needed, as
 * in pandoc). The div is a `pandocDiv` node (a `<div>` in the outputs); divs
 * nest. An unclosed fence is left as text.
 * Hand-written: remark-directive's containers (`:::name[label]{attrs}`) are a
 * different syntax and would not read `::: {.note}`.
 */
import type { Root, RootContent, Paragraph, Parent, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { PandocDiv } from '../lib/types.ts';
import { parseAttributes, toProperties } from '../lib/pandoc-attributes.ts';

const OPEN = /^:{3,}[ \t]*(\{[^{}\n]*\}|[\w-]+)[ \t]*:*[ \t]*$/;
const CLOSE = /^:{3,}[ \t]*$/;

type Marker = { kind: 'open'; props: PandocDiv['data'] } | { kind: 'close' };

export default function remarkFencedDivs() {
  return function transform(tree: Root) {
    visit(tree, (node) => {
      if (!('children' in node) || node.type === 'paragraph' || node.type === 'heading') return;
      const parent = node as Parent;
      if (!parent.children.some((c) => c.type === 'paragraph' && firstText(c as Paragraph)?.value.startsWith(':::'))) return;
      parent.children = nest(split(parent.children as RootContent[])) as typeof parent.children;
    });
  };
}

const firstText = (p: Paragraph): Text | undefined => (p.children[0]?.type === 'text' ? p.children[0] : undefined);

/** Paragraphs cut at fence lines; each fence becomes a marker. */
function split(children: RootContent[]): Array<RootContent | Marker> {
  const out: Array<RootContent | Marker> = [];
  for (const child of children) {
    if (child.type !== 'paragraph') {
      out.push(child);
      continue;
    }
    const before: Marker[] = [];
    const after: Marker[] = [];
    // Fence lines at the start of the paragraph.
    for (let first = firstText(child); first; first = firstText(child)) {
      const line = first.value.split('\n')[0]!;
      const marker = toMarker(line);
      if (!marker) break;
      before.push(marker);
      first.value = first.value.slice(line.length + 1);
      if (first.value === '') child.children.shift();
    }
    // Fence lines at its end.
    for (let last = child.children.at(-1); last?.type === 'text'; last = child.children.at(-1)) {
      const lines = last.value.replace(/\n$/, '').split('\n');
      const marker = toMarker(lines.at(-1)!);
      if (!marker || (lines.length === 1 && child.children.length > 1)) break;
      after.unshift(marker);
      last.value = lines.slice(0, -1).join('\n');
      if (last.value === '') child.children.pop();
      else last.value = last.value.replace(/\n$/, '');
    }
    out.push(...before);
    if (child.children.length > 0) out.push(child);
    out.push(...after);
  }
  return out;
}

function toMarker(line: string): Marker | undefined {
  if (CLOSE.test(line)) return { kind: 'close' };
  const m = OPEN.exec(line);
  if (!m) return undefined;
  const attrs = m[1]!.startsWith('{') ? parseAttributes(m[1]!) : { classes: [m[1]!], pairs: [] };
  return attrs ? { kind: 'open', props: { hName: 'div', hProperties: toProperties(attrs) } } : undefined;
}

const isMarker = (x: RootContent | Marker): x is Marker => 'kind' in x;

/** Wrap what lies between matching markers in divs; unmatched fences become text again. */
function nest(items: Array<RootContent | Marker>): RootContent[] {
  const root: RootContent[] = [];
  const stack: Array<{ div: PandocDiv; into: RootContent[] }> = [];
  const target = () => stack.at(-1)?.div.children ?? root;
  for (const item of items) {
    if (!isMarker(item)) {
      (target() as RootContent[]).push(item);
    } else if (item.kind === 'open') {
      const div: PandocDiv = { type: 'pandocDiv', children: [], data: item.props };
      stack.push({ div, into: target() as RootContent[] });
    } else if (stack.length > 0) {
      const { div, into } = stack.pop()!;
      into.push(div);
    } else {
      root.push(paragraphOf(':::'));
    }
  }
  // Unclosed: the fence is text, its content stays where it was.
  while (stack.length > 0) {
    const { div, into } = stack.pop()!;
    into.push(paragraphOf(':::'), ...(div.children as RootContent[]));
  }
  return root;
}

const paragraphOf = (value: string): Paragraph => ({ type: 'paragraph', children: [{ type: 'text', value }] });

