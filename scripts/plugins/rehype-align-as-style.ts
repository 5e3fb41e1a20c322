/**
 * rehype plugin: GFM column alignment as a `text-align` style, because the
 * EPUB writer drops the `align` attribute.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeAlignAsStyle() {
  return function transform(tree: Root): void {
    visit(tree, 'element', (el: Element) => {
      if ((el.tagName === 'td' || el.tagName === 'th') && typeof el.properties.align === 'string') {
        el.properties.style = `text-align: ${el.properties.align}`;
        delete el.properties.align;
      }
    });
  };
}
