/**
 * remark plugin: pandoc's attributes, which GFM would print as text:
 *
 * - bracketed spans `[text]{lang=ar}`, `[text]{.smallcaps}` (a `pandocSpan`
 *   node; its content is the bracket's whole inline content);
 * - on images, `![alt](src){width=60%}`, `{#fig:id}`;
 * - on headings, `## Title {#id}`, `{-}`, `{.unnumbered}`.
 *
 * Run before remark-citations (a citation inside a span is found there; a
 * span right after a narrative citation is not its locator, as in pandoc).
 * Hand-written: remark-attr / remark-attributes follow markdown-it-attrs'
 * rules and are unmaintained for micromark-based remark; remark-directive's
 * `:name[text]{attrs}` is another syntax.
 */
import type { Root, PhrasingContent, Parent, Heading, Image } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import type { PandocSpan } from '../lib/types.ts';
import { parseAttributes, toProperties, type Attributes } from '../lib/pandoc-attributes.ts';
import { position, rebuild, restorePositions, slice, sourceOf, unitsOf, type Span, type Unit } from '../lib/phrasing-units.ts';

export default function remarkPandocAttributes() {
  return function transform(tree: Root, file: VFile) {
    const src = sourceOf(file);
    visit(tree, (node) => {
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'definition') return SKIP;
      if (node.type === 'heading') headingAttributes(node);
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('{'))) return undefined;
      const parent = node as Parent & { children: PhrasingContent[] };
      imageAttributes(parent.children);
      if (parent.children.some((c) => !c.position)) restorePositions(parent, src);
      const units = unitsOf(parent.children, src);
      if (!units) return undefined;
      const spans = bracketedSpans(units, src);
      if (spans.length > 0) parent.children = rebuild(units, spans, src);
      return undefined;
    });
  };
}

const isChar = (u: Unit | undefined, ch: string) => u?.kind === 'char' && !u.escaped && u.ch === ch;

function bracketedSpans(units: Unit[], src: ReturnType<typeof sourceOf>): Span[] {
  const spans: Span[] = [];
  const open: number[] = [];
  const closeOf = new Map<number, number>();
  units.forEach((u, k) => {
    if (isChar(u, '[')) open.push(k);
    else if (isChar(u, ']') && open.length > 0) closeOf.set(open.pop()!, k);
  });
  for (let i = 0; i < units.length; i++) {
    const close = closeOf.get(i);
    if (close === undefined || isChar(units[i - 1], '!') || isChar(units[i - 1], '^') || !isChar(units[close + 1], '{')) continue;
    let end = close + 2;
    while (end < units.length && units[end]!.kind === 'char' && !isChar(units[end], '}') && !isChar(units[end], '{')) end++;
    if (!isChar(units[end], '}')) continue;
    const attrs = parseAttributes(units.slice(close + 1, end + 1).map((u) => (u.kind === 'char' ? u.ch : '')).join(''));
    if (!attrs) continue;
    const node: PandocSpan = {
      type: 'pandocSpan',
      children: slice(units, i + 1, close, src),
      data: { hName: 'span', hProperties: toProperties(attrs) },
      position: position(src, units[i]!.offset, units[end]!.end),
    };
    spans.push({ from: i, to: end + 1, node });
    i = end;
  }
  // Spans may nest: keep the outermost (its content is parsed again when visited).
  return spans.filter((s, n) => !spans.slice(0, n).some((o) => o.from < s.from && o.to >= s.to));
}

/** `![alt](src){…}`: the braces right after an image are its attributes. */
function imageAttributes(children: PhrasingContent[]): void {
  children.forEach((node, i) => {
    const next = children[i + 1];
    if (node.type !== 'image' || next?.type !== 'text' || !next.value.startsWith('{')) return;
    if (node.position?.end.offset !== undefined && next.position?.start.offset !== undefined && node.position.end.offset !== next.position.start.offset) return;
    const close = next.value.indexOf('}');
    const attrs = close === -1 ? undefined : parseAttributes(next.value.slice(0, close + 1));
    if (!attrs) return;
    apply(node, attrs);
    next.value = next.value.slice(close + 1);
    if (next.position?.start.offset !== undefined) next.position = { ...next.position, start: { ...next.position.start, column: next.position.start.column + close + 1, offset: next.position.start.offset + close + 1 } };
  });
}

/** `## Title {#id .class}`: trailing braces after a space are the heading's attributes. */
function headingAttributes(heading: Heading): void {
  const last = heading.children.at(-1);
  if (last?.type !== 'text') return;
  const m = /(^|\s+)(\{[^{}]*\})\s*$/.exec(last.value);
  const attrs = m ? parseAttributes(m[2]!) : undefined;
  if (!m || !attrs) return;
  last.value = last.value.slice(0, m.index);
  if (last.value === '') heading.children.pop();
  apply(heading, attrs);
}

function apply(node: Image | Heading, attrs: Attributes): void {
  const props = toProperties(attrs);
  node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), ...props } };
}
