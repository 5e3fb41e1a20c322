/**
 * Briefs printed together in one document (a collection's volume) share one
 * id space: every id of a brief, and every reference to one (`#id` links,
 * `aria-describedby`, `aria-labelledby`, `headers`, `for`, the TOC's
 * `data-for`), gets the brief's prefix.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const ID_LISTS = ['ariaDescribedBy', 'ariaLabelledBy', 'headers', 'htmlFor'] as const;

/** Prefix the ids of a tree in place. */
export function prefixIds(tree: Root, prefix: string): void {
  visit(tree, 'element', (el: Element) => {
    const p = el.properties;
    if (typeof p.id === 'string' && p.id) p.id = prefix + p.id;
    if (typeof p.href === 'string' && p.href.startsWith('#') && p.href.length > 1) p.href = `#${prefix}${p.href.slice(1)}`;
    if (typeof p.dataFor === 'string') p.dataFor = prefix + p.dataFor;
    for (const key of ID_LISTS) {
      const value: unknown = p[key];
      const ids: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
      if (ids.length) p[key] = ids.map((id) => prefix + String(id));
    }
  });
}
