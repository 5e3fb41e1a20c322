/**
 * Score briefpress on real documents written by others (test/corpus/real/<id>/):
 * `tsx scripts/eval-real.ts [--json] [--labels-todo] [--sample N] [ids...]`.
 *
 * Each document folder holds one Markdown file (.md, .markdown, .Rmd or .qmd;
 * not SOURCE.md), its bibliography, a SOURCE.md and a labels.jsonl with one
 * line per labelled sentence:
 *   {"line", "sentence", "quotation", "statistic", "attribution", "why", "origin"?}
 * `sentence` is the whitespace-collapsed text Intl.Segmenter('en', sentence)
 * gives over the plain text of its paragraph (lib/sentences.ts); `line` is the
 * line it starts on (used only to tell apart two identical sentences). A true
 * label means: this sentence holds a claim of that kind that needs a source
 * and has none (no citation in the sentence, no note on it with a citation or
 * a source written as text). `origin` is `flagged` (a rule flagged it when it
 * was labelled) or `sample` (drawn at random from the unflagged sentences).
 *
 * The whole check runs as `check` runs it (errors are reported as blocking).
 * When an error stops a document before the check stage, the check stage is
 * run anyway on a copy with the front matter's defaults and an empty
 * bibliography, and only its claim messages are kept: the claim rules are
 * scored on every document.
 *
 * `--sample N` prints, per document, N unlabelled, unflagged sentences drawn
 * with a seed from the document's id, as label lines to fill in;
 * `--labels-todo` prints the flagged sentences that have no label yet.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import * as v from 'valibot';
import type { Root } from 'mdast';
import { checkBrief } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { RULES } from './lib/rules.ts';
import { applySeverity } from './lib/severity.ts';
import { FrontMatter } from './lib/meta.ts';
import { countWords, normalize, sentenceAt, sentencesOf, type Sentence } from './lib/sentences.ts';

export const CORPUS = fileURLToPath(new URL('../test/corpus/real/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const CLAIMS = [
  ['quotation', RULES.uncitedQuotation],
  ['statistic', RULES.uncitedStatistic],
  ['attribution', RULES.uncitedAttribution],
] as const;
type Kind = (typeof CLAIMS)[number][0];

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
}

/** The corpus documents: folder id → Markdown path. */
export function corpusDocuments(dir = CORPUS): Array<{ id: string; path: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const names = readdirSync(join(dir, d.name)).filter((n) => /\.(md|markdown|rmd|qmd)$/i.test(n) && n !== 'SOURCE.md');
      if (names.length !== 1) throw new Error(`${d.name}: expected one Markdown document, found ${names.length} (${names.join(', ')})`);
      return { id: d.name, path: join(dir, d.name, names[0]!) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
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
type LabelIndex = Map<string, Label[]>;

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
function findLabel(index: LabelIndex, s: { text: string; line: number }): Label | undefined {
  let best: Label | undefined;
  for (const l of index.get(s.text) ?? []) if (!best || Math.abs(l.line - s.line) < Math.abs(best.line - s.line)) best = l;
  return best;
}

/** Check one document and score its claim messages against its labels. */
export async function evaluate(id: string, path: string): Promise<DocResult> {
  const { config } = loadConfig(ROOT);
  const checked = await checkBrief(path, { config, cwd: ROOT });
  applySeverity(checked.files);
  const file = checked.brief.file;
  const source = String(file.value ?? '');
  const byRule: Record<string, number> = {};
  const errors: DocResult['errors'] = [];
  for (const f of checked.files) {
    for (const m of f.messages) {
      byRule[m.ruleId ?? '?'] = (byRule[m.ruleId ?? '?'] ?? 0) + 1;
      if (m.fatal) errors.push({ ruleId: m.ruleId ?? '?', line: m.line ?? null, reason: m.reason, file: f.path });
    }
  }
  const claimIds = new Set<string>(CLAIMS.map(([, r]) => r));
  const reachedCheck = Boolean(checked.meta) && !file.messages.some((m) => m.ruleId === RULES.unknownTemplate || m.ruleId === RULES.unknownStyle || m.ruleId === RULES.render);
  let claimMessages = file.messages.filter((m) => claimIds.has(m.ruleId ?? ''));
  let tree: Root = checked.tree;
  if (!reachedCheck) {
    ({ messages: claimMessages, tree } = await standaloneClaims(source, path));
    for (const m of claimMessages) byRule[m.ruleId!] = (byRule[m.ruleId!] ?? 0) + 1;
  }
  const sentences = sentencesOf(tree, source);
  const loc = location(source);
  const flagsAt = new Map<Sentence, Flag>();
  for (const m of claimMessages) {
    const start = m.place && 'start' in m.place ? m.place.start : m.place;
    const end = m.place && 'end' in m.place ? loc.toOffset(m.place.end) : undefined;
    const offset = start ? loc.toOffset(start) : undefined;
    const s = offset === undefined ? undefined : sentenceAt(sentences, offset, end);
    const key = s ?? { text: `[no sentence] ${m.reason}`, line: m.line ?? 0, from: -1, to: -1, kind: 'paragraph' as const, words: 0 };
    const flag = flagsAt.get(key) ?? { line: key.line, sentence: key.text, rules: [], reasons: [] };
    if (!flag.rules.includes(m.ruleId!)) flag.rules.push(m.ruleId!);
    flag.reasons.push(m.reason);
    flagsAt.set(key, flag);
  }
  const labels = readLabels(join(CORPUS, id, 'labels.jsonl'));
  const index = indexLabels(labels);
  const flags = [...flagsAt.values()];
  for (const f of flags) f.label = findLabel(index, { text: f.sentence, line: f.line });
  const score = Object.fromEntries(CLAIMS.map(([k]) => [k, { tp: 0, fp: 0, fn: 0 }])) as DocResult['score'];
  const flaggedTexts = new Map(flags.map((f) => [`${f.line}\u0000${f.sentence}`, f]));
  const matched = new Set<Label>();
  for (const s of sentences) {
    const label = findLabel(index, s);
    if (!label) continue;
    matched.add(label);
    const flag = flaggedTexts.get(`${s.line}\u0000${s.text}`);
    for (const [kind, rule] of CLAIMS) {
      const got = Boolean(flag?.rules.includes(rule));
      if (got && label[kind]) score[kind].tp++;
      else if (got) score[kind].fp++;
      else if (label[kind]) score[kind].fn++;
    }
  }
  const words = sentences.reduce((n, s) => n + s.words, 0) || countWords(source);
  return {
    id, file: file.path, words, byRule, errors, claimsFrom: reachedCheck ? 'pipeline' : 'standalone', flags, score,
    labelled: matched.size, unlabelledFlags: flags.filter((f) => !f.label).length,
    staleLabels: labels.filter((l) => !matched.has(l)), sentences,
  };
}

/** The check stage on a copy of a document that the pipeline stopped: front matter defaults, no bibliography. */
async function standaloneClaims(source: string, path: string) {
  const [{ parse }, { check }] = await Promise.all([import('./stages/parse.ts'), import('./stages/check.ts')]);
  const copy = new VFile({ path, value: source });
  const { tree, meta } = await parse(copy);
  const fallback = meta ?? v.parse(FrontMatter, { title: 'untitled' });
  await check(tree, copy, { meta: fallback, bibliography: { entries: [], byKey: new Map(), files: [] }, briefDir: join(path, '..') });
  const claimIds = new Set<string>(CLAIMS.map(([, r]) => r));
  return { tree, messages: copy.messages.filter((m) => claimIds.has(m.ruleId ?? '')) };
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
export function sample(doc: DocResult, n: number): Sentence[] {
  const flagged = new Set(doc.flags.map((f) => `${f.line}\u0000${f.sentence}`));
  const index = indexLabels(readLabels(join(CORPUS, doc.id, 'labels.jsonl')));
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
  const short: Record<string, string> = { 'uncited-quotation': 'Q', 'uncited-statistic': 'S', 'uncited-attribution': 'A' };
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
  if (stale) out.push(`Labels that match no sentence: ${stale} (${docs.filter((d) => d.staleLabels.length).map((d) => d.id).join(', ')})`);
  return out.join('\n');
}

const labelLine = (s: { line: number; text: string }, origin: 'flagged' | 'sample', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ line: s.line, sentence: s.text, quotation: null, statistic: null, attribution: null, why: '', origin, ...extra });

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const todo = args.includes('--labels-todo');
  const at = args.indexOf('--sample');
  const sampleN = at === -1 ? 0 : Number(args[at + 1] ?? 15);
  const ids = args.filter((a, i) => !a.startsWith('--') && !(at !== -1 && i === at + 1));
  const docs: DocResult[] = [];
  for (const { id, path } of corpusDocuments()) if (!ids.length || ids.includes(id)) docs.push(await evaluate(id, path));
  const t = totals(docs);
  if (sampleN || todo) {
    for (const d of docs) {
      if (todo) for (const f of d.flags.filter((x) => !x.label)) console.log(`${d.id}\t${labelLine({ line: f.line, text: f.sentence }, 'flagged', { rules: f.rules, reasons: f.reasons })}`);
      if (sampleN) for (const s of sample(d, sampleN)) console.log(`${d.id}\t${labelLine(s, 'sample')}`);
    }
    return;
  }
  const sets = await labelledSets();
  if (json) {
    console.log(JSON.stringify({ totals: t, documents: docs.map(({ sentences: _s, ...d }) => d), labelledSets: sets }, null, 2));
    return;
  }
  console.log(formatReport(docs, t));
  if (sets) {
    console.log('\nThe labelled sentence sets written here (npm run eval:citations), recall / precision:');
    for (const [name, scores] of Object.entries(sets)) {
      console.log(`  ${name.padEnd(12)} ${scores.map((r) => `${r.rule} R ${r.recall.toFixed(2)} P ${r.precision.toFixed(2)}`).join('; ')}`);
    }
  }
  console.log('\nTargets (issue 12): no document blocked by a false error; precision ≥ 0.8 per claim rule; ≤ 0.5 false claim warnings per 1,000 words (≤ 2 in any document); recall ≥ 0.85.');
}

/** Scores on the sentence sets of test/fixtures/claims (held, independent), or undefined when that script is unavailable. */
async function labelledSets(): Promise<Record<string, Array<{ rule: string; precision: number; recall: number }>> | undefined> {
  try {
    const { loadSet, score } = await import('./eval-citations.ts');
    const out: Record<string, Array<{ rule: string; precision: number; recall: number }>> = {};
    for (const name of ['held', 'independent']) out[name] = (await score(loadSet(name))).map(({ rule, precision, recall }) => ({ rule, precision, recall }));
    return out;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
