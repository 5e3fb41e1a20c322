/**
 * Score briefpress on real documents written by others (test/corpus/real/<id>/):
 * `tsx scripts/eval-real.ts [--json] [--labels-todo] [--sample N] [--corpus DIR] [ids...]`
 * (DIR: another folder of documents laid out the same way, e.g. private ones).
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
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VFile } from 'vfile';
import { location } from 'vfile-location';
import * as v from 'valibot';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { checkBrief } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { RULES } from './lib/rules.ts';
import { applySeverity } from './lib/severity.ts';
import { FrontMatter } from './lib/meta.ts';
import { countWords, sentenceAt, sentencesOf, type Sentence } from './lib/sentences.ts';
import { CLAIMS, findLabel, formatReport, indexLabels, readLabels, sample, totals, type DocResult, type Flag, type Label } from './lib/real-scores.ts';

export { CLAIMS, readLabels, totals, type DocResult, type Label, type Totals } from './lib/real-scores.ts';

export const CORPUS = fileURLToPath(new URL('../test/corpus/real/', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
  const labels = readLabels(join(dirname(path), 'labels.jsonl'));
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
    staleLabels: labels.filter((l) => !matched.has(l)), sentences, notes: notesOf(tree),
  };
}

/** Each footnote definition's text, by identifier. */
function notesOf(tree: Root): Record<string, string> {
  const notes: Record<string, string> = {};
  visit(tree, 'footnoteDefinition', (node) => {
    notes[node.identifier.toLowerCase()] = toString(node).replace(/\s+/g, ' ').trim();
  });
  return notes;
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

/** The notes whose markers a sentence holds, for whoever labels it. */
const notesIn = (sentence: string, notes: Record<string, string>) =>
  Object.fromEntries([...sentence.matchAll(/\[\^([^\]]+)\]/g)].map((m) => [m[1]!, notes[m[1]!.toLowerCase()] ?? '(no definition)']));

const labelLine = (s: { line: number; text: string }, origin: 'flagged' | 'sample', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ line: s.line, sentence: s.text, quotation: null, statistic: null, attribution: null, why: '', origin, ...extra });

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const todo = args.includes('--labels-todo');
  const at = args.indexOf('--sample');
  const sampleN = at === -1 ? 0 : Number(args[at + 1] ?? 15);
  const corpusAt = args.indexOf('--corpus');
  const corpus = corpusAt === -1 ? CORPUS : resolve(args[corpusAt + 1] ?? '.');
  const ids = args.filter((a, i) => !a.startsWith('--') && !(at !== -1 && i === at + 1) && !(corpusAt !== -1 && i === corpusAt + 1));
  const docs: DocResult[] = [];
  for (const { id, path } of corpusDocuments(corpus)) if (!ids.length || ids.includes(id)) docs.push(await evaluate(id, path));
  const t = totals(docs);
  if (sampleN || todo) {
    for (const d of docs) {
      if (todo) for (const f of d.flags.filter((x) => !x.label)) console.log(`${d.id}\t${labelLine({ line: f.line, text: f.sentence }, 'flagged', { rules: f.rules, reasons: f.reasons, notes: notesIn(f.sentence, d.notes) })}`);
      if (sampleN) for (const s of sample(d, sampleN, readLabels(join(dirname(resolve(ROOT, d.file)), 'labels.jsonl')))) console.log(`${d.id}\t${labelLine(s, 'sample')}`);
    }
    return;
  }
  const sets = await labelledSets();
  if (json) {
    console.log(JSON.stringify({ totals: t, documents: docs.map(({ sentences: _s, notes: _n, ...d }) => d), labelledSets: sets }, null, 2));
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
