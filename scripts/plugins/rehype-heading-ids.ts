/**
 * rehype plugin: every h2–h4 without an id gets a stable, unique, XML-safe one.
 * The same ids serve the link check (`#fragment` links resolve against them)
 * and the outputs.
 *
 * Hand-written rather than github-slugger/rehype-slug: those keep case-folded
 * punctuation rules of GitHub (`Daesh’s` → `daeshs`, where briefpress has always
 * written `daesh-s`), would change the ids, and with them every `#fragment`
 * link authors already wrote; nor do they make ids start with a letter.
 */
import type { Root, Element } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

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

export default function rehypeHeadingIds() {
  return function transform(tree: Root): void {
    const used = new Map<string, number>();
    visit(tree, 'element', (el: Element) => {
      if (!/^h[2-4]$/.test(el.tagName) || el.properties.id) return;
      const base = slug(toString(el));
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      const id = n ? `${base}-${n}` : base;
      el.properties.id = /^[A-Za-z_]/.test(base) ? id : `s-${id}`;
    });
  };
}
