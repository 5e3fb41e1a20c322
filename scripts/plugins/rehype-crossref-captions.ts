/**
 * rehype plugin (render): captions of numbered figures and tables. A table's
 * caption paragraph (`p.table-caption`, plugins/remark-table-captions.ts)
 * moves into the table beside it as its `<caption>`, with the caption's id on
 * the table; a labelled image's id moves to its figure (the link target is
 * the whole figure, as pandoc writes it). Each numbered caption starts with
 * "Figure 1." / "Table 1." in the brief's language; the figures and tables
 * go to `file.data.crossrefLists` for the lists of figures and tables.
 * A Quarto float div (`::: {#fig-x}`) gets its last paragraph as its
 * caption (`p.float-caption`); the figures or tables inside it are labelled `(a)`, `(b)`.
 * A labelled equation (`span.equation`) gets its number, `(1)`.
 * Run after rehype-figures and rehype-mathml.
 */
import type { Root, Element, ElementContent } from 'hast';
import type { VFile } from 'vfile';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import { capitalise, type Label } from '../lib/crossref.ts';

export interface Options {
  /** The words for a caption's label: `Figure`, `Table`. */
  figure: string;
  table: string;
}

/** A numbered figure or table, for a list of figures or tables. */
export interface ListEntry {
  id: string;
  /** `Figure 1.` */
  label: string;
  /** The caption's text. */
  text: string;
}

declare module 'vfile' {
  interface DataMap {
    crossrefLists: { fig: ListEntry[]; tbl: ListEntry[] };
  }
}

export default function rehypeCrossrefCaptions(options: Options) {
  return function transform(tree: Root, file: VFile): void {
    const labels = file.data.crossref ?? new Map<string, Label>();
    const lists: { fig: ListEntry[]; tbl: ListEntry[] } = { fig: [], tbl: [] };
    visit(tree, 'element', (el: Element, index, parent) => {
      if (!parent || index === undefined) return undefined;
      if (el.tagName === 'p' && hasClass(el, 'table-caption')) {
        const table = adjacentTable(parent.children, index, hasClass(el, 'table-caption-after') ? -1 : 1);
        if (!table) return undefined;
        parent.children.splice(index, 1);
        const caption = h('caption', el.children);
        const id = el.properties.id;
        if (typeof id === 'string' && !table.properties.id) table.properties.id = id;
        table.children.unshift(caption);
        return [SKIP, index];
      }
      return undefined;
    });
    const seen = new Set<string>();
    const prefix = (label: Label, word: string) => (label.sub ? `(${label.sub})` : `${capitalise(word)} ${label.number}.`);
    visit(tree, 'element', (el: Element) => {
      const own = typeof el.properties.id === 'string' ? labels.get(el.properties.id) : undefined;
      if (el.tagName === 'div' && own && !own.parent && (own.kind === 'fig' || own.kind === 'tbl') && !seen.has(own.id)) {
        // A Quarto float div: its last paragraph is the caption (above a table, below a figure, as Quarto places them).
        // It stays a div: a figure around figures would be a Figure without alternate text in the tagged PDF.
        seen.add(own.id);
        el.properties.className = ['float', ...(Array.isArray(el.properties.className) ? el.properties.className : [])];
        const last = [...el.children].reverse().find((c): c is Element => c.type === 'element');
        const caption = h('p', { className: ['float-caption'] }, last && own.caption.length && last.tagName === 'p' ? el.children.splice(el.children.indexOf(last), 1).flatMap((c) => (c.type === 'element' ? c.children : [])) : []);
        if (own.kind === 'tbl') el.children.unshift(caption);
        else el.children.push(caption);
        lists[own.kind].push(number(caption, prefix(own, own.kind === 'fig' ? options.figure : options.table), own.id));
        return;
      }
      if (el.tagName === 'span' && own?.kind === 'eq' && hasClass(el, 'equation') && !seen.has(own.id)) {
        // A numbered equation (plugins/rehype-mathml.ts wraps a labelled formula): its number at the end of the line, as pandoc-crossref writes it.
        seen.add(own.id);
        el.children.push(h('span', { className: ['equation-number'] }, `(${own.number})`));
        return;
      }
      if (el.tagName === 'figure') {
        const img = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'img');
        const id = img?.properties.id;
        const label = typeof id === 'string' ? labels.get(id) : undefined;
        if (!img || !label || label.kind !== 'fig' || seen.has(label.id)) return;
        seen.add(label.id);
        delete img.properties.id;
        el.properties.id = label.id;
        let caption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
        if (!caption) el.children.push((caption = h('figcaption')));
        const entry = number(caption, prefix(label, options.figure), label.id);
        if (!label.parent) lists.fig.push(entry);
      } else if (el.tagName === 'table') {
        const id = el.properties.id;
        const label = typeof id === 'string' ? labels.get(id) : undefined;
        const caption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
        if (!label || label.kind !== 'tbl' || !caption || seen.has(label.id)) return;
        seen.add(label.id);
        const entry = number(caption, prefix(label, options.table), label.id);
        if (!label.parent) lists.tbl.push(entry);
      }
    });
    file.data.crossrefLists = lists;
  };
}

/** Put the number in front of a caption; its entry for a list (note markers left out). */
function number(caption: Element, label: string, id: string): ListEntry {
  const text = textOf(caption.children).trim();
  caption.children.unshift(h('span', { className: ['caption-label'] }, label), { type: 'text', value: text ? ' ' : '' });
  return { id, label, text };
}

function textOf(nodes: ElementContent[]): string {
  return nodes.map((n) => (n.type === 'element' ? (n.tagName === 'sup' ? '' : textOf(n.children)) : n.type === 'text' ? n.value : toString(n))).join('');
}

/** The table right before (`step` -1) or after (1) a node, blank text between them aside. */
function adjacentTable(siblings: Root['children'] | ElementContent[], index: number, step: -1 | 1): Element | undefined {
  for (let i = index + step; i >= 0 && i < siblings.length; i += step) {
    const s = siblings[i]!;
    if (s.type === 'text' && s.value.trim() === '') continue;
    return s.type === 'element' && s.tagName === 'table' && !s.children.some((c) => c.type === 'element' && c.tagName === 'caption') ? s : undefined;
  }
  return undefined;
}

function hasClass(el: Element, name: string): boolean {
  const className = el.properties.className;
  return Array.isArray(className) && className.includes(name);
}
