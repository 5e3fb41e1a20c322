/**
 * The hand labels of the real corpus (test/corpus/real/<id>/labels.jsonl) and
 * the scores computed from them: types, reading, matching a sentence to its
 * label, totals, the seeded sample of unflagged sentences and the printed
 * report. The format is described in test/corpus/README.md; the evaluation
 * that fills these in is scripts/eval-real.ts.
 */
import { readFileSync, existsSync } from 'node:fs';
import { RULES } from './rules.ts';
import { normalize, type Sentence } from './sentences.ts';

export const CLAIMS = [
  ['quotation', RULES.uncitedQuotation],
  ['statistic', RULES.uncitedStatistic],
  ['attribution', RULES.uncitedAttribution],
] as const;
export type Kind = (typeof CLAIMS)[number][0];

export interface Label {
  line: number;
  sentence: string;
  quotation: boolean;
  statistic: boolean;
  attribution: boolean;
  why: string;
  origin?: 'flagged' | 'sample';
}

export interface Flag {
  line: number;
  sentence: string;
  rules: string[];
  reasons: string[];
  label?: Label;
}

export interface DocResult {
  id: string;
  file: string;
  words: number;
  /** Messages by rule id, over every file of the document. */
  byRule: Record<string, number>;
  errors: Array<{ ruleId: string; line: number | null; reason: string; file: string }>;
  /** Claim messages came from the pipeline, or from the stand-alone run (the pipeline stopped first). */
  claimsFrom: 'pipeline' | 'standalone';
  flags: Flag[];
  /** Per claim kind: true positives, false positives, false negatives (among labelled sentences). */
  score: Record<Kind, { tp: number; fp: number; fn: number }>;
  labelled: number;
  unlabelledFlags: number;
  /** Labels that match no sentence of the document any more. */
  staleLabels: Label[];
  sentences: Sentence[];
  /** Text of each footnote definition by identifier (lower case), to judge whether a note sources a sentence. */
  notes: Record<string, string>;
}


