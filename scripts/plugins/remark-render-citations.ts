/**
 * remark plugin (render): every citation is rendered with CSL in one pass,
 * numbered with the footnotes in reading order (a notes style needs the note
 * each citation sits in). Each citation node gets its HTML through
 * `data.hName/hProperties/hChildren`, which mdast-util-to-hast honours for any
 * node; the clusters and the bibliography entries go to
 * `file.data.renderedCitations` for remark-citation-notes and
 * remark-place-references.
 */
import type { Root, FootnoteDefinition, Data } from 'mdast';
import type { ElementContent, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { fromHtml } from 'hast-util-from-html';
import { SKIP, visit } from 'unist-util-visit';
import type { Bibliography } from '../lib/bibliography.ts';
import { renderCitations } from '../lib/csl.ts';
import type { Citation } from '../lib/types.ts';

export interface Options {
  bibliography: Bibliography;
  /** The CSL style, as XML. */
  styleXml: string;
  lang: string;
  /** Keys listed without a citation (`nocite`; `@*` lists all). */
  nocite: string[];
}

/** A rendered citation, in reading order. */
export interface RenderedCitation {
  node: Citation;
  /** Written inside a footnote. */
  inNote: boolean;
  /** Its rendering. */
  children: ElementContent[];
  /** Notes styles, narrative citations: the author part alone, for the text. */
  author: ElementContent[];
}

declare module 'vfile' {
  interface DataMap {
    renderedCitations: {
      isNoteStyle: boolean;
      citations: RenderedCitation[];
      /** The bibliography entries in style order: the `ref-` id's key and the entry's HTML. */
      entries: Array<{ id: string; html: string }>;
    };
  }
}

/** HTML from citeproc as hast nodes. */
export function fragment(html: string): ElementContent[] {
  return fromHtml(html, { fragment: true }).children.filter((n: RootContent): n is ElementContent => n.type !== 'doctype');
}

/** How a citation node turns into hast: a span isolated from text of the other direction. */
export function citationData(children: ElementContent[]): Data {
  return { hName: 'span', hProperties: { className: ['citation'], dir: 'auto' }, hChildren: children };
}

export default function remarkRenderCitations(options: Options) {
  return function transform(tree: Root, file: VFile): void {
    // Collect in reading order, with the note each belongs to.
    const found: Array<{ node: Citation; inNote: boolean; noteIndex: number }> = [];
    const definitions = new Map<string, FootnoteDefinition>();
    visit(tree, 'footnoteDefinition', (d: FootnoteDefinition) => {
      definitions.set(d.identifier, d);
    });
    let note = 0;
    const numbered = new Set<string>();
    visit(tree, (node) => {
      if (node.type === 'footnoteDefinition') return SKIP;
      if (node.type === 'footnoteReference') {
        if (numbered.has(node.identifier)) return undefined;
        numbered.add(node.identifier);
        const noteIndex = ++note;
        const definition = definitions.get(node.identifier);
        if (definition) visit(definition, 'citation', (c: Citation) => void found.push({ node: c, inNote: true, noteIndex }));
        return undefined;
      }
      if (node.type === 'citation') found.push({ node, inNote: false, noteIndex: ++note });
      return undefined;
    });

    const items = new Map([...options.bibliography.byKey].map(([key, entry]) => [key, entry.item]));
    const nocite = options.nocite.map((k) => k.replace(/^@/, ''));
    const rendered = renderCitations({
      styleXml: options.styleXml,
      lang: options.lang,
      items,
      clusters: found.map(({ node, noteIndex }) => ({ items: node.items, mode: node.mode, noteIndex })),
      uncited: nocite.includes('*') ? [...items.keys()] : nocite,
    });
    const citations = found.map(({ node, inNote }, i): RenderedCitation => {
      const children = fragment(rendered.clusters[i] ?? '');
      // In a note, the author's own punctuation ends the sentence, not the style's.
      if (rendered.isNoteStyle && inNote) dropFinalPeriod(children);
      node.data = citationData(children);
      const author = rendered.authors[i];
      return { node, inNote, children, author: author ? fragment(author) : [] };
    });
    file.data.renderedCitations = { isNoteStyle: rendered.isNoteStyle, citations, entries: rendered.entries };
  };
}

/** Remove a full stop that ends the last text of these nodes. */
function dropFinalPeriod(nodes: ElementContent[]): void {
  let last = nodes.at(-1);
  while (last?.type === 'element') last = last.children.at(-1);
  if (last?.type === 'text' && last.value.endsWith('.')) last.value = last.value.slice(0, -1);
}
