/**
 * Heading ids: one slug function shared by render (which gives headings their
 * ids) and the link check (which resolves `#fragment` links against them).
 */
import { visit } from 'unist-util-visit';
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import type { Root as MdastRoot, Heading } from 'mdast';

/** `What Is Daesh’s Perspective?` → `what-is-daesh-s-perspective`. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** Give every h2–h4 without one a stable, unique, XML-safe id. */
export function addHeadingIds(tree: HastRoot): void {
  const used = new Map<string, number>();
  visit(tree, 'element', (el: Element) => {
    if (!/^h[2-4]$/.test(el.tagName) || el.properties.id) return;
    const base = slug(hastText(el));
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    el.properties.id = /^[A-Za-z_]/.test(base) ? (n ? `${base}-${n}` : base) : `s-${base}${n ? `-${n}` : ''}`;
  });
}

/** Sections are h2 under the title's h1: shift a document written with `#` headings (in place). */
export function shiftHeadings(tree: MdastRoot): void {
  let minDepth = 6;
  visit(tree, 'heading', (h: Heading) => {
    minDepth = Math.min(minDepth, h.depth);
  });
  if (minDepth === 1) {
    visit(tree, 'heading', (h: Heading) => {
      h.depth = Math.min(6, h.depth + 1) as Heading['depth'];
    });
  }
}

export function hastText(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(hastText).join('');
  return '';
}