export function readLabels(path: string): Label[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Label;
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON`);
      }
    });
}

/** Labels indexed by their normalised sentence text. */
export type LabelIndex = Map<string, Label[]>;

export function indexLabels(labels: Label[]): LabelIndex {
  const index: LabelIndex = new Map();
  for (const l of labels) {
    const key = normalize(l.sentence);
    const list = index.get(key) ?? [];
    list.push(l);
    index.set(key, list);
  }
  return index;
}

/** The label of a sentence: same text, nearest line. */
export function findLabel(index: LabelIndex, s: { text: string; line: number }): Label | undefined {
  let best: Label | undefined;
  for (const l of index.get(s.text) ?? []) if (!best || Math.abs(l.line - s.line) < Math.abs(best.line - s.line)) best = l;
  return best;
}


export interface Totals {
  documents: number;
  words: number;
  blocked: number;
  byRule: Record<string, number>;
  rules: Record<Kind, { tp: number; fp: number; fn: number; precision: number | null; recall: number | null }>;
  falsePer1000: number;
  maxFalsePer1000: { id: string; value: number };
  recall: number | null;
  unlabelledFlags: number;
  labelled: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export function totals(docs: DocResult[]): Totals {
  const byRule: Record<string, number> = {};
  for (const d of docs) for (const [r, n] of Object.entries(d.byRule)) byRule[r] = (byRule[r] ?? 0) + n;
  const rules = Object.fromEntries(
    CLAIMS.map(([k]) => {
      const tp = docs.reduce((n, d) => n + d.score[k].tp, 0);
      const fp = docs.reduce((n, d) => n + d.score[k].fp, 0);
      const fn = docs.reduce((n, d) => n + d.score[k].fn, 0);
      return [k, { tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) }];
    }),
  ) as Totals['rules'];
  const words = docs.reduce((n, d) => n + d.words, 0);
  const fp = (d: DocResult) => CLAIMS.reduce((n, [k]) => n + d.score[k].fp, 0);
  const worst = docs.map((d) => ({ id: d.id, value: (fp(d) / Math.max(d.words, 1)) * 1000 })).sort((a, b) => b.value - a.value)[0] ?? { id: '-', value: 0 };
  // Recall over sentences: a labelled sentence with any true label is found when a rule of a true kind flagged it.
  let found = 0;
  let real = 0;
  for (const d of docs) {
    for (const [kind] of CLAIMS) {
      found += d.score[kind].tp;
      real += d.score[kind].tp + d.score[kind].fn;
    }
  }
  return {
    documents: docs.length, words, blocked: docs.filter((d) => d.errors.length).length, byRule, rules,
    falsePer1000: (docs.reduce((n, d) => n + fp(d), 0) / Math.max(words, 1)) * 1000, maxFalsePer1000: worst,
    recall: ratio(found, real), unlabelledFlags: docs.reduce((n, d) => n + d.unlabelledFlags, 0), labelled: docs.reduce((n, d) => n + d.labelled, 0),
  };
}

/** A seeded choice of unflagged, unlabelled prose sentences (mulberry32 seeded by the id). */
export function sample(doc: DocResult, n: number, labels: Label[]): Sentence[] {
  const flagged = new Set(doc.flags.map((f) => `${f.line}\u0000${f.sentence}`));
  const index = indexLabels(labels);
  const pool = doc.sentences.filter((s) => s.kind !== 'heading' && s.kind !== 'table' && s.words >= 4 && !flagged.has(`${s.line}\u0000${s.text}`) && !findLabel(index, s));
  let seed = [...doc.id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chosen: Sentence[] = [];
  const rest = [...pool];
  while (chosen.length < n && rest.length) chosen.push(rest.splice(Math.floor(random() * rest.length), 1)[0]!);
  return chosen.sort((a, b) => a.from - b.from);
}

const pct = (x: number | null) => (x === null ? '   -' : x.toFixed(2));

export function formatReport(docs: DocResult[], t: Totals): string {
  const out: string[] = [];
  out.push('Per document (Q/S/A: claim messages; P: precision over labelled flags; FP/1k: false claim warnings per 1,000 words)', '');
  out.push(['document'.padEnd(34), 'words', '   Q', '   S', '   A', '  P(Q)', '  P(S)', '  P(A)', ' FP/1k', ' todo', ' errors'].join(' '));
  for (const d of docs) {
    const fp = CLAIMS.reduce((n, [k]) => n + d.score[k].fp, 0);
    const prec = (k: Kind) => pct(ratio(d.score[k].tp, d.score[k].tp + d.score[k].fp)).padStart(6);
    out.push([
      d.id.slice(0, 34).padEnd(34), String(d.words).padStart(5),
      ...CLAIMS.map(([, r]) => String(d.byRule[r] ?? 0).padStart(4)),
      prec('quotation'), prec('statistic'), prec('attribution'),
      ((fp / Math.max(d.words, 1)) * 1000).toFixed(2).padStart(6), String(d.unlabelledFlags).padStart(5), String(d.errors.length).padStart(7),
    ].join(' '));
  }
  out.push('', `Messages by rule (all documents): ${Object.entries(t.byRule).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  const blocked = docs.filter((d) => d.errors.length);
  const errorRules: Record<string, number> = {};
  for (const d of blocked) for (const r of new Set(d.errors.map((e) => e.ruleId))) errorRules[r] = (errorRules[r] ?? 0) + 1;
  out.push('', `Blocked by an error: ${blocked.length} of ${docs.length} documents (documents per error rule: ${Object.entries(errorRules).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})`);
  for (const d of blocked) {
    out.push(`  ${d.id}:`);
    for (const e of d.errors.slice(0, 8)) out.push(`    ${e.file}:${e.line ?? '-'} ${e.ruleId}: ${e.reason}`);
    if (d.errors.length > 8) out.push(`    … and ${d.errors.length - 8} more`);
  }
  out.push('', `Claim rules over ${t.documents} documents, ${t.words} words, ${t.labelled} labelled sentences:`, '');
  out.push(`${'rule'.padEnd(22)}    TP    FP    FN  precision  recall`);
  for (const [k, r] of CLAIMS) {
    const s = t.rules[k];
    out.push(`${r.padEnd(22)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`);
  }
  out.push('', `False claim warnings per 1,000 words: ${t.falsePer1000.toFixed(2)} over the corpus; worst document ${t.maxFalsePer1000.id} ${t.maxFalsePer1000.value.toFixed(2)}`);
  out.push(`Recall over labelled claims (flagged true ones plus sampled unflagged ones): ${pct(t.recall)}`);
  out.push(`Flagged sentences without a label: ${t.unlabelledFlags}${t.unlabelledFlags ? ' (run with --labels-todo to list them)' : ''}`);
  const stale = docs.reduce((n, d) => n + d.staleLabels.length, 0);
  // A label that matches nothing any more is lost data only when it marks a claim.
  const lostClaims = docs.flatMap((d) => d.staleLabels.filter((l) => l.quotation || l.statistic || l.attribution).map((l) => `${d.id}:${l.line}`));
  if (stale) out.push(`Labels that match no sentence: ${stale} (${docs.filter((d) => d.staleLabels.length).map((d) => d.id).join(', ')}); of them marking a claim: ${lostClaims.length}${lostClaims.length ? ` (${lostClaims.join(', ')})` : ''}`);
  return out.join('\n');
}

