/**
 * A paragraph (or table cell) flattened to plain text once, each character
 * mapped back to the Markdown with `lib/source-map.ts`; inline nodes that are
 * not prose become one placeholder character each, so the finders work on a
 * string and the reporter maps their offsets back to the source.
 */
import type { Html, PhrasingContent } from 'mdast';
import type { Position } from 'unist';
import { toString } from 'mdast-util-to-string';
import { mapText } from '../../lib/source-map.ts';
import { looksLikeCrossref } from '../../lib/crossref.ts';

/** Placeholder for inline nodes that are not prose (code, math, images, bare links). */
export const OPAQUE = '\uE000';
/** Placeholder for a citation. */
export const CITE = '\uE001';
/** Placeholder for a footnote reference. */
export const NOTE = '\uE002';

/** Text of a paragraph, with each character's span in the source. */
export interface Flat {
  text: string;
  start: number[];
  end: number[];
  /** Indices of citation markers and of references to notes that give a source. */
  covering: Set<number>;
  /** Inline HTML (exemption comments are read from these). */
  comments: Html[];
  /** Indices where a link to a web page starts: a source given as a URL. */
  links: number[];
}

/**
 * Flatten phrasing content; `isSourceNote(identifier)` tells whether a footnote
 * gives a source, `isEntry(key)` whether a key names a bibliography entry (a
 * key shaped like a cross-reference, `@fig-other`, may be one).
 */
export function flatten(nodes: PhrasingContent[], source: string, isSourceNote: (id: string) => boolean, isEntry: (key: string) => boolean = () => false): Flat {
  const flat: Flat = { text: '', start: [], end: [], covering: new Set(), comments: [], links: [] };
  const mark = (ch: string, pos: Position | undefined, covering: boolean) => {
    if (covering) flat.covering.add(flat.text.length);
    flat.text += ch;
    const from = pos?.start.offset ?? flat.end.at(-1) ?? 0;
    flat.start.push(from);
    flat.end.push(pos?.end.offset ?? from);
  };
  const text = (value: string, pos: Position | undefined) => {
    const from = pos?.start.offset;
    const to = pos?.end.offset;
    if (from === undefined || to === undefined) {
      const at = flat.end.at(-1) ?? 0;
      for (const ch of value) mark(ch, { start: { line: 0, column: 0, offset: at }, end: { line: 0, column: 0, offset: at } }, false);
      return;
    }
    const map = mapText(value, source, from, to);
    flat.text += value;
    flat.start.push(...map.start);
    flat.end.push(...map.end);
  };
  const walk = (children: PhrasingContent[]) => {
    for (const node of children) {
      switch (node.type) {
        case 'text':
          text(node.value, node.position);
          break;
        case 'citation':
          // A citation made only of cross-references (`@fig:map`, `[@tbl-a; @fig-b]`)
          // points at the brief's own material: it gives no source.
          mark(CITE, node.position, !node.items.every((item) => looksLikeCrossref(item.key) && !isEntry(item.key)));
          break;
        case 'footnoteReference':
          mark(NOTE, node.position, isSourceNote(node.identifier));
          break;
        case 'inlineCode':
        case 'inlineMath': // $x$ (remark-math): a formula, not prose
        case 'image':
        case 'imageReference':
          mark(OPAQUE, node.position, false);
          break;
        case 'html':
          flat.comments.push(node);
          if (/^<a\s[^>]*href=["']?https?:/iu.test(node.value)) flat.links.push(flat.text.length);
          break;
        case 'break':
          mark(' ', node.position, false);
          break;
        case 'link': {
          const label = toString(node);
          // A link to a web page gives a source, unless it only links a name (a person's page).
          if (/^https?:/iu.test(node.url) && !/^\p{Lu}[\p{L}’'.-]+(?:\s+\p{Lu}[\p{L}’'.-]+){1,2}$/u.test(label)) flat.links.push(flat.text.length);
          const bare = node.url.replace(/^mailto:/, '');
          if (label === node.url || label === bare || node.url === `http://${label}` || node.url === `https://${label}`) {
            mark(OPAQUE, node.position, false);
          } else walk(node.children);
          break;
        }
        default:
          if ('children' in node) walk(node.children as PhrasingContent[]);
      }
    }
  };
  walk(nodes);
  return flat;
}
