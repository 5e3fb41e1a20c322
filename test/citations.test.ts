/** Citation syntax, bibliography formats and rendering in two styles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import remarkCitations from '../scripts/plugins/remark-citations.ts';
import type { Citation } from '../scripts/lib/types.ts';
import { readBibliography } from '../scripts/lib/bibliography.ts';
import { ROOT, tempDir } from './helpers.ts';
import { renderBrief as renderBriefIn } from './fixtures.ts';

async function citations(md: string) {
  const file = new VFile({ path: 'brief.md', value: md });
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkCitations);
  const tree = (await processor.run(processor.parse(file), file)) as Root;
  const out: Citation[] = [];
  visit(tree, 'citation', (node: Citation) => {
    out.push(node);
  });
  return out;
}

const summary = (c: Citation) =>
  `${c.mode} ${c.position!.start.line}:${c.position!.start.column}-${c.position!.end.line}:${c.position!.end.column} ` +
  c.items
    .map((i) => `${i.suppressAuthor ? '-' : ''}@${i.key}${i.prefix ? ` prefix=${i.prefix}` : ''}${i.locator ? ` ${i.label}=${i.locator}` : ''}${i.suffix ? ` suffix=${i.suffix}` : ''}`)
    .join('; ');

test('each Pandoc citation form is parsed with its position', async () => {
  const md = [
    'A [@key] b.',
    'A [@key, p. 12] b.',
    'A [@key, pp. 10-12] b.',
    'A [see @a, chap. 2; @b] b.',
    'As @key says.',
    'As @key [p. 4] says.',
    'A [-@key] b.',
    'A [@DBLP:journals/corr/abs-1210-0530] b.',
    'A [@smith.2020_x-y, 33, for an example] b.',
  ].join('\n\n');
  assert.deepEqual((await citations(md)).map(summary), [
    'normal 1:3-1:9 @key',
    'normal 3:3-3:16 @key page=12',
    'normal 5:3-5:20 @key page=10-12',
    'normal 7:3-7:24 @a prefix=see chapter=2; @b',
    'narrative 9:4-9:8 @key',
    'narrative 11:4-11:15 @key page=4',
    'normal 13:3-13:10 -@key',
    'normal 15:3-15:38 @DBLP:journals/corr/abs-1210-0530',
    'normal 17:3-17:40 @smith.2020_x-y page=33 suffix=, for an example',
  ]);
});

test('cross-reference keys, URL keys and keys around inline markup keep their key and exact position', async () => {
  const md = [
    'See @fig:map, @tbl:x, @sec:intro, @eq:1 and @fig-map.',
    '[@{https://example.com/bib?name=foobar&date=2000}, p. 33] and [see *also* @b, `code`; -@c].',
  ].join('\n');
  assert.deepEqual((await citations(md)).map(summary), [
    'narrative 1:5-1:13 @fig:map',
    'narrative 1:15-1:21 @tbl:x',
    'narrative 1:23-1:33 @sec:intro',
    'narrative 1:35-1:40 @eq:1',
    'narrative 1:45-1:53 @fig-map',
    'normal 2:1-2:58 @https://example.com/bib?name=foobar&date=2000 page=33',
    'normal 2:63-2:91 @b prefix=see <i>also</i> suffix=, code; -@c',
  ]);
  const items = (await citations(md)).flatMap((c) => c.items.map((i) => `${i.key} ${i.position.start.line}:${i.position.start.column}-${i.position.end.column}`));
  assert.deepEqual(items.slice(5), ['https://example.com/bib?name=foobar&date=2000 2:2-50', 'b 2:75-77', 'c 2:87-90']);
});

test('e-mail addresses, URLs, link targets, code and \\@ are never citations', async () => {
  const md = [
    'Write to someone@example.org or <someone@example.org>.',
    'See https://example.org/@user and [a link](https://x.org/@key).',
    'Code `@key` and `[@key]`, and an escaped \\@key.',
    '```',
    '[@key]',
    '```',
    '[link text @key](https://example.org)',
  ].join('\n');
  assert.deepEqual(await citations(md), []);
});

test('a citation key ends before trailing punctuation', async () => {
  const [c] = await citations('As @key. Then more.');
  assert.equal(c?.items[0]?.key, 'key');
});

const BIB = `@book{hallaq2009,
  author = {Hallaq, Wael B.},
  title = {An Introduction to Islamic Law},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {2009},
  doi = {10.1017/CBO9780511801044}
}
@report{unsc2023,
  author = {{United Nations Security Council}},
  title = {Thirty-Second Report of the Monitoring Team},
  number = {S/2023/549},
  institution = {United Nations},
  date = {2023-07-25}
}
`;

const renderBrief = (md: string, files: Record<string, string> = { 'refs.bib': BIB }) => renderBriefIn(md, files);

const SYNTAX = `A [@hallaq2009, p. 45]. B [see @hallaq2009, chap. 2; @unsc2023]. As @unsc2023 [p. 4] notes. C [-@hallaq2009].`;

test('Chicago author-date renders each form, linked to its entry', async () => {
  const { text, body } = await renderBrief(`---\ntitle: T\nbibliography: refs.bib\n---\n\n${SYNTAX}\n`);
  assert.ok(text.includes('A (Hallaq 2009, 45).'), text);
  assert.ok(text.includes('B (see Hallaq 2009, chap. 2; United Nations Security Council 2023).'), text);
  assert.ok(text.includes('As United Nations Security Council (2023, 4) notes.'), text);
  assert.ok(text.includes('C (2009).'), text);
  assert.ok(text.includes('Hallaq, Wael B. 2009. An Introduction to Islamic Law. Cambridge: Cambridge University Press. https://doi.org/10.1017/CBO9780511801044.'), text);
  // Every citation link points at an entry that exists.
  const targets = [...body.matchAll(/class="citation-link" href="#([^"]+)"/g)].map((m) => m[1]);
  assert.equal(targets.length, 5);
  for (const id of targets) assert.ok(body.includes(`id="${id}"`), `no entry ${id}`);
  assert.match(body, /<a href="https:\/\/doi\.org\/10\.1017\/CBO9780511801044">/);
});

test('a notes style turns citations into footnotes numbered with the brief’s own', async () => {
  const md = `---\ntitle: T\nbibliography: refs.bib\ncsl: chicago-note-bibliography\n---\n\nFirst [@hallaq2009, p. 45]. An aside.[^a] Then [@unsc2023].\n\n[^a]: The author’s note, citing [@hallaq2009, 50].\n`;
  const { body, text } = await renderBrief(md);
  const notes = body.slice(body.indexOf('class="footnotes"'));
  const items = [...notes.matchAll(/<li id="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => m[2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
  assert.equal(items.length, 3);
  assert.match(items[0]!, /^Hallaq, An Introduction to Islamic Law, 45\./);
  assert.match(items[1]!, /^The author’s note, citing Hallaq, 50\. /);
  assert.match(items[2]!, /^United Nations Security Council, “Thirty-Second Report of the Monitoring Team\.”/);
  // The References section is still there, in bibliography form.
  assert.ok(text.includes('Hallaq, Wael B. An Introduction to Islamic Law. Cambridge: Cambridge University Press, 2009.'), text);
  // Note references in the text are numbered 1, 2, 3 in order.
  const refs = [...body.matchAll(/<sup><a [^>]*>(\d+)<\/a><\/sup>/g)].map((m) => m[1]);
  assert.deepEqual(refs, ['1', '2', '3']);
});

test('a notes style keeps a narrative citation’s author in the text, with the note after it', async () => {
  const md = `---\ntitle: T\nbibliography: refs.bib\ncsl: chicago-note-bibliography\n---\n\nAs @unsc2023 [p. 4] notes, it grew.\n`;
  const { body, text } = await renderBrief(md);
  assert.ok(text.includes('As United Nations Security Council1 notes, it grew.'), text);
  assert.match(body, /<a class="citation-link" href="#ref-unsc2023">United Nations Security Council<\/a><\/span><sup>/);
  assert.match(text, /United Nations Security Council, “Thirty-Second Report of the Monitoring Team,” 4\./);
});

test('nocite, reference-section-title and an author-placed heading', async () => {
  const md = `---\ntitle: T\nbibliography: refs.bib\nnocite: ["@unsc2023"]\nreference-section-title: Sources\n---\n\nA [@hallaq2009].\n\n## Sources\n\n## Appendix\n\nMore.\n`;
  const { body } = await renderBrief(md);
  const sources = body.indexOf('>Sources</h2>');
  const appendix = body.indexOf('>Appendix</h2>');
  assert.ok(sources > 0 && appendix > sources);
  const list = body.slice(sources, appendix);
  assert.ok(list.includes('id="ref-hallaq2009"') && list.includes('id="ref-unsc2023"'));
  assert.equal(body.split('>Sources</h2>').length, 2, 'one References section only');
});

test('the References heading and terms follow lang', async () => {
  const md = `---\ntitle: T\nbibliography: refs.bib\nlang: fr-FR\n---\n\nA [@hallaq2009; @unsc2023].\n`;
  const { body } = await renderBrief(md);
  assert.match(body, />Références<\/h2>/);
});

test('CSL-JSON and CSL-YAML bibliographies, several per brief', async () => {
  const json = JSON.stringify([{ id: 'j1', type: 'article-journal', title: 'From JSON', author: [{ family: 'Jones', given: 'A.' }], issued: { 'date-parts': [[2020]] }, 'container-title': 'Journal' }]);
  const yaml = 'references:\n  - id: y1\n    type: book\n    title: From YAML\n    author:\n      - family: Young\n        given: B.\n    issued:\n      date-parts: [[2021]]\n    publisher: Press\n';
  const md = `---\ntitle: T\nbibliography: [a.json, b.yaml]\n---\n\nA [@j1; @y1].\n`;
  const { text, file } = await renderBrief(md, { 'a.json': json, 'b.yaml': yaml });
  assert.ok(text.includes('(Jones 2020; Young 2021)'), text);
  assert.deepEqual(file.messages.filter((m) => m.fatal).map(String), []);
});

test('a Mendeley export loads: header, double braces, month macros, file fields, escaped URLs', async () => {
  const entries = await readBibliography(join(ROOT, 'test/fixtures/bib/mendeley.bib'), 'mendeley.bib');
  assert.deepEqual(entries.map((e) => e.id), ['Hegghammer2013', 'Crisis2019', 'Muller2015']);
  const [a, b, c] = entries.map((e) => e.item);
  // {{Double braces}} protect the whole title's case (a CSL nocase span).
  assert.equal(a!.title, `<span class="nocase">Should I Stay or Should I Go? Explaining Variation in Western Jihadists' Choice between Domestic and Foreign Fighting</span>`);
  assert.equal(a!.URL, 'https://www.cambridge.org/core/journals/american_political_science_review/article/should_i_stay');
  assert.equal(b!.URL, 'https://example.org/reports/averting_an_isis_resurgence?lang=en&page=2%20');
  assert.deepEqual((b!.issued as { 'date-parts': number[][] })['date-parts'], [[2019, 9]]);
  assert.equal((c!.author as Array<{ family: string }>)[0]!.family, 'Müller');
  // Rendered, the URLs are plain links with no backslashes.
  const dir = tempDir();
  mkdirSync(join(dir, 'x'));
  const md = `---\ntitle: T\nbibliography: mendeley.bib\n---\n\nA [@Hegghammer2013; @Crisis2019; @Muller2015].\n`;
  const { body } = await renderBrief(md, { 'mendeley.bib': (await import('node:fs')).readFileSync(join(ROOT, 'test/fixtures/bib/mendeley.bib'), 'utf8') });
  const hrefs = [...body.matchAll(/href="(https?:[^"]+)"/g)].map((m) => m[1]!.replace(/&#x26;|&amp;/g, '&'));
  // Chicago shows the DOI (not the URL) of a journal article.
  assert.deepEqual(hrefs, ['https://doi.org/10.1017/S0003055412000615', 'https://example.org/reports/averting_an_isis_resurgence?lang=en&page=2%20']);
  for (const href of hrefs) {
    assert.ok(!href.includes('\\'), href);
    assert.doesNotThrow(() => new URL(href));
  }
});

test('References stay after the whole body wherever footnote definitions are written', async () => {
  const head = `---\ntitle: T\nbibliography: refs.bib\n---\n\n`;
  const variants = {
    'after its paragraph': `First paragraph[^a] [@hallaq2009].\n\n[^a]: The note.\n\nSecond paragraph.\n\n## Later\n\nLast paragraph.\n`,
    'at the end': `First paragraph[^a] [@hallaq2009].\n\nSecond paragraph.\n\n## Later\n\nLast paragraph.\n\n[^a]: The note.\n`,
    'in the middle of a list': `First paragraph [@hallaq2009].\n\n- Second paragraph[^a].\n\n  [^a]: The note.\n\n- Item two.\n\n## Later\n\nLast paragraph.\n`,
  };
  for (const [name, md] of Object.entries(variants)) {
    const { text } = await renderBrief(head + md);
    // Notes, then References (Chicago's order, and notes: endnotes), both after the whole body.
    const order = ['First paragraph', 'Second paragraph', 'Later', 'Last paragraph', 'The note.', 'References', 'Hallaq, Wael B.'].map((s) => text.indexOf(s));
    assert.ok(order.every((at) => at !== -1), `${name}: ${text}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `${name}: out of order: ${text}`);
  }
});

test('with no `bibliography:` and no default name, the folder\'s only .bib file is used', async () => {
  const { text, file } = await renderBrief(`---\ntitle: T\n---\n\nA claim [@hallaq2009].\n`, { 'sources_site.bib': BIB });
  assert.ok(text.includes('A claim (Hallaq 2009).'), text);
  assert.deepEqual(file.messages.filter((m) => m.ruleId === 'missing-bibliography').map(String), []);
});

test('a narrative citation with a suffix that is not a locator names the author once, as pandoc does', async () => {
  const { text } = await renderBrief(`---\ntitle: T\nbibliography: refs.bib\n---\n\nAs @unsc2023 [and elsewhere] says. As @hallaq2009 [p. 4] notes.\n`);
  assert.match(text, /As United Nations Security Council \(2023,? and elsewhere\) says\./);
  assert.ok(text.includes('As Hallaq (2009, 4) notes.'), text);
});
