/**
 * Tests for remark-claim-check: each rule fires at the right place, near
 * misses stay silent, exemptions work, and the held-out scores meet targets.
 * Run: npx tsx --test test/claim-check.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import remarkCitations from '../scripts/plugins/remark-citations.ts';
import remarkClaimCheck, { type Options } from '../scripts/plugins/remark-claim-check.ts';
import { loadSet, score } from '../scripts/eval-citations.ts';
import { examples as quotationExamples } from '../scripts/plugins/claims/quotations.ts';
import { examples as statisticExamples } from '../scripts/plugins/claims/statistics.ts';
import { examples as attributionExamples } from '../scripts/plugins/claims/attributions.ts';
import { examples as exemptionExamples } from '../scripts/plugins/claims/exemptions.ts';
import { mapText } from '../scripts/lib/source-map.ts';

async function check(md: string, options?: Options): Promise<VFile> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkCitations)
    .use(remarkClaimCheck, options);
  const file = new VFile({ path: 'brief.md', value: md });
  await processor.run(processor.parse(file), file);
  return file;
}

const messages = (file: VFile) => file.messages.map(String);
const rules = (file: VFile) => file.messages.map((m) => m.ruleId);

async function assertSilent(md: string, options?: Options) {
  const file = await check(md, options);
  assert.deepEqual(messages(file), [], md);
}

// Docs as tests: every example documented next to a rule runs here.
for (const [name, examples] of [
  ['quotations', quotationExamples],
  ['statistics', statisticExamples],
  ['attributions', attributionExamples],
  ['exemptions', exemptionExamples],
] as const) {
  for (const example of examples) {
    test(`${name}: ${example.why}: ${example.md.split('\n').at(-1)}`, async () => {
      const file = await check(`${example.md}\n`);
      assert.deepEqual(rules(file), example.rules, example.md);
    });
  }
}

test('source map: escapes, character references, block quote prefixes', () => {
  const source = '> a \\*b\\* &amp; c&#x41;\n> next';
  const value = 'a *b* & cA\nnext';
  const map = mapText(value, source, 2, source.length);
  const at = (i: number) => source.slice(map.start[i], map.end[i]);
  assert.deepEqual([...value].map((_, i) => at(i)), ['a', ' ', '\\*', 'b', '\\*', ' ', '&amp;', ' ', 'c', '&#x41;', '\n', 'n', 'e', 'x', 't']);
});

test('a note that gives a source as text covers its sentence', async () => {
  await assertSilent('The minister said the talks had failed.[^1]\n\n[^1]: Interview with a senior official, Amman, 12 March 2021.\n');
  await assertSilent('The minister said the talks had failed.[^1]\n\n[^1]: Additon, "Work Among Delinquent Women and Girls," 152.\n');
  await assertSilent('The minister said the talks had failed.[^1]\n\n[^1]: See <https://example.org/statement>.\n');
  const file = await check('The minister said the talks had failed.[^1]\n\n[^1]: He was tired.\n');
  assert.deepEqual(rules(file), ['uncited-attribution']);
});

test('claims are checked in English only', async () => {
  await assertSilent(
    'Según el ministerio, el 53% de los votantes de la región dijo que "no es un plugin válido" y que la ley es un paso para el país. ' +
      'En los años de la crisis, las organizaciones de la sociedad civil se han visto obligadas a cerrar sus oficinas en la capital y en las provincias del norte.\n',
  );
  await assertSilent('Attacks fell by 53% in the north.\n', { lang: 'es' });
  const file = await check('Attacks fell by 53% in the north.\n', { lang: 'en-GB' });
  assert.deepEqual(rules(file), ['uncited-statistic']);
});

test('notes under a Notes heading are checked; reference notes are sources', async () => {
  const file = await check('A claim.[^1] Another.[^2]\n\n### Notes\n\n[^1]: Oakes, *The Ruling Race*, 38.\n[^2]: The assembly offered $10,000 to the school.\n');
  assert.deepEqual(rules(file), ['uncited-statistic']);
  assert.equal(file.messages[0]?.line, 6);
});

test('figures in a Results or Methods section are the document’s own', async () => {
  await assertSilent('## Results\n\nAccuracy rose to 93% on 1,200 cases.\n');
  const file = await check('## Results\n\nAccuracy rose to 93%.\n\n## Context\n\nAttacks fell by 53%.\n');
  assert.deepEqual(rules(file), ['uncited-statistic']);
});

test('uncited-quotation fires on the quotation', async () => {
  const file = await check('# Brief\n\nIntro text here.\n\nThe envoy spoke of “a new era” at the summit.\n');
  assert.deepEqual(messages(file), [
    'brief.md:5:11-5:19: Attribution “spoke of” reports a source but its sentence has no citation',
    'brief.md:5:20-5:31: Quotation “a new era” has no citation in its sentence',
  ]);
  const quote = file.messages[1]!;
  assert.equal(quote.ruleId, 'uncited-quotation');
  assert.equal(quote.source, 'briefpress');
  assert.equal(quote.fatal, false);
});

test('long quotations are shortened in the reason', async () => {
  const file = await check('“Has any Islamic state ever been built without blood?” the audio message asks.\n');
  assert.equal(file.messages[0]?.reason, 'Quotation “Has any Islamic state…” has no citation in its sentence');
  assert.deepEqual(rules(file), ['uncited-quotation', 'uncited-attribution']);
});

test('uncited-statistic fires on the figure', async () => {
  const file = await check('Intro.\n\nAttacks fell by 53% in the north.\n');
  assert.deepEqual(messages(file), [
    'brief.md:3:17-3:20: Figure “53%” states a quantity but its sentence has no citation',
  ]);
});

test('uncited-attribution fires on the reporting verb', async () => {
  const file = await check('Officials said the road was closed.\n');
  assert.deepEqual(messages(file), [
    'brief.md:1:11-1:15: Attribution “said” reports a source but its sentence has no citation',
  ]);
});

test('a citation covers only its own sentence', async () => {
  const file = await check('Attacks fell by 53% [@acled2024]. Dr. Smith counted 40 deaths in the U.S. capital.\n');
  assert.deepEqual(messages(file), [
    'brief.md:1:53-1:55: Figure “40” states a quantity but its sentence has no citation',
  ]);
});

test('positions follow soft line breaks and indentation', async () => {
  const file = await check('- First line of an item.\n  The UN reported 5,000 deaths.\n');
  assert.deepEqual(messages(file), [
    'brief.md:2:10-2:18: Attribution “reported” reports a source but its sentence has no citation',
    'brief.md:2:19-2:24: Figure “5,000” states a quantity but its sentence has no citation',
  ]);
});

test('a paragraph where the writer describes their own data work: its figures are not claims', async () => {
  await assertSilent('We have tracked the tenants named in the ledgers. They show that 22 people left and 20 sued.\n');
  const file = await check('Ledgers survive for the estate. They show that 22 people left and 20 sued.\n');
  assert.deepEqual(rules(file), ['uncited-statistic']);
});

test('a numbered reference after the full stop, or after a quotation run on over sentences, covers it', async () => {
  await assertSilent('The vendor calls it "the principal making the request." <sup>[0]</sup>.\n');
  await assertSilent('* "return the request context. It tells the user why a check failed." <sup>[[0]]</sup>\n');
  const file = await check('The vendor calls it "the principal making the request." Nothing follows.\n');
  assert.deepEqual(rules(file), ['uncited-attribution', 'uncited-quotation']);
});

test('inline math parsed by remark-math is a formula, not figures of the world', async () => {
  const processor = unified().use(remarkParse).use(remarkMath).use(remarkCitations).use(remarkClaimCheck);
  const file = new VFile({ path: 'brief.md', value: 'Define $x$ that is 0 when $t \\leq \\tau$ and 40 otherwise.\n' });
  await processor.run(processor.parse(file), file);
  assert.deepEqual(rules(file), []);
});

test('the sample brief sentences', async () => {
  const a = await check(
    'According to the group’s statement, two of its members departed towards a gathering of “polytheists” near the grave of their dead leader, Soleimani, and set off their explosive vests in the middle of the gathering.\n',
  );
  assert.deepEqual(rules(a), ['uncited-attribution', 'uncited-statistic', 'uncited-quotation']);
  assert.equal(a.messages[1]?.reason, 'Figure “two of its members” states a quantity but its sentence has no citation');
  await assertSilent('This bombing coincides with the fourth anniversary of Soleimani’s assassination in Iraq in 2020.\n');
  const c = await check(
    'Excluding December, Daesh claimed responsibility for 838 operations in 2023, a 53% decrease from the 1,811 operations it conducted during the same period in 2022.\n',
  );
  assert.deepEqual(rules(c), ['uncited-attribution', 'uncited-statistic']);
});

test('near misses do not fire', async () => {
  await assertSilent('For details, write to press@example.org before Friday.\n');
  await assertSilent('The thread is at https://medium.com/@analyst/2023-review for anyone interested.\n');
  await assertSilent('The agreement was signed in 2015.\n');
  await assertSilent('The blast took place on 3 January 2024, and parliament met on January 9.\n');
  await assertSilent('Set `retries = 53%` and `limit = 1200` in the config.\n');
  await assertSilent('Daesh’s leaders can’t agree, and the members’ votes were split.\n');
  await assertSilent('Section 4 and page 12 discuss Resolution 2254 and the G20.\n');
  await assertSilent('That said, we argue that this brief finds no easy answer, as noted above.\n');
  await assertSilent('The so-called caliphate collapsed; the two countries signed a pact.\n');
});

test('a quotation cited in its sentence or in a footnote does not fire', async () => {
  await assertSilent('The envoy spoke of “a new era” at the summit [@reuters2023, p. 2].\n');
  await assertSilent('The envoy spoke of “a new era”[^1] at the summit.\n\n[^1]: See [@key].\n');
  await assertSilent('The envoy spoke of “a new era” at the summit.[^1]\n\n[^1]: See [@key].\n');
  const file = await check('The envoy spoke of “a new era”[^1] at the summit.\n\n[^1]: A note without a source.\n');
  assert.deepEqual(rules(file), ['uncited-attribution', 'uncited-quotation']);
});

test('titles in quotes are names, not quotations', async () => {
  await assertSilent('A report titled “Fragile by Design” examines aid flows to the Sahel.\n');
  await assertSilent('In an address titled "Europe at a Crossroads", the chancellor set out her priorities.\n');
  await assertSilent('A militia known as “the Guardians of the Dawn” controls the crossing.\n');
});

test('headings, front matter, code and the References section are not checked', async () => {
  await assertSilent(
    [
      '---',
      'title: "53% of officials said “no”"',
      '---',
      '',
      '# 53% of “quoted” officials said so',
      '',
      '```',
      'growth = 53%',
      '```',
      '',
      '## References',
      '',
      'Smith, J. (2020). “A Title.” Officials said 53% of it.',
      '',
      '### Archives',
      '',
      'Still references: 99%.',
      '',
    ].join('\n'),
  );
  const file = await check('## References\n\nSmith said 53%.\n\n## Annex\n\nBack to checks: 77% of them.\n');
  assert.deepEqual(messages(file), [
    'brief.md:7:17-7:20: Figure “77%” states a quantity but its sentence has no citation',
  ]);
  const other = await check('## Works cited\n\nSmith said 53%.\n', { referencesTitle: 'Works cited' });
  assert.deepEqual(messages(other), []);
});

const table = '| Year | Attacks |\n| ---- | ------- |\n| 2022 | 1,811   |\n| 2023 | 838     |\n';

test('a table introduced by a cited sentence, or with a cited caption, does not fire', async () => {
  await assertSilent(`The table summarises attacks by year [@alnaba2024].\n\n${table}`);
  await assertSilent(`Some context first.\n\n${table}\nTable: Attacks by year [@alnaba2024].\n`);
});

test('an uncited table with figures fires once, at the table', async () => {
  const file = await check(`Some context first.\n\n${table}`);
  assert.deepEqual(messages(file), [
    'brief.md:3:1-6:19: Table states figures (“1,811”) but neither the sentence introducing it nor its caption has a citation',
  ]);
  assert.equal(file.messages[0]?.ruleId, 'uncited-statistic');
  await assertSilent('| Year | Region |\n| ---- | ------ |\n| 2022 | North  |\n');
});

test('an exemption with a reason silences and is recorded', async () => {
  const inline = await check('Attacks fell by 53% in the north.<!-- cite-ok: our own field count -->\n');
  assert.deepEqual(messages(inline), []);
  assert.deepEqual(inline.data.exemptions, [
    {
      reason: 'our own field count',
      place: { start: { line: 1, column: 34, offset: 33 }, end: { line: 1, column: 71, offset: 70 } },
    },
  ]);
  const block = await check('<!-- cite-ok: survey we ran in 2024 -->\nWe surveyed 400 households; 30% said so.\n\nOthers said 12% agreed.\n');
  assert.deepEqual(rules(block), ['uncited-attribution', 'uncited-statistic']);
  assert.equal(block.messages[0]?.line, 4);
  assert.equal(block.data.exemptions?.length, 1);
  assert.equal(block.data.exemptions?.[0]?.reason, 'survey we ran in 2024');
  assert.equal(block.data.exemptions?.[0]?.place.start.line, 1);
});

test('an exemption without a reason warns and does not exempt', async () => {
  const file = await check('<!-- cite-ok -->\nSome 30% agreed.\n\nAnd 12% disagreed.<!-- cite-ok: -->\n');
  assert.deepEqual(messages(file), [
    'brief.md:1:1-1:17: Exemption `cite-ok` needs a reason, as in `<!-- cite-ok: reason -->`',
    'brief.md:2:6-2:9: Figure “30%” states a quantity but its sentence has no citation',
    'brief.md:4:19-4:36: Exemption `cite-ok` needs a reason, as in `<!-- cite-ok: reason -->`',
    'brief.md:4:5-4:8: Figure “12%” states a quantity but its sentence has no citation',
  ]);
  assert.deepEqual(rules(file), [
    'unjustified-exemption',
    'uncited-statistic',
    'unjustified-exemption',
    'uncited-statistic',
  ]);
  assert.deepEqual(file.data.exemptions, []);
});

test('held-out scores meet the targets', async () => {
  const scores = await score(loadSet('held'));
  const by = Object.fromEntries(scores.map((s) => [s.rule, s]));
  const targets: Array<[string, number, number]> = [
    // One or two words in quotation marks with no reporting verb are read as
    // scare quotes (issue 12: on real text these were false alarms), unless the
    // sentence frames, characterises or contrasts them (quotations.ts).
    ['uncited-quotation', 0.95, 0.9],
    ['uncited-statistic', 0.85, 0.75],
    ['uncited-attribution', 0.85, 0.75],
  ];
  for (const [rule, precision, recall] of targets) {
    const s = by[rule];
    assert.ok(s, rule);
    assert.ok(s.precision >= precision, `${rule} precision ${s.precision.toFixed(3)} < ${precision}`);
    assert.ok(s.recall >= recall, `${rule} recall ${s.recall.toFixed(3)} < ${recall}`);
  }
});

// A citation made only of cross-references (`@fig:x`, `[@fig:a; @tbl-b]`) points at
// the brief's own chart or table: it gives no source (claims/flatten.ts). One real
// citation among them does.
test('a cross-reference is not a source: a figure that only points at the brief’s own chart is still uncited', async () => {
  assert.deepEqual(rules(await check('Attacks rose by 40 percent in 2023, as @fig:attacks shows.\n')), ['uncited-statistic']);
  assert.deepEqual(rules(await check('Attacks rose by 40 percent in 2023 [@fig:attacks; @tbl-attacks].\n')), ['uncited-statistic']);
  assert.deepEqual(rules(await check('Attacks rose by 40 percent in 2023 (see [@Fig:attacks]).\n')), ['uncited-statistic']);
  assert.deepEqual(rules(await check('Officials said attacks rose in 2023 [@fig-attacks].\n')), ['uncited-attribution']);
  await assertSilent('Attacks rose by 40 percent in 2023 [@acled2024; see @fig:attacks].\n');
  // A bibliography entry whose key is shaped like a Quarto label is a source.
  await assertSilent('Attacks rose by 40 percent in 2023 [@fig-report].\n', { isEntry: (key) => key === 'fig-report' });
});
