/**
 * remark plugin: pandoc's table captions. A paragraph that starts with `:` or
 * `Table:` (pandoc's `table_captions`), right before or right after a table,
 * is that table's caption; trailing attributes give it an id
 * (`: Caption {#tbl:id}`, Quarto `{#tbl-id}`). The paragraph is marked
 * (`data.tableCaption`, classes `table-caption` and `table-caption-after`
 * or `-before`, the id) and loses its marker
 * and attributes; plugins/rehype-table-captions.ts moves it into the table as
 * its `<caption>`. Run after remark-pandoc-attributes (so nothing else reads
 * the braces) and before remark-citations.
 */
import type { Root, Paragraph, RootContent, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { parseAttributes, toProperties } from '../lib/pandoc-attributes.ts';
import '../lib/crossref.ts';

const MARKER = /^(?:Table)?:[ \t]+/i;

export default function remarkTableCaptions() {
  return function transform(tree: Root): void {
    visit(tree, (node) => {
      if (!('children' in node) || node.type === 'paragraph') return;
      const children = node.children as RootContent[];
      children.forEach((child, i) => {
        if (child.type !== 'table') return;
        const after = children[i + 1];
        const before = children[i - 1];
        // After the table first, as pandoc looks (a caption may also come before).
        if (after?.type === 'paragraph' && caption(after, 'after')) return;
        if (before?.type === 'paragraph' && !before.data?.tableCaption) caption(before, 'before');
      });
    });
  };
}

/** Make a paragraph a caption when it is written as one. */
function caption(paragraph: Paragraph, side: 'before' | 'after'): boolean {
  const first = paragraph.children[0];
  if (first?.type !== 'text' || !MARKER.test(first.value)) return false;
  const marker = MARKER.exec(first.value)![0];
  first.value = first.value.slice(marker.length);
  shift(first, marker.length);
  const last = paragraph.children.at(-1);
  let id: string | undefined;
  let className: string[] = [];
  if (last?.type === 'text') {
    const m = /(^|\s+)(\{[^{}]*\})\s*$/.exec(last.value);
    const attrs = m ? parseAttributes(m[2]!) : undefined;
    if (m && attrs) {
      const removed = last.value.length - m.index;
      last.value = last.value.slice(0, m.index);
      const end = last.position?.end;
      if (end?.offset !== undefined) last.position = { ...last.position!, end: { ...end, column: end.column - removed, offset: end.offset - removed } };
      if (last.value === '') paragraph.children.pop();
      const props = toProperties(attrs);
      id = typeof props.id === 'string' ? props.id : undefined;
      className = attrs.classes;
    }
  }
  if (first.value === '' && paragraph.children[0] === first) paragraph.children.shift();
  paragraph.data = { ...paragraph.data, tableCaption: true, hProperties: { className: ['table-caption', `table-caption-${side}`, ...className], ...(id ? { id } : {}) } };
  return true;
}

function shift(node: Text, by: number): void {
  const start = node.position?.start;
  if (start?.offset !== undefined) node.position = { ...node.position!, start: { ...start, column: start.column + by, offset: start.offset + by } };
}
