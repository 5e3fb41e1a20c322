/**
 * Which footnotes give a source. A note on a sentence counts as that
 * sentence's source when its definition holds:
 *
 * - a citation (`[@key]`, `@key`), or
 * - a link or a bare URL (a web page, a document online), or
 * - a source written as text: an interview, a conversation or correspondence,
 *   an archive or collection, newspapers or editorials, a letter, cable, memo, transcript, press release
 *   or statement, a court filing; or a reference written out by hand — a year
 *   together with a page or volume locator or a title, or a title in italics
 *   or quotation marks with a page or after a name (Chicago short notes:
 *   `Smith, *Title*, 12.`, `Smith, “Title,” 12.`); `Ibid.`; someone's work named
 *   (“Schweninger's comparison”, “the Bureau's survey”)
 *
 * A note that only comments (“See the discussion above.”) gives no source.
 */
import type { FootnoteDefinition, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

const SOURCE_WORDS =
  /\b(?:interview(?:ed|s)?|conversation|correspondence|personal\s+communication|oral\s+history|testimony|archives?|archival|collection|editorials?|newspapers?|papers\s+of|letter|cable|telegram|memorandum|memo|transcript|minutes|press\s+release|communiqu[ée]|statement|speech|filing|affidavit|dossier|file\s+no|box\s+\d|folder\s+\d|accessed|retrieved|available\s+at)\b/iu;
/** Someone's work named in the note: Schweninger's comparison, the Bureau's survey. */
const NAMED_WORK = /\b\p{Lu}[\p{L}-]+['’]s?\s+(?:\p{Ll}+\s+)?(?:comparison|study|survey|data|dataset|count|counts|figures|estimates?|analysis|book|report|research|calculations?|tabulations?|tables?|inventory|catalogue|catalog)\b/u;
const YEAR = /\b(?:1[5-9]\d\d|20\d\d)\b/u;
const LOCATOR = /(?:\bpp?\.\s*\d|\bvol\.\s*\d|\bno\.\s*\d|\bch\.\s*\d|\bf(?:ol)?\.\s*\d|\d+\s*[-–—]{1,3}\s*\d+\b|,\s*[\dxvi]{1,4}[.;]|,\s*\d{1,4}\.?\s*$)/iu;
const QUOTED_TITLE = /[“"‘][^”"’]{6,}[”"’]/u;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+\.\S+|\bdoi:\s*10\.\S+/iu;

/** Whether a piece of text reads as a reference written out by hand (used for notes and for loose bibliography paragraphs). */
export function readsAsReference(text: string, titled = false): boolean {
  if (URL.test(text) && YEAR.test(text)) return true;
  if (/^\s*(?:ibid|id\.|op\.\s*cit|loc\.\s*cit)\b/iu.test(text)) return true;
  const hasTitle = titled || QUOTED_TITLE.test(text);
  const named =
    /^\s*(?:[Ss]ee\s+(?:also\s+)?)?\p{Lu}[\p{L}’'.-]+(?:\s+(?:and|&)\s+\p{Lu}[\p{L}’'.-]+)?(?:\s+et\s+al\.)?,/u.test(text) ||
    /\b\p{Lu}[\p{L}’'.-]+,\s*[“"‘]/u.test(text) ||
    /\bet\s+al\.,?\s*\d/u.test(text);
  return (YEAR.test(text) && (LOCATOR.test(text) || hasTitle)) || (hasTitle && (LOCATOR.test(text) || named)) || (named && LOCATOR.test(text));
}

/** Whether a footnote definition gives a source for the sentence that calls it. */
export function givesSource(def: FootnoteDefinition): boolean {
  let cited = false;
  let titled = false;
  visit(def, (node) => {
    if (node.type === 'citation' || node.type === 'link' || node.type === 'linkReference') cited = true;
    if (node.type === 'emphasis') titled = true;
  });
  if (cited) return true;
  const text = toString(def);
  if (URL.test(text) || SOURCE_WORDS.test(text) || NAMED_WORK.test(text)) return true;
  return readsAsReference(text, titled);
}

/** Identifiers of the footnotes in a tree that give a source. */
export function sourceNotes(tree: Root): Set<string> {
  const ids = new Set<string>();
  visit(tree, 'footnoteDefinition', (def: FootnoteDefinition) => {
    if (givesSource(def)) ids.add(def.identifier);
  });
  return ids;
}
