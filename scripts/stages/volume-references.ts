/**
 * Stage 4b', merged references (collection option `bibliography: merged`):
 * the entries of every brief's References, as citeproc rendered them for that
 * brief, gathered in one list at the end of the volume. An entry two briefs
 * share (the same rendered text) is listed once; the list is sorted by its
 * text in the volume's language, which is the order of author-date and note
 * styles (a numeric style keeps its per-brief numbers: use per-brief lists).
 * Each brief's citations then link to the merged entry.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { hasClass, idPrefix, type BriefPart } from './volume.ts';

export interface MergedReferences {
  /** The parts without their own References, their citations linking to the merged list. */
  parts: BriefPart[];
  /** The merged list for the print volume. */
  print: Element;
  /** The same list as the EPUB's last section; `ids`: `<slug>\0<entry id in the brief>` → merged id. */
  epub: { title: string; body: Root; ids: Map<string, string> };
}

export function mergeReferences(parts: BriefPart[], o: { title: string; lang: string }): MergedReferences {
  const byText = new Map<string, Element>();
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const merged = parts.map((part) => {
    const prefix = idPrefix(part.slug);
    const print = structuredClone(part.print);
    const local = new Map<string, string>();
    print.children = print.children.filter((node) => {
      if (node.type !== 'element') return true;
      if (node.tagName === 'h2' && hasClass(node, 'references-title')) return false;
      if (!hasClass(node, 'references')) return true;
      for (const entry of node.children) {
        if (entry.type !== 'element' || typeof entry.properties.id !== 'string') continue;
        const own = entry.properties.id.slice(prefix.length);
        const text = toString(entry).replace(/\s+/g, ' ').trim();
        let id = byText.get(text)?.properties.id as string | undefined;
        if (!id) {
          id = `volume--${own}`;
          for (let n = 2; taken.has(id); n++) id = `volume--${own}-${n}`;
          taken.add(id);
          byText.set(text, { ...structuredClone(entry), properties: { ...entry.properties, id } });
        }
        ids.set(`${part.slug}\0${own}`, id);
        local.set(entry.properties.id, id);
      }
      return false;
    });
    visit(print, 'element', (el: Element) => {
      const href = el.properties.href;
      const to = typeof href === 'string' && href.startsWith('#') ? local.get(href.slice(1)) : undefined;
      if (to) el.properties.href = `#${to}`;
    });
    return { ...part, print };
  });
  const collator = new Intl.Collator(o.lang);
  const entries = [...byText.entries()].sort(([a], [b]) => collator.compare(a, b)).map(([, el]) => el);
  const list = () => h('div.references.csl-bib-body', { role: 'list' }, structuredClone(entries) as ElementContent[]);
  return {
    parts: merged,
    print: h('section.volume-references', { ariaLabelledBy: 'volume--references' }, [h('h1.references-title#volume--references', o.title), list()]),
    epub: { title: o.title, body: { type: 'root', children: [h('h2.references-title', o.title), list()] }, ids },
  };
}
