/**
 * pandoc Markdown that briefs use, rendered in Chicago author-date and Chicago
 * notes: the manual's headline citation, a URL key, `-@key`, `@a [p. 33; @b]`,
 * `Chapter 6`, `pp. 93--101`, an inline note, a `lang` span, notes after
 * punctuation (before a full stop and a closing quote), math, attributes on
 * images and headings, fenced divs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySeverity } from '../scripts/lib/severity.ts';
import { renderBrief as renderBriefIn } from './fixtures.ts';

import { BIB, DOC } from './pandoc-markdown-fixture.ts';

const renderBrief = (md: string, files: Record<string, string> = { 'refs.json': BIB }) => renderBriefIn(md, files);

const front = (csl: string, extra = '') => `---\ntitle: T\nbibliography: refs.json\ncsl: ${csl}\n${extra}---\n\n`;

test('Chicago author-date renders pandoc’s citation forms as pandoc does', async () => {
  const { text, body } = await renderBrief(front('chicago-author-date') + DOC);
  for (const expected of [
    'A. Blah blah (see Doe 1999, 33–35 and passim; Smith 2004, chap. 1).',
    'B. A URL key (Bar 2000, 33).',
    'C. Doe says blah (1999).',
    'D. Doe (1999, 33; Smith 2004) says blah.',
    'E. See (Doe 1999, chap. 6) and (Smith 2004, 93–101).',
    'F. An inline note.1 And ديوان in Arabic, Small.',
    'With a citation (Smith 2004, 7).',
  ]) assert.ok(text.includes(expected), `${expected}\n in ${text}`);
  assert.match(body, /33–35 and <i>passim<\/i>/);
  // The span sets the language of its run; Arabic stays isolated.
  assert.match(body, /<span lang="ar">\u200F?<bdi dir="rtl">ديوان<\/bdi>\u200F?<\/span>/);
  assert.match(body, /<span class="smallcaps" style="font-variant: small-caps">Small<\/span>/);
  // The URL key links to its entry.
  assert.match(body, /<a class="citation-link" href="#ref-https---example\.com-bib-name-foobar-date-2000-[a-z0-9]+">Bar 2000, 33<\/a>/);
});

test('Chicago notes renders them as notes, each marker after the punctuation with no space before it', async () => {
  const { text, body } = await renderBrief(front('chicago-note-bibliography') + DOC);
  for (const expected of [
    'A. Blah blah.1 ',
    'B. A URL key.2 ',
    'C. Doe says blah.3 ',
    'D. Doe4 says blah.',
    'E. See5 and.6 ',
    'F. An inline note.7 And',
    'G. It happened in Kerman.8 They called it an “attack.”9 ',
    'see Doe, Frogs, 33–35 and passim; Smith, Flies, chap. 1.',
    'Bar, “Foobar,” 33.',
    'Doe, 33; Smith, Flies.',
    'Doe, Frogs, chap. 6.',
    'Smith, Flies, 93–101.',
    'With a citation Smith, 7.',
  ]) assert.ok(text.includes(expected), `${expected}\n in ${text}`);
  const main = body.slice(0, body.indexOf('<section data-footnotes'));
  assert.doesNotMatch(main, /\s<sup><a [^>]*data-footnote-ref/, 'a marker after a space');
  assert.doesNotMatch(main, /<\/sup>[.,]/, 'a marker before a full stop or comma');
});

test('in a notes style the brief’s own notes follow the same rule; in author-date they stay where written', async () => {
  const md = 'Own note [^a]. Quoted “word” [^b], then more.\n\n[^a]: A.\n[^b]: B.\n';
  const notes = await renderBrief(front('chicago-note-bibliography') + md);
  assert.ok(notes.text.includes('Own note.1 Quoted “word,”2 then more.'), notes.text);
  const authorDate = await renderBrief(front('chicago-author-date') + md);
  assert.ok(authorDate.text.includes('Own note 1. Quoted “word” 2, then more.'), authorDate.text);
});

test('notes-after-punctuation: false keeps the marker where the citation was written', async () => {
  const { text } = await renderBrief(front('chicago-note-bibliography', 'notes-after-punctuation: false\n') + 'It happened in Kerman [@doe99]. An “attack” [@smith04].');
  assert.ok(text.includes('It happened in Kerman 1. An “attack” 2.'), text);
});

test('math, attributes on images and headings, fenced divs: none of it is printed as text', async () => {
  const md = front('chicago-author-date') + [
    '## Method {#method .unnumbered}',
    '',
    'Energy $E = mc^2$ and prices of $5 and $10 stay text.',
    '',
    '$$\\sum_{i=1}^n x_i$$',
    '',
    '::: {.note lang=fr}',
    'Une note.',
    ':::',
    '',
    'Broken $\\frac{a$ math.',
  ].join('\n');
  const { body, text, file } = await renderBrief(md);
  assert.match(body, /<h2 id="method" class="unnumbered">Method<\/h2>/);
  assert.match(body, /<math display="inline"><semantics><mrow><mi>E<\/mi>/);
  assert.match(body, /<math display="block"/);
  assert.ok(text.includes('prices of $5 and $10 stay text.'), text);
  assert.match(body, /<div class="note" lang="fr">\s*<p>Une note\.<\/p>\s*<\/div>/);
  assert.ok(!text.includes(':::') && !text.includes('{#method'), text);
  applySeverity([file]);
  const math = file.messages.filter((m) => m.ruleId === 'math-error');
  assert.equal(math.length, 1);
  assert.equal(math[0]!.line, 17);
  assert.equal(math[0]!.fatal, false);
});

test('a prefix or suffix with `&`, `<` or code is printed as written, once escaped', async () => {
  const { body, text } = await renderBrief(front('chicago-author-date') + 'X [see @doe99, p. 3, A & B `<script>` and 1<2].');
  assert.ok(text.includes('X (see Doe 1999, 3, A & B <script> and 1<2).') || body.includes('A &#x26; B &#x3C;script> and 1&#x3C;2'), body);
  assert.ok(!body.includes('&#x26;amp;') && !body.includes('<script>'), body);
});
