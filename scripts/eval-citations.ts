/**
 * Score the claim rules of remark-claim-check against labelled sets of
 * sentences: `tsx scripts/eval-citations.ts` scores the two sets that are
 * never tuned on: `held` (held back from the rules' author) and `independent`
 * (written by a second author who never saw the rules);
 * `tsx scripts/eval-citations.ts --set tune` scores the tuning set. Add `--errors` to list the
 * sentences each rule got wrong.
 *
 * Each line of `test/fixtures/claims/<set>.jsonl` is
 * `{"text", "needs", "reason": "quotation"|"statistic"|"attribution"|"none" or an array, "cited"}`.
 * A sentence with `needs: true, cited: false` is a positive for each rule named
 * in `reason`; it is a negative for every other rule, and every other
 * sentence is a negative for all rules. Each text is run as its own document.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { VFile } from 'vfile';
import remarkCitations from './plugins/remark-citations.ts';
import remarkClaimCheck from './plugins/remark-claim-check.ts';
import { RULES } from './lib/rules.ts';

type Reason = 'quotation' | 'statistic' | 'attribution' | 'none';

/** One labelled sentence. */
export interface Sample {
  text: string;
  needs: boolean;
  reason: Reason | Reason[];
  cited: boolean;
}

/** Counts and rates for one rule. */
export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** False alerts per 1,000 words of the set. */
  falsePer1000: number;
  errors: Array<{ kind: 'FP' | 'FN'; text: string }>;
}

const CLAIM_RULES: Array<[Reason, string]> = [
  ['quotation', RULES.uncitedQuotation],
  ['statistic', RULES.uncitedStatistic],
  ['attribution', RULES.uncitedAttribution],
];

const here = fileURLToPath(new URL('.', import.meta.url));

/** Read a labelled set (`held` or `tune`) from test/fixtures/claims. */
export function loadSet(name: string): Sample[] {
  const path = `${here}../test/fixtures/claims/${name}.jsonl`;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Sample);
}

/** Run the citation and claim plugins on one Markdown text; return the rule ids that fired. */
export async function rulesFired(text: string): Promise<Set<string>> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkCitations)
    .use(remarkClaimCheck);
  const file = new VFile({ path: 'brief.md', value: text });
  await processor.run(processor.parse(file), file);
  return new Set(file.messages.map((m) => m.ruleId ?? ''));
}

/** Score every claim rule on a set of samples. */
export async function score(samples: Sample[]): Promise<RuleScore[]> {
  const words = samples.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
  const scores = CLAIM_RULES.map(([, rule]) => ({ rule, tp: 0, fp: 0, fn: 0, errors: [] as RuleScore['errors'] }));
  for (const sample of samples) {
    const fired = await rulesFired(sample.text);
    const reasons = Array.isArray(sample.reason) ? sample.reason : [sample.reason];
    CLAIM_RULES.forEach(([reason, rule], i) => {
      const s = scores[i]!;
      const gold = sample.needs && !sample.cited && reasons.includes(reason);
      const got = fired.has(rule);
      if (gold && got) s.tp++;
      else if (got) {
        s.fp++;
        s.errors.push({ kind: 'FP', text: sample.text });
      } else if (gold) {
        s.fn++;
        s.errors.push({ kind: 'FN', text: sample.text });
      }
    });
  }
  return scores.map((s) => {
    const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    const recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { ...s, precision, recall, f1, falsePer1000: (s.fp / words) * 1000 };
  });
}

/** Format scores as a plain-text table. */
export function formatTable(name: string, samples: Sample[], scores: RuleScore[]): string {
  const words = samples.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
  const header = ['rule', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', 'FP/1k words'];
  const rows = scores.map((s) => [
    s.rule,
    String(s.tp),
    String(s.fp),
    String(s.fn),
    s.precision.toFixed(3),
    s.recall.toFixed(3),
    s.f1.toFixed(3),
    s.falsePer1000.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `Claim rules on the ${name} set: ${samples.length} sentences, ${words} words`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--set');
  const names = at === -1 ? ['held', 'independent'] : [args[at + 1] ?? 'held'];
  for (const name of names) {
    const samples = loadSet(name);
    const scores = await score(samples);
    console.log(formatTable(name, samples, scores));
    console.log('');
    if (!args.includes('--errors')) continue;
    for (const s of scores) {
      if (!s.errors.length) continue;
      console.log(`\n${s.rule}:`);
      for (const e of s.errors) console.log(`  ${e.kind}  ${e.text.replace(/\n/g, '\\n')}`);
    }
  }
  console.log('Targets: uncited-quotation P ≥ 0.95, R ≥ 0.90; uncited-statistic and uncited-attribution P ≥ 0.85, R ≥ 0.75.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
