/**
 * remark plugin: integrity of citations, bibliographies and footnotes.
 *
 * Rules: missing-reference, duplicate-reference, unused-reference,
 * incomplete-reference, missing-bibliography, undefined-footnote,
 * unused-footnote. Messages for bibliography entries are put on the
 * bibliography's own file, at the entry.
 */
import type { Root, FootnoteDefinition, FootnoteReference, Text } from 'mdast';
import { location } from 'vfile-location';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Position, Point } from 'unist';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { levenshteinEditDistance } from 'levenshtein-edit-distance';
import type { Bibliography, BibEntry } from '../lib/bibliography.ts';
import type { Citation } from '../lib/types.ts';
import { RULES, SOURCE, type RuleId } from '../lib/rules.ts';
import { VFileMessage } from 'vfile-message';

export interface Options {
  /** The brief's bibliography, already loaded (see stages/load.ts). */
  bibliography: Bibliography;
  /** Keys from `nocite`; `*` means every entry. Default: none. */
  nocite?: string[];
}

/** Check that every citation resolves and every entry is whole and used. */
export default function remarkReferenceCheck(options: Options) {
  const { bibliography } = options;
  const nocite = new Set((options.nocite ?? []).map((k) => k.replace(/^@/, '')));
  return function transform(tree: Root, file: VFile) {
    const cited = new Set<string>();
    const citations: Citation[] = [];
    visit(tree, 'citation', (node: Citation) => {
      citations.push(node);
    });

    if (citations.length > 0 && bibliography.files.length === 0) {
      error(file, 'Citations found but no bibliography: add `bibliography: refs.bib` to the front matter or put `references.bib` beside the brief', citations[0]?.position, RULES.missingBibliography);
    }
    // A bibliography that failed to load is reported already; checking keys
    // against what is left would only add noise.
    if (bibliography.failed) {
      checkFootnotes(tree, file);
      return;
    }
    const keys = [...bibliography.byKey.keys()];
    // Keys suggested for a typo are not also reported as unused.
    const suggested = new Set<string>();
    for (const citation of citations) {
      for (const item of citation.items) {
        cited.add(item.key);
        if (bibliography.byKey.has(item.key) || bibliography.files.length === 0) continue;
        const hint = nearest(item.key, keys);
        if (hint) suggested.add(hint);
        error(file, `Citation key \`${item.key}\` is in no bibliography${hint ? `; did you mean \`${hint}\`?` : ''}`, item.position, RULES.missingReference);
      }
    }

    // Duplicates: the same key twice (an error), the same DOI twice (a warning).
    const firstOfKey = new Map<string, BibEntry>();
    const firstOfDoi = new Map<string, BibEntry>();
    for (const entry of bibliography.entries) {
      const prior = firstOfKey.get(entry.id);
      if (prior) {
        entry.file.message(`Duplicate key \`${entry.id}\``, { place: entry.place, ruleId: RULES.duplicateReference, source: SOURCE, cause: definedHere(prior) });
        continue;
      }
      firstOfKey.set(entry.id, entry);
      const doi = typeof entry.item.DOI === 'string' ? entry.item.DOI.toLowerCase() : '';
      const sameDoi = doi && firstOfDoi.get(doi);
      if (sameDoi) {
        warn(entry.file, `Entry \`${entry.id}\` has the same DOI as \`${sameDoi.id}\` (${where(sameDoi)})`, entry.place, RULES.duplicateDoi);
      } else if (doi) firstOfDoi.set(doi, entry);
    }

    for (const entry of firstOfKey.values()) {
      if (!cited.has(entry.id) && !suggested.has(entry.id) && !nocite.has(entry.id) && !nocite.has('*')) {
        warn(entry.file, `Entry \`${entry.id}\` is never cited in \`${file.path}\` (cite it or list it in \`nocite\`)`, entry.place, RULES.unusedReference);
      }
      if (cited.has(entry.id) || nocite.has(entry.id) || nocite.has('*')) checkComplete(entry);
    }

    checkFootnotes(tree, file);
  };
}

