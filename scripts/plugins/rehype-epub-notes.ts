/**
 * rehype plugin (EPUB only, run on each chapter after the split): the notes
 * a chapter cites become `<aside epub:type="footnote" role="doc-footnote">`
 * at the end of that chapter, and each reference an `<a epub:type="noteref"
 * role="doc-noteref">` to its aside in the same file. This is the markup
 * Apple Books, Kobo and Thorium open in a pop-up (EPUB 3 Structural
 * Semantics; DPUB-ARIA roles, which DAISY Ace asks to match the epub:type).
 * Each aside starts with its number as a `doc-backlink` to the reference.
 *
 * The notes come from the notes sections that mdast-util-to-hast writes
 * (`section[dataFootnotes] > ol > li`), taken out of the book by the caller
 * (stages/epub.ts), each known by the file it was in and its id: references
 * are `a[dataFootnoteRef]` to `file#id` (or `#id` in the same file, as in a
 * collection's EPUB), back-references `a[dataFootnoteBackref]`. A note cited
 * from two chapters is in both; a note cited inside a note goes with the note
 * that cites it.
 */
import type { Root, Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';

export interface Options {
  /** The notes (the `li` elements of the notes sections), by `file#id` of where they were. */
  notes: ReadonlyMap<string, Element>;
  /** This chapter's file: a link `#id` points into it. */
  file: string;
}

/** The `file#id` a link points at, with `#id` read as this file's. */
export function linkKey(href: string, file: string): string | undefined {
  const hash = href.indexOf('#');
  if (hash < 0) return undefined;
  return `${hash === 0 ? file : href.slice(0, hash)}#${decodeURIComponent(href.slice(hash + 1))}`;
}

export default function rehypeEpubNotes(options: Options) {
  const { notes, file } = options;
  /** The note (its `file#id`) a link in `base` points at, if it is one of the notes. */
  const noteOf = (href: unknown, base: string): string | undefined => {
    const key = typeof href === 'string' ? linkKey(href, base) : undefined;
    return key !== undefined && notes.has(key) ? key : undefined;
  };

  return function transform(tree: Root): void {
    /** Note id → the ids of its references in this chapter, in reading order. */
    const cited = new Map<string, string[]>();
    /** Each reference's content (the note's number as the text shows it), by the reference's id. */
    const numbers = new Map<string, ElementContent[]>();
    const asides: Element[] = [];
    /** The `file#id` of each aside's note. */
    const keys: string[] = [];
    /** Mark the references under `node`, which was in the file `base`; queue the notes they cite. */
    const markReferences = (node: Root | Element, base: string) => {
      visit(node, 'element', (el: Element) => {
        if (el.tagName !== 'a' || el.properties.dataFootnoteRef === undefined) return;
        const key = noteOf(el.properties.href, base);
        if (!key) return;
        const id = key.slice(key.indexOf('#') + 1);
        el.properties.href = `#${id}`;
        el.properties['epub:type'] = 'noteref';
        el.properties.role = 'doc-noteref';
        // It named the notes section's heading, which is no longer in the book.
        delete el.properties.ariaDescribedBy;
        const refs = cited.get(key) ?? [];
        if (typeof el.properties.id === 'string') {
          refs.push(el.properties.id);
          numbers.set(el.properties.id, el.children);
        }
        if (!cited.has(key)) {
          cited.set(key, refs);
          const aside = h('aside', { id, className: ['footnote'], role: 'doc-footnote' });
          aside.properties['epub:type'] = 'footnote';
          asides.push(aside);
          keys.push(key);
        }
      });
    };
    markReferences(tree, file);
    // Fill the asides in order; a note cited inside a note is queued behind it.
    for (let i = 0; i < asides.length; i++) {
      const aside = asides[i]!;
      const note = structuredClone(notes.get(keys[i]!)!);
      aside.children = note.children;
      // A reference inside a note was written in the note's own file.
      markReferences(aside, keys[i]!.slice(0, keys[i]!.indexOf('#')));
      const refs = cited.get(keys[i]!) ?? [];
      fillAside(aside, refs, structuredClone(numbers.get(refs[0] ?? '') ?? []));
    }
    if (asides.length === 0) return;
    const section = h('section', { className: ['footnotes'] }, asides);
    section.properties['epub:type'] = 'footnotes';
    tree.children.push(section);
  };
}

/**
 * Drop the back-references to other chapters' references; the first one of
 * this chapter becomes the number at the start of the note, later ones stay
 * where they were, all pointing into this file.
 */
function fillAside(aside: Element, refs: string[], number: ElementContent[]): void {
  let label: string | undefined;
  const emptied = new Set<Element | Root>();
  visit(aside, 'element', (el: Element, index, parent) => {
    if (el.tagName !== 'a' || el.properties.dataFootnoteBackref === undefined || !parent || index === undefined) return undefined;
    const target = String(el.properties.href ?? '').replace(/^[^#]*#/, '');
    label ??= typeof el.properties.ariaLabel === 'string' ? el.properties.ariaLabel : undefined;
    if (!refs.includes(target) || target === refs[0]) {
      parent.children.splice(index, 1);
      // remark-rehype put a space before each back-reference: it goes with it.
      const next = parent.children[index];
      if (next?.type === 'text' && next.value.trim() === '') parent.children.splice(index, 1);
      emptied.add(parent);
      return index;
    }
    el.properties.href = `#${target}`;
    el.properties.role = 'doc-backlink';
    return undefined;
  });
  // The blank before the last one removed.
  for (const parent of emptied) {
    while (true) {
      const last = parent.children.at(-1);
      if (last?.type !== 'text') break;
      last.value = last.value.trimEnd();
      if (last.value) break;
      parent.children.pop();
    }
  }
  const first = refs[0];
  if (!first) return;
  const backlink = h('a', { href: `#${first}`, role: 'doc-backlink', className: ['note-number'], ...(label ? { ariaLabel: label } : {}) }, number);
  const lead = aside.children.find((c): c is Element => c.type === 'element');
  if (lead?.tagName === 'p') lead.children.unshift(backlink, { type: 'text', value: ' ' });
  else aside.children.unshift(h('p', [backlink]));
}
