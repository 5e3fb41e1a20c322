/**
 * Front matter as pandoc reads it: any date string, a block closed with
 * `...`, and the fields of JOSS, R Markdown and Quarto papers read or ignored
 * without errors (issue 12).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VFile } from 'vfile';
import { parse } from '../scripts/stages/parse.ts';
import { readFrontDate } from '../scripts/lib/meta.ts';
import { readDate, readNumericDate } from '../scripts/lib/dates.ts';

async function front(yaml: string, close = '---') {
  const file = new VFile({ path: 'brief.md', value: `---\n${yaml}${close}\n\nText.\n\n---\n\nAfter a rule.\n` });
  const { meta } = await parse(file);
  return { meta, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`) };
}

test('ISO dates are read as they are', async () => {
  for (const date of ['2023', '2023-01', '2023-01-21']) {
    const { meta, messages } = await front(`title: T\ndate: ${date}\n`);
    assert.deepEqual(messages, []);
    assert.equal(meta?.date, date);
    assert.equal(meta?.dateText, undefined);
  }
  const { meta } = await front('title: T\ndate: 2023\n');
  assert.equal(meta?.date, '2023');
});

test('written dates are read by explicit formats and kept as written', async () => {
  const cases: Array<[string, string | undefined]> = [
    ['21 January 2023', '2023-01-21'],
    ['March 21, 2021', '2021-03-21'],
    ['Jan. 5, 2021', '2021-01-05'],
    ['21st January 2023', '2023-01-21'],
    ['January 2023', '2023-01'],
    ['2021-03-21T10:00:00Z', '2021-03-21'],
    ['Spring 2023', undefined],
    ['2023-02-30', undefined],
    ['01/02/2013', undefined], // ambiguous: kept as written, not guessed
  ];
  for (const [written, iso] of cases) {
    const { meta, messages } = await front(`title: T\ndate: "${written}"\n`);
    assert.deepEqual(messages, [], written);
    assert.equal(meta?.date, iso, written);
    assert.equal(meta?.dateText, written, written);
  }
});

test('`today`, `\\today`, `now` and `last-modified` are the day of the build', async () => {
  const day = new Date('2026-03-04T12:00:00Z');
  for (const word of ['today', '\\today', 'now', 'last-modified']) assert.deepEqual(readFrontDate(word, day), { date: '2026-03-04' }, word);
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2024, 4, 6) / 1000);
  try {
    const { meta, messages } = await front('title: T\ndate: \\today\n');
    assert.deepEqual(messages, []);
    assert.equal(meta?.date, '2024-05-06');
    assert.equal((await front('title: T\ndate: last-modified\n')).meta?.date, '2024-05-06');
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
});

test('a front matter block closed with `...` is read, and ends at the first closing line', async () => {
  const { meta, messages } = await front('title: Closed with dots\nlang: fr\n', '...');
  assert.deepEqual(messages, []);
  assert.equal(meta?.title, 'Closed with dots');
  assert.equal(meta?.lang, 'fr');
  // A `...` line later in the body does not swallow the text of a `---` block.
  const file = new VFile({ path: 'b.md', value: '---\ntitle: Dashes\n---\n\nText.\n\n...\n' });
  const parsed = await parse(file);
  assert.equal(parsed.meta?.title, 'Dashes');
  assert.equal(parsed.tree.children.filter((n) => n.type === 'paragraph').length, 2);
});

test('a JOSS paper: `authors` with numbered `affiliations`, `tags`, unknown keys ignored', async () => {
  const { meta, messages } = await front(`title: 'Gala: A Python package for galactic dynamics'
tags:
  - Python
  - astronomy
authors:
  - name: Adrian M. Price-Whelan
    orcid: 0000-0000-0000-0000
    equal-contrib: true
    affiliation: "1, 2"
  - given-names: Ludwig
    dropping-particle: van
    surname: Beethoven
    affiliation: 3
affiliations:
 - name: Princeton University, USA
   index: 1
 - name: Institution Name, Country
   index: 2
 - name: Independent Researcher, Country
   index: 3
date: 13 August 2017
bibliography: paper.bib
aas-doi: 10.3847/xxxxx
`);
  assert.deepEqual(messages, []);
  assert.deepEqual(meta?.author, [
    { name: 'Adrian M. Price-Whelan', affiliation: 'Princeton University, USA; Institution Name, Country' },
    { name: 'Ludwig van Beethoven', affiliation: 'Independent Researcher, Country' },
  ]);
  assert.deepEqual(meta?.keywords, ['Python', 'astronomy']);
  assert.deepEqual(meta?.bibliography, ['paper.bib']);
  assert.equal(meta?.date, '2017-08-13');
  assert.equal(meta?.dateText, '13 August 2017');
});

test('R Markdown and Quarto fields are read or ignored without errors', async () => {
  const { meta, messages } = await front(`title: "A Quarto paper"
author:
  - name:
      given: Norah
      family: Jones
    orcid: 0000-0001-0000-0000
    email: norah@example.org
    affiliations:
      - ref: hu
  - name: Bob Smith
    affiliation: Some University
  - Carol
affiliations:
  - id: hu
    name: Harvard University
date: last-modified
abstract: |
  Two paragraphs.

  Of abstract.
keywords: [one, 2]
bibliography: [a.bib, b.bib]
csl: apa
link-citations: true
nocite: |
  @one, @two
output:
  pdf_document:
    keep_tex: true
format:
  html:
    toc: true
execute:
  echo: false
header-includes:
  - \\usepackage{xcolor}
lang: en_US
`);
  assert.deepEqual(messages, []);
  assert.deepEqual(meta?.author, [
    { name: 'Norah Jones', affiliation: 'Harvard University' },
    { name: 'Bob Smith', affiliation: 'Some University' },
    { name: 'Carol' },
  ]);
  assert.deepEqual(meta?.keywords, ['one', '2']);
  assert.deepEqual(meta?.bibliography, ['a.bib', 'b.bib']);
  assert.deepEqual(meta?.nocite, ['one', 'two']);
  assert.equal(meta?.lang, 'en-US');
  assert.match(meta?.abstract ?? '', /Of abstract/);
});

test('fields of the wrong shape are still front-matter errors', async () => {
  const { messages } = await front('title: T\ntoc: maybe\nauthor: 42\n');
  assert.equal(messages.filter((m) => / front-matter /.test(m)).length, 2, messages.join('\n'));
  assert.ok((await front('lang: en\n')).messages.some((m) => /title/.test(m)));
});

test('readDate and readNumericDate accept only what they say', () => {
  assert.deepEqual(readDate('2023-01-21'), [2023, 1, 21]);
  assert.equal(readDate('21/01/2023'), undefined);
  assert.equal(readDate('yesterday'), undefined);
  assert.deepEqual(readNumericDate('21/01/2023'), [2023, 1, 21]);
  assert.deepEqual(readNumericDate('01/21/2023'), [2023, 1, 21]);
  assert.deepEqual(readNumericDate('01/02/13'), [2013]); // day and month cannot be told apart
  assert.equal(readNumericDate('2013-02-01'), undefined);
});

test('a document without a `title` is titled by a level-1 heading that opens it', async () => {
  for (const value of ['# Secure Defaults: Cloud *Native* 8\n\nText.\n', '---\nlang: en\n---\n\n<!-- note -->\n# Secure Defaults: Cloud *Native* 8\n\nText.\n']) {
    const file = new VFile({ path: 'README.md', value });
    const { meta } = await parse(file);
    assert.deepEqual(file.messages.map(String), []);
    assert.equal(meta?.title, 'Secure Defaults: Cloud Native 8');
  }
  const file = new VFile({ path: 'x.md', value: 'Text first.\n\n# A heading later\n' });
  assert.equal((await parse(file)).meta, undefined);
  assert.match(String(file.messages[0]), /title/);
});

test('dates in the brief’s language and R Markdown’s inline R', async () => {
  const cases: Array<[string, string, string]> = [
    ['es', '20 de enero de 2014', '2014-01-20'],
    ['pt', '20 de Janeiro de 2014', '2014-01-20'],
    ['fr', '20 janvier 2014', '2014-01-20'],
    ['de', '3. März 2020', '2020-03-03'],
  ];
  for (const [lang, written, iso] of cases) {
    const { meta, messages } = await front(`title: T\nlang: ${lang}\ndate: ${written}\n`);
    assert.deepEqual(messages, []);
    assert.equal(meta?.date, iso, written);
    assert.equal(meta?.dateText, written);
  }
  // In an English brief a French date is kept as written, not guessed.
  assert.equal((await front('title: T\ndate: 20 janvier 2014\n')).meta?.date, undefined);
  const day = new Date('2026-03-04T12:00:00Z');
  assert.deepEqual(readFrontDate('`r format(Sys.time(), "%d %B, %Y")`', day), { date: '2026-03-04' });
});
