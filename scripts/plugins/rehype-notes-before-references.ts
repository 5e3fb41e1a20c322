/**
 * rehype plugin (render, after rehype-section-roles): the notes section goes
 * before the References, as Chicago orders the back matter (notes, then
 * bibliography). remark-rehype appends the notes after everything, so a brief
 * whose References come last would otherwise end Notes-after-References. Only
 * top-level nodes move; a brief with no References heading is left as it is.
 * In the PDF with footnotes at the foot of the page, the notes then leave this
 * section for their pages (stages/pdf-footnotes-page.ts).
 */
import type { Root, Element, RootContent } from 'hast';

const isElement = (node: RootContent | undefined, test: (el: Element) => boolean): node is Element => node?.type === 'element' && test(node);
const hasClass = (el: Element, name: string) => [el.properties.className].flat().map(String).includes(name);

export default function rehypeNotesBeforeReferences() {
  return function transform(tree: Root): void {
    const notesAt = tree.children.findIndex((n) => isElement(n, (el) => el.tagName === 'section' && el.properties.dataFootnotes !== undefined));
    const titleAt = tree.children.findIndex((n) => isElement(n, (el) => el.tagName === 'h2' && hasClass(el, 'references-title')));
    if (notesAt === -1 || titleAt === -1 || notesAt < titleAt) return;
    const [notes] = tree.children.splice(notesAt, 1);
    tree.children.splice(titleAt, 0, notes!, { type: 'text', value: '\n' });
  };
}
