/**
 * remark plugin (render, after remark-render-citations): in a notes style, a
 * citation in the text becomes a footnote of its own, numbered with the
 * author's footnotes (mdast-util-to-hast numbers notes by first reference). A
 * narrative citation keeps the author's name in the text, as pandoc does.
 * Does nothing in an author-date style.
 */
import type { Root, FootnoteDefinition, FootnoteReference, PhrasingContent } from 'mdast';
import type { ElementContent } from 'hast';
import type { VFile } from 'vfile';
import { toString } from 'hast-util-to-string';
import { EXIT, visit } from 'unist-util-visit';
import type { Citation } from '../lib/types.ts';
import { citationData } from './remark-render-citations.ts';

export default function remarkCitationNotes() {
  return function transform(tree: Root, file: VFile): void {
    const rendered = file.data.renderedCitations;
    if (!rendered?.isNoteStyle) return;
    let n = 0;
    for (const { node, inNote, children, author } of rendered.citations) {
      if (inNote) continue;
      const identifier = `cite-note-${++n}`;
      // A note is a sentence: it ends with a full stop.
      const note = structuredClone(children);
      if (!/[.!?]["”’]?$/.test(toString({ type: 'root', children: note }))) endWith(note, '.');
      const definition: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier,
        label: identifier,
        children: [{ type: 'paragraph', children: [{ ...node, data: citationData(note) }] }],
      };
      tree.children.push(definition);
      const reference: FootnoteReference = { type: 'footnoteReference', identifier, label: identifier, position: node.position };
      const name: Citation = { type: 'citation', mode: 'narrative', items: node.items, value: node.value, data: citationData(author) };
      replace(tree, node, node.mode === 'narrative' && author.length ? [name, reference] : [reference]);
    }
  };
}

/** Append text at the end, joined to a final text node if there is one. */
function endWith(nodes: ElementContent[], text: string): void {
  const last = nodes.at(-1);
  if (last?.type === 'text') last.value += text;
  else nodes.push({ type: 'text', value: text });
}

/** Put `nodes` where `node` is in its parent. */
function replace(tree: Root, node: Citation, nodes: PhrasingContent[]): void {
  visit(tree, 'citation', (n, index, parent) => {
    if (n !== node || !parent || index === undefined) return undefined;
    parent.children.splice(index, 1, ...nodes);
    return EXIT;
  });
}
