/**
 * remark plugin: integrity of citations, bibliographies and footnotes.
 *
 * Rules: missing-reference, duplicate-reference, repeated-entry,
 * duplicate-doi, unused-reference, incomplete-reference, sparse-reference,
 * malformed-identifier, missing-bibliography, undefined-footnote,
 * unused-footnote. Messages for bibliography entries are put on the
 * bibliography's own file, at the entry; a second place goes in `cause`.
 * Severity comes from the table in lib/rules.ts, never from here.
 */
import type { Root, FootnoteDefinition, FootnoteReference, Text, Yaml } from 'mdast';
import { location } from 'vfile-location';
import { VFileMessage } from 'vfile-message';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Position, Point } from 'unist';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { levenshteinEditDistance } from 'levenshtein-edit-distance';
import type { Bibliography, BibEntry } from '../lib/bibliography.ts';
import type { Citation } from '../lib/types.ts';
import { checkEntry, isDoi, normalDoi } from '../lib/reference-rules.ts';
import { RULES, SOURCE, type RuleId } from '../lib/rules.ts';
import { looksLikeCrossref } from '../lib/crossref.ts';

export interface Options {
  /** The brief's bibliography, already loaded (see stages/load.ts). */
  bibliography: Bibliography;
  /** Keys from `nocite`; `*` means every entry. Default: none. */
  nocite?: string[];
}

/** Cross-reference labels, not citations (lib/crossref.ts); a key of this shape that is in the bibliography is still a citation. */
export function isCrossReference(key: string): boolean {
  return looksLikeCrossref(key);
}

/** Check that every citation resolves and every entry is whole and used. */
export default function remarkReferenceCheck(options: Options) {
  const { bibliography } = options;
  const nocite = new Set((options.nocite ?? []).map((k) => k.replace(/^@/, '')));
  return function transform(tree: Root, file: VFile) {
    const cited = new Set<string>();
    const citations: Citation[] = [];
    visit(tree, 'citation', (node: Citation) => {
      if (node.items.some((item) => bibliography.byKey.has(item.key) || !isCrossReference(item.key))) citations.push(node);
    });

    if (citations.length > 0 && bibliography.files.length === 0) {
      report(file, 'Citations found but no bibliography: add `bibliography: refs.bib` to the front matter or put `references.bib` beside the brief', citations[0]?.position, RULES.missingBibliography);
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
        if (bibliography.byKey.has(item.key) || bibliography.files.length === 0 || isCrossReference(item.key)) continue;
        const hint = nearest(item.key, keys);
        if (hint) suggested.add(hint);
        report(file, `Citation key \`${item.key}\` is in no bibliography${hint ? `; did you mean \`${hint}\`?` : ''}`, item.position, RULES.missingReference);
      }
    }

    // Duplicates: the same key with other content (an error), the same entry
    // twice (as merged bibliographies have: information), the same DOI under
    // two keys (a warning).
    const firstOfKey = new Map<string, BibEntry>();
    const firstOfDoi = new Map<string, BibEntry>();
    for (const entry of bibliography.entries) {
      const prior = firstOfKey.get(entry.id);
      if (prior) {
        const same = canonical(prior) === canonical(entry);
        report(
          entry.file,
          same ? `Entry \`${entry.id}\` is repeated with the same fields; the first copy is used` : `Duplicate key \`${entry.id}\` with different fields`,
          entry.place,
          same ? RULES.repeatedEntry : RULES.duplicateReference,
          firstDefined(prior, same ? RULES.repeatedEntry : RULES.duplicateReference, entry),
        );
        continue;
      }
      firstOfKey.set(entry.id, entry);
      const doi = typeof entry.item.DOI === 'string' && isDoi(entry.item.DOI) ? normalDoi(entry.item.DOI) : '';
      const sameDoi = doi && firstOfDoi.get(doi);
      if (sameDoi) {
        report(entry.file, `Entry \`${entry.id}\` has the same DOI as \`${sameDoi.id}\``, entry.place, RULES.duplicateDoi, firstDefined(sameDoi, RULES.duplicateDoi, entry));
      } else if (doi) firstOfDoi.set(doi, entry);
    }

    for (const entry of firstOfKey.values()) {
      const listed = cited.has(entry.id) || nocite.has(entry.id) || nocite.has('*');
      if (!listed && !suggested.has(entry.id)) {
        report(entry.file, `Entry \`${entry.id}\` is never cited in \`${file.path}\` (cite it or list it in \`nocite\`)`, entry.place, RULES.unusedReference);
      }
      if (!listed) continue;
      for (const finding of checkEntry(entry.item)) {
        const ruleId = finding.kind === 'incomplete' ? RULES.incompleteReference : finding.kind === 'sparse' ? RULES.sparseReference : RULES.malformedIdentifier;
        report(entry.file, `Entry \`${entry.id}\` ${finding.reason}`, entry.place, ruleId);
      }
    }

    checkFootnotes(tree, file);
  };
}

/** An entry's fields in a fixed order, to tell a repeated entry from a clash. */
function canonical(entry: BibEntry): string {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sort(v)]))
        : value;
  return JSON.stringify(sort(entry.item));
}

function firstDefined(entry: BibEntry, ruleId: RuleId, from: BibEntry): VFileMessage {
  // Reporters print a cause's place but not its file: name the file when it is another.
  const reason = entry.file === from.file ? 'First defined here' : `First defined in \`${entry.file.path}\``;
  const cause = new VFileMessage(reason, { place: entry.place, ruleId, source: SOURCE });
  cause.file = entry.file.path;
  return cause;
}

function checkFootnotes(tree: Root, file: VFile): void {
  const loc = location(file);
  const definitions = new Map<string, FootnoteDefinition>();
  const referenced = new Set<string>();
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  // A note referenced from the front matter (an author's affiliation note,
  // as pandoc templates allow) is used, though no Markdown node points at it.
  visit(tree, 'yaml', (node: Yaml) => {
    for (const m of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) referenced.add(normalizeIdentifier(m[1]!).toLowerCase());
  });
  visit(tree, 'footnoteReference', (node: FootnoteReference) => {
    referenced.add(node.identifier);
    if (!definitions.has(node.identifier)) {
      report(file, `Footnote \`[^${node.label ?? node.identifier}]\` has no definition`, node.position, RULES.undefinedFootnote);
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
      report(file, `Footnote \`${m[0]}\` has no definition`, place, RULES.undefinedFootnote);
    }
  });
  for (const [id, node] of definitions) {
    if (!referenced.has(id)) {
      report(file, `Footnote \`[^${node.label ?? id}]\` is defined but never referenced`, node.position, RULES.unusedFootnote);
    }
  }
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

function report(file: VFile, reason: string, place: Position | Point | undefined, ruleId: RuleId, cause?: VFileMessage): void {
  file.message(reason, { place, ruleId, source: SOURCE, ...(cause && { cause }) });
}
