/**
 * rehype plugin: a paragraph that holds only an image becomes a figure, with
 * the image's title (else its alt text) as the caption.
 */
import type { Root, Element } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

export default function rehypeFigures() {
  return function transform(tree: Root): void {
    visit(tree, 'element', (el: Element, index, parent) => {
      if (el.tagName !== 'p' || !parent || index === undefined) return;
      const kids = el.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const img = kids[0];
      if (kids.length !== 1 || img?.type !== 'element' || img.tagName !== 'img') return;
      const caption = String(img.properties.title ?? img.properties.alt ?? '').trim();
      delete img.properties.title;
      parent.children[index] = h('figure', caption ? [img, h('figcaption', caption)] : [img]);
    });
  };
}
