/**
 * hast to HTML text through rehype-stringify (the design's serializer). Raw
 * HTML was parsed and sanitized before, so none is passed through.
 */
import { unified } from 'unified';
import rehypeStringify from 'rehype-stringify';
import type { Root, RootContent } from 'hast';

const writer = unified().use(rehypeStringify, { allowDangerousHtml: false }).freeze();

/** Serialize a tree, or a list of nodes as one fragment. */
export function toHtml(tree: Root | RootContent | RootContent[]): string {
  const root: Root = Array.isArray(tree) ? { type: 'root', children: tree } : tree.type === 'root' ? tree : { type: 'root', children: [tree] };
  return writer.stringify(root);
}
