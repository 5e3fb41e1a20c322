/**
 * What real manuscripts carry and a reader can follow must not be an error
 * (issue 12): cross-references, repeated entries, notes referenced from the
 * front matter, web resources without an author, reference managers' dates,
 * shortDOIs, legal cases, laws and treaties.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VFileMessage } from 'vfile-message';
import { checkBrief } from '../scripts/build.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { tempDir } from './helpers.ts';

const config = loadConfig(tempDir()).config;

const BOOK = `@book{hallaq2009,
  author = {Hallaq, Wael B.},
  title = {An Introduction to Islamic Law},
  publisher = {Cambridge University Press},
  year = {2009}
}
`;

async function check(body: string, files: Record<string, string>, front = 'bibliography: refs.bib\nnocite: ["@*"]\n') {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'brief.md'), `---\ntitle: T\n${front}---\n\n${body}\n`);
  const checked = await checkBrief(join(dir, 'brief.md'), { config, cwd: dir });
  const messages = checked.files.flatMap((f) => f.messages.map((m) => ({ file: f.path, m })));
  return {
    messages,
    lines: messages.map(({ file, m }) => `${file}:${m.line}:${m.column} ${m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info'} ${m.ruleId}: ${m.reason}`),
    errors: messages.filter(({ m }) => m.fatal).map(({ file, m }) => `${file}:${m.line}:${m.column} ${m.ruleId}: ${m.reason}`),
  };
}

test('pandoc-crossref and Quarto cross-references are never missing references', async () => {
  // Without their labels they are missing cross-references (test/crossref.test.ts), never missing references.
  const body = 'See @fig:map, [@tbl:results], @sec:intro and @eq:x; in Quarto @fig-map, [-@tbl-results] and @sec-x, as argued [@hallaq2009; @fig:map].';
  const { lines } = await check(body, { 'refs.bib': BOOK });
  assert.deepEqual(lines.filter((l) => !/ missing-crossref: /.test(l)), []);
  assert.equal(lines.length, 8);
  // Without any bibliography, cross-references alone do not ask for one.
  const alone = await check('As @fig-map shows, see @sec:intro.', {}, '');
  assert.deepEqual(alone.lines.filter((l) => !/ missing-crossref: /.test(l)), []);
  // A real typo is still caught.
  const typo = await check('[@halaq2009]', { 'refs.bib': BOOK });
  assert.deepEqual(typo.errors.map((e) => e.replace(/:.*? /, ' ')), ['brief.md:7:2 missing-reference: Citation key `halaq2009` is in no bibliography; did you mean `hallaq2009`?'].map((e) => e.replace(/:.*? /, ' ')));
});

test('two identical copies of an entry are information naming both places; a clash is an error with its first place as cause', async () => {
  const same = await check('[@hallaq2009]', { 'refs.bib': BOOK + '\n' + BOOK });
  assert.deepEqual(same.lines, ['refs.bib:8:7 info repeated-entry: Entry `hallaq2009` is repeated with the same fields; the first copy is used']);
  const cause = same.messages[0]!.m.cause;
  assert.ok(cause instanceof VFileMessage);
  assert.equal(cause.file, 'refs.bib');
  assert.equal(cause.line, 1);
  assert.equal(cause.column, 7);
  // The same entry in two merged files.
  const merged = await check('[@hallaq2009]', { 'a.bib': BOOK, 'b.bib': BOOK }, 'bibliography: [a.bib, b.bib]\n');
  assert.deepEqual(merged.lines, ['b.bib:1:7 info repeated-entry: Entry `hallaq2009` is repeated with the same fields; the first copy is used']);
  assert.equal((merged.messages[0]!.m.cause as VFileMessage).reason, 'First defined in `a.bib`');
  const clash = await check('[@hallaq2009]', { 'refs.bib': BOOK + '\n' + BOOK.replace('2009}', '2010}') });
  assert.deepEqual(clash.errors, ['refs.bib:8:7 duplicate-reference: Duplicate key `hallaq2009` with different fields']);
  assert.equal((clash.messages[0]!.m.cause as VFileMessage).line, 1);
});

test('a footnote referenced from the front matter is used', async () => {
  const { lines } = await check('Text [@hallaq2009].\n\n[^aff]: Department of Law, Some University.', { 'refs.bib': BOOK }, 'bibliography: refs.bib\nauthor:\n  - name: "A. Author[^aff]"\n');
  assert.deepEqual(lines, []);
});

test('web pages, software and data sets with a URL or DOI, a title and a date need no author', async () => {
  const bib = `@misc{site, title = {Global Terrorism Database}, howpublished = {\\url{https://www.start.umd.edu/gtd/}}, year = {2022}}
@online{page, title = {About us}, url = {https://example.org/about}, urldate = {2023-05-01}}
@software{pkg, title = {pandas}, url = {https://github.com/pandas-dev/pandas}, version = {2.0}, year = {2023}}
@misc{data, title = {A data set}, doi = {10.5281/zenodo.123456}, year = {2021}}
`;
  const json = JSON.stringify([
    { id: 'w', type: 'webpage', title: 'A page', URL: 'https://example.org/w', issued: { 'date-parts': [[2020]] } },
    { id: 's', type: 'software', title: 'A tool', URL: 'https://example.org/s', issued: { 'date-parts': [[2020]] } },
    { id: 'd', type: 'dataset', title: 'A survey', DOI: '10.1234/abcd', issued: { 'date-parts': [[2019]] } },
    // As a real Zotero export has a covenant: a manuscript with a URL and a literal date.
    { id: 'iccpr', type: 'manuscript', title: 'International covenant on civil and political rights', URL: 'https://www.ohchr.org/en/professionalinterest/pages/ccpr.aspx', issued: { literal: '1976-03-23, 1976' } },
  ]);
  const { errors } = await check('Text.', { 'refs.bib': bib, 'refs.json': json }, 'bibliography: [refs.bib, refs.json]\nnocite: ["@*"]\n');
  assert.deepEqual(errors, []);
  // Undated with a link (a statistics portal): a warning, printed "n.d.".
  const undated = await check('Text.', { 'refs.json': JSON.stringify([{ id: 'oecd', type: 'article-journal', author: [{ literal: 'OECD' }], title: 'Creditor Reporting System', URL: 'http://stats.oecd.org' }]) }, 'bibliography: refs.json\nnocite: ["@*"]\n');
  assert.deepEqual(undated.lines.map((l) => l.split(': ')[0]), ['refs.json:1:9 warning sparse-reference', 'refs.json:1:9 warning sparse-reference']);
  // With neither a creator nor a URL, a title and a year are not enough.
  const bare = await check('Text.', { 'refs.bib': '@misc{x, title = {Something}, year = {2020}}\n' });
  assert.deepEqual(bare.errors.map((e) => e.split(': ')[0]), ['refs.bib:1:7 incomplete-reference']);
});

test('reference managers’ access dates and month macros are read', async () => {
  const bib = `@online{a, title = {A}, url = {https://example.org/a}, urldate = {01/02/13}}
@online{b, title = {B}, url = {https://example.org/b}, accessed = {2021-05-06}}
@misc{c, title = {C}, howpublished = {\\url{https://example.org/c}}, note = {[Online; accessed 4-March-2021]}}
@article{d, author = {X, Y}, title = {D}, journal = {J}, year = 2020, month = jan}
`;
  const { errors } = await check('Text.', { 'refs.bib': bib });
  assert.deepEqual(errors, []);
});

test('a shortDOI is a valid DOI; a malformed one is a warning', async () => {
  const ok = await check('[@a]', { 'refs.bib': '@article{a, author = {X, Y}, title = {T}, journal = {J}, year = {2020}, doi = {10/bqhp9z}}\n' });
  assert.deepEqual(ok.lines, []);
  const bad = await check('[@a]', { 'refs.bib': '@article{a, author = {X, Y}, title = {T}, journal = {J}, year = {2020}, doi = {bqhp9z}}\n' });
  assert.deepEqual(bad.lines.map((l) => l.split(': ')[0]), ['refs.bib:1:10 warning malformed-identifier']);
});

test('legal cases, laws and treaties are complete by what their type needs', async () => {
  const json = JSON.stringify([
    // A case named in `author` (as Zotero exports "case name"), with no title.
    { id: 'brown', type: 'legal_case', author: [{ literal: 'Brown v. Board of Education' }], authority: 'U.S. Supreme Court', 'container-title': 'U.S.', volume: '347', page: '483', issued: { 'date-parts': [[1954]] } },
    { id: 'tadic', type: 'legal_case', title: 'Prosecutor v. Tadić', authority: 'ICTY', issued: { 'date-parts': [[1995, 10, 2]] } },
    { id: 'geneva', type: 'treaty', title: 'Geneva Convention Relative to the Protection of Civilian Persons in Time of War', issued: { 'date-parts': [[1949, 8, 12]] } },
    { id: 'act', type: 'legislation', title: 'Human Rights Act 1998', 'container-title': 'c. 42', issued: { 'date-parts': [[1998]] } },
    { id: 'bill', type: 'bill', title: 'A Bill', number: 'H.R. 1', issued: { 'date-parts': [[2021]] } },
  ]);
  // BibLaTeX's legal styles: a court, a reporter or a docket number, and
  // decisions cited by official report without a title or a date.
  const bib = `@jurisdiction{roe, title = {Roe v. Wade}, institution = {U.S. Supreme Court}, date = {1973}}
@jurisdiction{bverfge, court = {BVerfGE}, volume = {65}, pages = {1}, title = {Volkszählung}}
@jurisdiction{njw, court = {BGH}, journaltitle = {NJW}, year = {2019}, pages = {1234}}
@jurisdiction{docket, court = {LG Berlin}, date = {2010-03-04}, number = {12 O 34/09}}
`;
  const { errors } = await check('Text.', { 'refs.json': json, 'refs.bib': bib }, 'bibliography: [refs.json, refs.bib]\nnocite: ["@*"]\n');
  assert.deepEqual(errors, []);
  // A treaty with no date is still incomplete.
  const undated = await check('Text.', { 'refs.json': JSON.stringify([{ id: 't', type: 'treaty', title: 'A Treaty' }]) }, 'bibliography: refs.json\nnocite: ["@*"]\n');
  assert.deepEqual(undated.errors, ['refs.json:1:9 incomplete-reference: Entry `t` has no date']);
});
