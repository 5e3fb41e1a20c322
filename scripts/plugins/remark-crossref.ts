/**
 * remark plugin (render): cross-references written as citations, `@fig:id`,
 * `[@fig:a; @fig:b]`, `@Fig:id`, `-@fig:id`, Quarto's `@fig-id`, become
 * "Figure 1", "Figures 1, 2", linked to their targets, as pandoc-crossref
 * writes them (lib/crossref.ts): within a citation, consecutive references of
 * one kind (and the same prefix) are one group, groups are joined by the
 * language's list delimiter, and what is left of the citation (real
 * bibliography keys) stays a citation after them. A prefix written before the
 * key replaces the word (`[see @fig:a]` → "see 1"), as in pandoc-crossref.
 * The labels, numbered, go to `file.data.crossref` for the captions and the
 * lists of figures and tables. Run before remark-render-citations.
 */
import type { Root, PhrasingContent, Parent } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import type { Citation, CitationItem } from '../lib/types.ts';
import { collectLabels, crossrefOf, looksLikeCrossref, writeGroup, type CrossrefKind, type GroupWords, type Label } from '../lib/crossref.ts';

export interface Options {
  /** The words of each kind in the brief's language (templates/strings.json). */
  words: Record<CrossrefKind, Omit<GroupWords, 'delimiter'>>;
  /** Between numbers and between groups: `, ` (Arabic `، `). */
  delimiter: string;
  /** Whether a key is in the bibliography (a key of a cross-reference's shape that is stays a citation); default: none is. */
  isKey?: (key: string) => boolean;
}

declare module 'vfile' {
  interface DataMap {
    /** Cross-reference targets by id, numbered (the first of a duplicated id). */
    crossref: ReadonlyMap<string, Label>;
  }
}

export default function remarkCrossref(options: Options) {
  return function transform(tree: Root, file: VFile): void {
    const labels = new Map<string, Label>();
    for (const label of collectLabels(tree)) if (!labels.has(label.id)) labels.set(label.id, label);
    file.data.crossref = labels;
    visit(tree, 'citation', (node: Citation, index, parent: Parent | undefined) => {
      if (!parent || index === undefined || !node.items.some((item) => isCrossref(item.key, labels, options))) return undefined;
      const replacement = rewrite(node, labels, options);
      parent.children.splice(index, 1, ...(replacement as typeof parent.children));
      return [SKIP, index + replacement.length];
    });
  };
}

/** A resolved cross-reference, or one of a kind or label that does not exist (an error of the check, written as pandoc-crossref writes it). */
function isCrossref(key: string, labels: ReadonlyMap<string, Label>, options: Options): boolean {
  return Boolean(crossrefOf(key, labels)) || (looksLikeCrossref(key) && !options.isKey?.(key));
}

interface Group {
  kind: CrossrefKind | 'unknown';
  items: Array<CitationItem & { id: string; capital: boolean }>;
}

/** A citation's cross-references written out, and the rest of it (if any) as a smaller citation. */
function rewrite(node: Citation, labels: ReadonlyMap<string, Label>, options: Options): PhrasingContent[] {
  const groups: Group[] = [];
  const rest: CitationItem[] = [];
  for (const item of node.items) {
    const ref = crossrefOf(item.key, labels) ?? (isCrossref(item.key, labels, options) ? { id: item.key, kind: 'unknown' as const, capital: false } : undefined);
    if (!ref) {
      rest.push(item);
      continue;
    }
    const last = groups.at(-1);
    const first = last?.items[0];
    const entry = { ...item, id: ref.id, capital: ref.capital };
    if (last && first && last.kind === ref.kind && first.prefix === item.prefix && first.suppressAuthor === item.suppressAuthor) last.items.push(entry);
    else groups.push({ kind: ref.kind, items: [entry] });
  }
  const out: PhrasingContent[] = [];
  groups.forEach((group, i) => {
    if (i) out.push({ type: 'text', value: options.delimiter });
    out.push(...writeOut(group, labels, options));
  });
  if (rest.length) out.push({ type: 'text', value: options.delimiter }, { ...node, items: rest, ...(node.mode === 'narrative' && rest[0] !== node.items[0] ? { mode: 'normal' as const } : {}) });
  return out;
}

function writeOut(group: Group, labels: ReadonlyMap<string, Label>, options: Options): PhrasingContent[] {
  const first = group.items[0]!;
  const found = group.items.map((item) => labels.get(item.id)).filter((l): l is Label => l !== undefined);
  // An unknown label is an error of the check (missing-crossref); written as pandoc-crossref does.
  const missing = group.items.filter((item) => !labels.has(item.id)).map((item): PhrasingContent => ({ type: 'strong', children: [{ type: 'text', value: `¿${item.id}?` }] }));
  if (found.length === 0 || group.kind === 'unknown') return missing;
  const words = { ...options.words[group.kind], delimiter: options.delimiter };
  const pieces = writeGroup(found, words, { capital: first.capital, bare: first.suppressAuthor || first.prefix !== '', count: group.items.length });
  const out: PhrasingContent[] = first.prefix && !first.suppressAuthor ? [{ type: 'text', value: `${plain(first.prefix)} ` }] : [];
  for (const piece of pieces) {
    out.push('id' in piece ? { type: 'link', url: `#${piece.id}`, children: [{ type: 'text', value: piece.text }], data: { hProperties: { className: ['crossref'] } } } : { type: 'text', value: piece.text });
  }
  const suffix = group.items.map((item) => plain([item.locator, item.suffix].filter(Boolean).join(' '))).filter(Boolean).join(' ');
  if (suffix) out.push({ type: 'text', value: ` ${suffix}` });
  return [...out, ...missing];
}

/** CSL rich text (`<i>…</i>`) as plain text. */
function plain(rich: string): string {
  return rich.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}
