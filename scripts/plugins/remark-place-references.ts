/**
 * remark plugin (render, after remark-render-citations): the References go
 * where the author put their heading, else under a new heading at the end of
 * the body. Footnote definitions may stand anywhere (often right after their
 * paragraph) and are gathered into the notes section after the body, so their
 * position says nothing about where the body ends. The list is a
 * `bibliography` node whose HTML is given through `data.hName/hProperties/hChildren`.
 */
import type { Root, Data, Node } from 'mdast';
import type { VFile } from 'vfile';
import { h } from 'hastscript';
import { toString } from 'mdast-util-to-string';
import { refId } from '../lib/csl.ts';
import { fragment } from './remark-render-citations.ts';

export interface Options {
  /** The heading of the References, in the brief's language. */
  title: string;
}

/** The rendered bibliography, as an mdast node that knows its HTML. */
export interface BibliographyNode extends Node {
  type: 'bibliography';
  data: Data;
}

declare module 'mdast' {
  interface RootContentMap {
    bibliography: BibliographyNode;
  }
}

export default function remarkPlaceReferences(options: Options) {
  const title = options.title;
  return function transform(tree: Root, file: VFile): void {
    const entries = file.data.renderedCitations?.entries ?? [];
    if (entries.length === 0) return;
    const list: BibliographyNode = {
      type: 'bibliography',
      data: {
        hName: 'div',
        hProperties: { className: ['references', 'csl-bib-body'], role: 'list' },
        hChildren: entries.map((entry) => {
          const el = fragment(entry.html)[0] ?? h('div');
          if (el.type === 'element') el.properties = { ...el.properties, id: refId(entry.id), role: 'listitem', dir: 'auto' };
          return el;
        }),
      },
    };
    const index = tree.children.findIndex((n) => n.type === 'heading' && toString(n).trim().toLowerCase() === title.toLowerCase());
    if (index !== -1) tree.children.splice(index + 1, 0, list);
    else tree.children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: title }] }, list);
  };
}