/** What a reader needs to find an entry again, by CSL type. */
function checkComplete(entry: BibEntry): void {
  const { item } = entry;
  const missing = (reason: string, ruleId: RuleId) => warn(entry.file, `Entry \`${entry.id}\` ${reason}`, entry.place, ruleId);
  const has = (field: string) => {
    const value = item[field];
    if (Array.isArray(value)) return value.length > 0;
    if (value && typeof value === 'object') return Object.keys(value).length > 0;
    return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
  };
  const web = ['webpage', 'post-weblog', 'post'].includes(item.type);
  if (!has('title')) missing('has no title', RULES.incompleteReference);
  const creator = ['author', 'editor', 'container-author', 'composer', 'director', 'interviewer', 'translator'].some(has);
  if (!creator && !(web && (has('container-title') || has('publisher')))) {
    missing('has no author, editor or organisation (use a literal name such as `{United Nations}`)', RULES.incompleteReference);
  }
  if (!has('issued') && !(web && has('accessed'))) missing(web ? 'has no date (nor an access date)' : 'has no date', RULES.incompleteReference);
  const needs: Record<string, string[][]> = {
    'article-journal': [['container-title']],
    'article-magazine': [['container-title']],
    'article-newspaper': [['container-title']],
    chapter: [['container-title'], ['publisher']],
    'paper-conference': [['container-title', 'event-title', 'event']],
    book: [['publisher']],
    report: [['publisher', 'authority', 'author']],
    thesis: [['publisher']],
    webpage: [['URL']],
    'post-weblog': [['URL']],
    speech: [['publisher', 'event-title', 'event', 'event-place']],
  };
  for (const alternatives of needs[item.type] ?? []) {
    if (!alternatives.some(has)) missing(`(${item.type}) has no \`${alternatives[0]}\``, RULES.sparseReference);
  }
  const doi = item.DOI;
  if (typeof doi === 'string' && !/^10\.\d{4,9}\/\S+$/.test(doi.replace(/^https?:\/\/(dx\.)?doi\.org\//, ''))) {
    missing(`has a malformed DOI \`${doi}\``, RULES.malformedIdentifier);
  }
  const url = item.URL;
  if (typeof url === 'string' && !isWebUrl(url)) missing(`has a malformed URL \`${url}\``, RULES.malformedIdentifier);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    return false;
  }
}

function checkFootnotes(tree: Root, file: VFile): void {
  const loc = location(file);
  const definitions = new Map<string, FootnoteDefinition>();
  const referenced = new Set<string>();
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  visit(tree, 'footnoteReference', (node: FootnoteReference) => {
    referenced.add(node.identifier);
    if (!definitions.has(node.identifier)) {
      error(file, `Footnote \`[^${node.label ?? node.identifier}]\` has no definition`, node.position, RULES.undefinedFootnote);
    }
  });
  // GFM parses `[^x]` as a reference only when `x` is defined: an undefined one
  // stays text, so look for it there.
  visit(tree, 'text', (node: Text) => {
    const start = node.position?.start.offset;
    if (start === undefined) return;
    for (const m of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
      if (definitions.has(normalizeIdentifier(m[1]!).toLowerCase())) continue;
      const from = start + m.index;
      const place = { start: loc.toPoint(from) as Point, end: loc.toPoint(from + m[0].length) as Point };
      error(file, `Footnote \`${m[0]}\` has no definition`, place, RULES.undefinedFootnote);
    }
  });
  for (const [id, node] of definitions) {
    if (!referenced.has(id)) {
      warn(file, `Footnote \`[^${node.label ?? id}]\` is defined but never referenced`, node.position, RULES.unusedFootnote);
    }
  }
}

/** A second location for a message: where an entry was first defined. */
function definedHere(entry: BibEntry): VFileMessage {
  const cause = new VFileMessage('First defined here', { place: entry.place, ruleId: RULES.duplicateReference, source: SOURCE });
  cause.file = entry.file.path;
  return cause;
}

/** The closest key within a small edit distance, for "did you mean". */
export function nearest(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = levenshteinEditDistance(key, candidate, true);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function where(entry: BibEntry): string {
  return `${entry.file.path}:${entry.place.line}:${entry.place.column}`;
}

type Place = Position | Point | undefined;

function error(file: VFile, reason: string, place: Place, ruleId: string): void {
  file.message(reason, { place, ruleId, source: SOURCE });
}

function warn(file: VFile, reason: string, place: Place, ruleId: string): void {
  file.message(reason, { place, ruleId, source: SOURCE });
}

