/**
 * remark plugin: key points. A blockquote whose first line is `[!key-points]`
 * becomes an `<aside class="key-points">` with a localised title (the marker
 * follows GitHub's alert syntax, so it reads as a quote on GitHub too).
 */
import type { Root, Blockquote } from 'mdast';
import { visit } from 'unist-util-visit';

export interface Options {
  /** The box's title, in the brief's language (`Key points`). */
  title: string;
}

const MARKER = /^\[!key[- ]?points\][ \t]*\n?/i;

export default function remarkKeyPoints(options: Options) {
  const { title } = options;
  return function transform(tree: Root): void {
    visit(tree, 'blockquote', (node: Blockquote) => {
      const first = node.children[0];
      if (first?.type !== 'paragraph') return;
      const text = first.children[0];
      if (text?.type !== 'text' || !MARKER.test(text.value)) return;
      text.value = text.value.replace(MARKER, '');
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.shift();
      node.data = { hName: 'aside', hProperties: { className: ['key-points'], role: 'note', ariaLabel: title } };
      node.children.unshift({
        type: 'paragraph',
        data: { hProperties: { className: ['key-points-title'] } },
        children: [{ type: 'text', value: title }],
      });
    });
  };
}
