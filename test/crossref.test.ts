/**
 * Cross-references (pandoc-crossref's and Quarto's syntax), without a browser:
 * numbering, the words in English and Arabic, pandoc-crossref's grouping of
 * several references, captions, and the check's messages (missing-crossref,
 * duplicate-label, reserved-key) with their positions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBrief } from '../scripts/build.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { collectLabels, writeGroup, type Label } from '../scripts/lib/crossref.ts';
import { markdown } from './plugin-helpers.ts';
import { PNG, renderBrief } from './fixtures.ts';
import { ROOT, tempDir } from './helpers.ts';

const BIB = `@book{doe99,
  author = {Doe, Jane},
  title = {A Book},
  publisher = {A Press},
  year = {1999}
}
`;

const files = { 'refs.bib': BIB, 'dot.png': PNG as unknown as string };
const front = (extra = '') => `---\ntitle: Crossrefs\nbibliography: refs.bib\n${extra}---\n\n`;

const BODY = `# Overview {#sec:overview}

See @fig:map, [@fig:map; @fig:trend; @fig-chart], @tbl:claims and [@tbl:claims; @tbl-losses] [@doe99]. @Fig:trend is read in @sec:method.
Mixed: [@fig:trend; @tbl:claims; @doe99]. Bare: -@fig:map. Prefix: [see @fig:map]. Parts: [@sec:overview; @sec:method; @sec-results].

![Sites](dot.png){#fig:map}

## Method {#sec:method}

![Claims](dot.png "Claims per month"){#fig:trend}

| Year | Claims |
|------|--------|
| 2023 | 12 |

: Claims by year {#tbl:claims}

# Results {#sec-results}

: Losses by *province* {#tbl-losses}

| Province | Losses |
|----------|--------|
| Kerman | 95 |

![A chart](dot.png){#fig-chart}
`;

test('labels are numbered in reading order, sections by level', () => {
  const tree = markdown('# A {#sec:a}\n\n## B {#sec:b}\n\n## C {-}\n\n## D {#sec:d}\n\n# E {#sec:e}\n');
  // Headings get their attributes from remark-pandoc-attributes in the real pipeline.
  for (const [i, node] of tree.children.entries()) {
    if (node.type !== 'heading') continue;
    const text = node.children[0]!.type === 'text' ? node.children[0]!.value : '';
    const m = / \{(#([^}]+)|-)\}$/.exec(text)!;
    node.data = { hProperties: m[2] ? { id: m[2] } : { className: ['unnumbered'] } };
    assert.ok(i >= 0);
  }
  assert.deepEqual(collectLabels(tree).map((l) => `${l.id}=${l.number}`), ['sec:a=1', 'sec:b=1.1', 'sec:d=1.2', 'sec:e=2']);
});

test('a group is written as pandoc-crossref writes it: sorted, repeats once, three in a row as a range', () => {
  const label = (id: string, order: number, number = String(order + 1)): Label => ({ id, kind: 'fig', number, order, caption: [], position: undefined });
  const words = { singular: 'Figure', plural: 'Figures', delimiter: ', ' };
  const text = (labels: Label[], count = labels.length, bare = false) => writeGroup(labels, words, { capital: false, bare, count }).map((p) => p.text).join('');
  const [a, b, c, d, e] = [label('a', 0), label('b', 1), label('c', 2), label('d', 3), label('e', 4)];
  assert.equal(text([d, c, b, a, e]), 'Figures\u00A01–5');
  assert.equal(text([a]), 'Figure\u00A01');
  assert.equal(text([b, a]), 'Figures\u00A01, 2');
  assert.equal(text([a, b, c, e]), 'Figures\u00A01–3, 5');
  assert.equal(text([a, a], 2), 'Figures\u00A01');
  assert.equal(text([a, c], 2, true), '1, 3');
  const sections = [label('s1', 0, '4.1'), label('s2', 1, '4.2'), label('s3', 2, '4.3'), label('s4', 3, '5')];
  assert.equal(text(sections), 'Figures\u00A04.1–4.3, 5');
});

test('English: references, links, captions and lists of figures and tables', async () => {
  const { body, text, file } = await renderBrief(front('lof: true\nlot: true\n') + BODY, files);
  assert.deepEqual(file.messages.map(String), []);
  assert.match(text, /See Figure 1, Figures 1–3, Table 1 and Tables 1, 2 \(Doe 1999\)\. Figure 2 is read in Section 1\.1\./);
  assert.match(text, /Mixed: Figure 2, Table 1, \(Doe 1999\)\. Bare: 1\. Prefix: see 1\. Parts: Sections 1, 1\.1, 2\./);
  // A no-break space between the word and the number.
  assert.match(body, /Tables\u00A0<a href="#tbl:claims" class="crossref">1<\/a>, <a href="#tbl-losses" class="crossref">2<\/a>/);
  assert.match(body, /<a href="#fig:map" class="crossref">Figure\u00A01<\/a>/);
  assert.match(body, /Figures\u00A0<a href="#fig:map" class="crossref">1<\/a>–<a href="#fig-chart" class="crossref">3<\/a>/);
  assert.match(body, /<figure id="fig:map"><img src="dot.png" alt="Sites"><figcaption><span class="caption-label">Figure 1\.<\/span> Sites<\/figcaption><\/figure>/);
  assert.match(body, /<figure id="fig:trend">.*<span class="caption-label">Figure 2\.<\/span> Claims per month/);
  assert.match(body, /<table id="tbl:claims"><caption><span class="caption-label">Table 1\.<\/span> Claims by year<\/caption>/);
  // A caption written before its table belongs to that table.
  assert.match(body, /<table id="tbl-losses"><caption><span class="caption-label">Table 2\.<\/span> Losses by <em>province<\/em><\/caption>/);
  assert.doesNotMatch(body, /table-caption|\{#tbl/);
  const print = (await renderBrief(front('lof: true\nlot: true\n') + BODY, files)).rendered.printHtml;
  const lists = print.slice(print.indexOf('<nav class="toc figure-list lof"'), print.indexOf('<main>'));
  assert.deepEqual([...lists.matchAll(/data-for="([^"]+)"/g)].map((m) => m[1]), ['fig:map', 'fig:trend', 'fig-chart', 'tbl:claims', 'tbl-losses']);
  assert.match(lists, /List of Figures.*Figure 3\.<\/span> A chart.*List of Tables.*Table 2\.<\/span> Losses by province/s);
});

test('Arabic: the words and the list delimiter of the brief’s language', async () => {
  const md = `---\ntitle: إحالات\nlang: ar\nbibliography: refs.bib\nnocite: ["@*"]\n---\n\nانظر @fig:a وكذلك [@fig:a; @fig:b] و @tbl:t.\n\n![خريطة](dot.png){#fig:a}\n\n![رسم](dot.png){#fig:b}\n\n| أ | ب |\n|---|---|\n| 1 | 2 |\n\n: جدول {#tbl:t}\n`;
  const { body, text } = await renderBrief(md, files);
  assert.match(text, /انظر الشكل 1 وكذلك الأشكال 1، 2 و الجدول 1\./);
  // Digits in Arabic text are isolated (plugins/rehype-isolate-bidi.ts).
  const n = (d: number) => `<bdi dir="ltr">\u200E${d}\u200E</bdi>`;
  assert.ok(body.includes(`<figcaption><span class="caption-label">الشكل ${n(2)}.</span> رسم</figcaption>`), body);
  assert.ok(body.includes(`<caption><span class="caption-label">الجدول ${n(1)}.</span> جدول</caption>`), body);
  assert.ok(body.includes(`الأشكال\u00A0<a href="#fig:a" class="crossref">${n(1)}</a>، <a href="#fig:b" class="crossref">${n(2)}</a>`), body);
});

test('no list of figures unless asked for', async () => {
  const { rendered } = await renderBrief(front() + BODY, files);
  assert.doesNotMatch(rendered.printHtml, /<nav class="toc figure-list/);
});

const config = loadConfig(tempDir()).config;

async function check(md: string, bib = BIB): Promise<string[]> {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(join(dir, 'dot.png'), PNG);
  writeFileSync(join(dir, 'brief.md'), md);
  const { files: checked } = await checkBrief(join(dir, 'brief.md'), { config, cwd: dir });
  return checked.flatMap((f) => f.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}${m.cause instanceof Error ? ` [cause ${(m.cause as { line?: number }).line}:${(m.cause as { column?: number }).column}]` : ''}`));
}

test('the clean brief gives no message', async () => {
  assert.deepEqual(await check(front() + BODY), []);
});

test('missing-crossref: an unknown label, at its line, with “did you mean”', async () => {
  const messages = await check(front() + BODY + '\nSee @fig:mpa, @tbl-claims and @sec:nowhere-at-all.\n');
  assert.deepEqual(messages, [
    '33:5 missing-crossref Cross-reference `@fig:mpa` points at no label; did you mean `@fig:map`?',
    '33:15 missing-crossref Cross-reference `@tbl-claims` points at no label; did you mean `@tbl:claims`?',
    '33:31 missing-crossref Cross-reference `@sec:nowhere-at-all` points at no label',
  ]);
});

test('duplicate-label: a label defined twice, the first definition as cause', async () => {
  const messages = await check(front() + BODY + '\n![Again](dot.png){#fig:map}\n');
  assert.deepEqual(messages, ['33:1 duplicate-label Label `#fig:map` is defined twice: references would point at the first [cause 11:1]']);
});

test('reserved-key: a cited bibliography key with a cross-reference prefix is refused', async () => {
  const bib = `${BIB}\n@book{fig:smith,\n  author = {Smith, John},\n  title = {Maps},\n  publisher = {P},\n  year = {2001}\n}\n\n@book{fig-chart,\n  author = {Roe, Rita},\n  title = {Charts},\n  publisher = {P},\n  year = {2002}\n}\n\n@book{fig-other,\n  author = {Poe, Paul},\n  title = {Other},\n  publisher = {P},\n  year = {2003}\n}\n`;
  const messages = await check(front() + BODY + '\nAs [@fig:smith] and @fig-chart say, and @fig-other.\n', bib);
  // `fig-chart` is a label of the brief: its every use is ambiguous, the first one in the body too.
  assert.deepEqual(messages, [
    '8:38 reserved-key Citation key `fig-chart` is also a label in this brief (`#fig-chart`): rename the entry in the bibliography [cause 15:7]',
    '33:5 reserved-key Citation key `fig:smith` starts with `fig:`, which is reserved for cross-references: rename the entry in the bibliography [cause 8:7]',
    '33:21 reserved-key Citation key `fig-chart` is also a label in this brief (`#fig-chart`): rename the entry in the bibliography [cause 15:7]',
  ]);
});

test('missing-crossref: a code chunk’s output, and a kind that is not numbered, say so', async () => {
  const md = front() + BODY + '\n```{r}\n#| label: fig-plot\nplot(x)\n```\n\nSee @fig-plot, @eq:energy and @thm-line. Part @fig-plot-2.\n';
  assert.deepEqual(await check(md), [
    '38:5 missing-crossref Cross-reference `@fig-plot` points at the output of a code chunk (line 33), which briefpress does not run: put the figure or table in the brief with the label `{#fig-plot}`',
    '38:16 missing-crossref Cross-reference `@eq:energy` points at no label',
    '38:31 missing-crossref Cross-reference `@thm-line` is of a kind briefpress does not number (it numbers figures, tables, sections and equations: `fig`, `tbl`, `sec`, `eq`)',
    '38:47 missing-crossref Cross-reference `@fig-plot-2` points at the output of a code chunk (line 33), which briefpress does not run: put the figure or table in the brief with the label `{#fig-plot-2}`',
  ]);
});

test('Quarto float divs: a figure or table of parts, numbered as Quarto numbers them', async () => {
  const md = front('nocite: ["@*"]\n') + `![One](dot.png){#fig-one}

::: {#fig-pair}
![Left](dot.png){#fig-left}

![Right](dot.png){#fig-right}

Two views
:::

::: {#tbl-panel}
| a |
|---|
| 1 |

: First {#tbl-first}

| b |
|---|
| 2 |

: Second {#tbl-second}

Main caption
:::

See @fig-one, @fig-pair, @fig-right, @tbl-panel and @tbl-second.
`;
  const { body, text } = await renderBrief(md, files);
  assert.match(text, /See Figure 1, Figure 2, Figure 2 \(b\), Table 1 and Table 1 \(b\)\./);
  assert.match(body, /<div id="fig-pair" class="float">.*<figure id="fig-right">.*<span class="caption-label">\(b\)<\/span> Right.*<p class="float-caption"><span class="caption-label">Figure 2\.<\/span> Two views<\/p><\/div>/s);
  // A table panel's caption comes first, as Quarto places table captions.
  assert.match(body, /<div id="tbl-panel" class="float"><p class="float-caption"><span class="caption-label">Table 1\.<\/span> Main caption<\/p>/);
  assert.deepEqual(await check(md), []);
});

test('equations: `$$ … $$ {#eq:id}` in a paragraph and after a `$$` block are numbered, the block closes at its labelled fence', async () => {
  const md = front('nocite: ["@*"]\n') + 'Before.\n\n$$\ny = mx + b\n$$ {#eq-line}\n\nSee @eq-line and [@eq:energy; @eq-line].\n\n$$ E = mc^2 $$ {#eq:energy}\n';
  const { body, text } = await renderBrief(md, files);
  assert.match(text, /See Equation 1 and Equations 1, 2\./);
  const plain = body.replace(/<math[\s\S]*?<\/math>/g, '<math/>');
  assert.match(plain, /<span class="equation" id="eq-line"><math\/><span class="equation-number">\(1\)<\/span><\/span>/);
  assert.match(plain, /<p><span class="equation" id="eq:energy"><math\/><span class="equation-number">\(2\)<\/span><\/span><\/p>/);
  assert.doesNotMatch(body, /\{#eq/);
  assert.deepEqual(await check(md), []);
});

test('real material: Manubot’s guide (test/corpus) numbers its figures, tables and equations as pandoc-crossref does', async () => {
  const source = readFileSync(join(ROOT, 'test/corpus/real/manubot-rootstock-guide/02.delete-me.md'), 'utf8');
  // Its sections on cross-references, figures, tables and equations; the images (fetched from GitHub by Manubot) as a local file.
  const from = source.indexOf('## Referencing figures');
  const body = source.slice(from, source.indexOf('## Special', from)).replace(/\]\(https:\/\/[^ )]+ "/g, '](dot.png "');
  const { body: html, text } = await renderBrief(`---\ntitle: Manubot\n---\n\n${body}`, files);
  // Manubot's own pandoc-crossref settings leave the prefix out ("Figure @fig:x"); by default the word is written.
  assert.match(text, /Figure Figure 1 Figure Figure 2 Figure Figure 3 Figure Figure 4 Table Table 1 Equation Equation 1 Equation Equation 2 /);
  assert.match(text, /Table 1\. A table with a top caption and specified relative column widths\./);
  assert.match(text, /Table 2\. A table too wide to fit within page\./);
  // `{#tbl: merged-cells}` (with a space) is no label, for pandoc either: the caption is kept, unnumbered.
  assert.match(text, /A table with merged cells using the attributes plugin\. \{#tbl: merged-cells\}/);
  assert.equal([...html.matchAll(/class="equation-number">\((\d)\)/g)].map((m) => m[1]).join(), '1,2');
});
