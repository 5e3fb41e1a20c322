/**
 * remark plugin: sections are h2 under the title's h1, so a brief written with
 * `#` headings has every heading moved one level down (h6 stays h6).
 */
import type { Root, Heading } from 'mdast';
import { visit } from 'unist-util-visit';

export default function remarkShiftHeadings() {
  return function transform(tree: Root): void {
    let minDepth = 6;
    visit(tree, 'heading', (h: Heading) => {
      minDepth = Math.min(minDepth, h.depth);
    });
    if (minDepth !== 1) return;
    visit(tree, 'heading', (h: Heading) => {
      h.depth = Math.min(6, h.depth + 1) as Heading['depth'];
    });
  };
}
