/**
 * rehype plugin: the notes section is marked as endnotes (ARIA and EPUB
 * semantics), and the References heading gets its class for the templates.
 */
import type { Root, Element } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export interface Options {
  /** The heading of the References, in the brief's language. */
  referencesTitle: string;
}

export default function rehypeSectionRoles(options: Options) {
  return function transform(tree: Root): void {
    visit(tree, 'element', (el: Element) => {
      const className = el.properties.className;
      if (el.tagName === 'section' && Array.isArray(className) && className.includes('footnotes')) {
        el.properties.role = 'doc-endnotes';
        el.properties['epub:type'] = 'endnotes';
      }
      if (el.tagName === 'h2' && toString(el).trim() === options.referencesTitle) el.properties.className = ['references-title'];
    });
  };
}
