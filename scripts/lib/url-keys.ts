/**
 * URL citation keys against GFM: the autolink-literal extension turns
 * `@{https://example.com/bib?a=1}` and `@http://x.org/y` into `@{` + a link +
 * `}` before remark-citations runs (and leaves the pieces without positions).
 * Positions are given back, and a link right after `@` or `@{` becomes text
 * again, merged with the text around it, so the key is read whole.
 */
import type { Root, PhrasingContent, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { restorePositions, type Source } from './phrasing-units.ts';

/** GFM autolinks right after `@`/`@{` (URL keys) become text again, merged with the text around. */
export function unlinkKeys(tree: Root, src: Source) {
  visit(tree, (node) => {
    if ('children' in node && node.children.some((c) => !c.position)) restorePositions(node as { children: PhrasingContent[] }, src);
  });
  visit(tree, 'link', (link, index, parent) => {
    const start = link.position?.start.offset;
    if (!parent || index === undefined || start === undefined) return;
    if (src.text[start] === '[' || src.text[start] === '<' || !/@\{?$/.test(src.text.slice(Math.max(0, start - 2), start))) return;
    const text: Text = { type: 'text', value: toString(link), position: link.position };
    parent.children.splice(index, 1, text);
    // Merge with the neighbouring text nodes that touch it.
    let at = index;
    const prev = parent.children[at - 1];
    if (prev?.type === 'text' && prev.position?.end.offset === start) {
      prev.value += text.value;
      prev.position = { start: prev.position.start, end: text.position!.end };
      parent.children.splice(at, 1);
      at--;
    }
    const merged = parent.children[at] as Text;
    const next = parent.children[at + 1];
    if (next?.type === 'text' && next.position?.start.offset === merged.position?.end.offset) {
      merged.value += next.value;
      merged.position = { start: merged.position!.start, end: next.position!.end };
      parent.children.splice(at + 1, 1);
    }
    return at;
  });
}

