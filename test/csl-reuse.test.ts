import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCitations, type Cluster } from '../scripts/lib/csl.ts';
import { engineFor, primeCitationEngines, registration, withFreshCiteproc } from '../scripts/lib/csl-reuse.ts';
import type { CiteprocEngine } from 'citeproc';
import type { CslItem } from '../scripts/lib/bibliography.ts';
import { style } from './citation-trees.ts';

// Two Feinmans of 2000 (given-name disambiguation) and two works by one
// author in one year (year suffixes, shown in the bibliography too).
const ITEMS: CslItem[] = [
  { id: 'feinman', type: 'book', title: 'Social complexity', author: [{ family: 'Feinman', given: 'Gary M.' }], issued: { 'date-parts': [[2000]] } },
  { id: 'feinmanL', type: 'book', title: 'Households', author: [{ family: 'Feinman', given: 'Linda' }], issued: { 'date-parts': [[2000]] } },
  { id: 'hallaqA', type: 'book', title: 'Law and society', author: [{ family: 'Hallaq', given: 'Wael' }], issued: { 'date-parts': [[2009]] } },
  { id: 'hallaqB', type: 'book', title: 'Sharia', author: [{ family: 'Hallaq', given: 'Wael' }], issued: { 'date-parts': [[2009]] } },
  { id: 'uncited', type: 'report', title: 'A report', author: [{ family: 'Adams', given: 'Ann' }], issued: { 'date-parts': [[2015]] } },
] as CslItem[];

const cite = (key: string, locator?: string) => ({ key, prefix: '', suffix: '', suppressAuthor: false, position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, ...(locator ? { locator, label: 'page' } : {}) });
const cluster = (keys: string[], noteIndex: number, locator?: string): Cluster => ({ items: keys.map((k) => cite(k, locator)), mode: 'normal', noteIndex });

function input(clusters: Cluster[], uncited: string[] = [], items = ITEMS, styleName = 'chicago-author-date') {
  return { styleXml: style(styleName), lang: 'en-US', items: new Map(items.map((i) => [i.id, i])), clusters, uncited };
}

const document = [cluster(['feinman'], 1), cluster(['hallaqA', 'hallaqB'], 2), cluster(['feinmanL'], 3)];

for (const styleName of ['chicago-author-date', 'chicago-note-bibliography', 'apa']) {
  test(`${styleName}: a render after an edit that cites the same sources, on a primed engine and with the bibliography kept, gives what a fresh render gives`, () => {
    renderCitations(input(document, [], ITEMS, styleName));
    primeCitationEngines(); // what watch mode does after each rebuild
    const edits: Cluster[][] = [
      [...document, cluster(['hallaqB'], 4, '12')], // cited again, with a locator
      [document[0]!, cluster(['feinman'], 2), document[1]!, document[2]!], // ibid.
      document.map((c) => ({ ...c, noteIndex: c.noteIndex + 1 })), // a note added before
      [document[0]!, document[1]!, document[2]!, cluster(['feinman', 'feinmanL'], 4, '3')],
    ];
    for (const clusters of edits) {
      const again = renderCitations(input(clusters, [], ITEMS, styleName));
      assert.deepEqual(again, withFreshCiteproc(() => renderCitations(input(clusters, [], ITEMS, styleName))));
      assert.equal(again.entries.length, 4);
      primeCitationEngines();
    }
  });
}

test('a bibliography is not reused when a source is listed uncited, or its data or the style changes', () => {
  const before = renderCitations(input(document));
  assert.deepEqual(before.entries.map((e) => e.id), ['feinman', 'feinmanL', 'hallaqA', 'hallaqB']);
  assert.match(before.entries[2]!.html, /2009a/);

  const nocite = renderCitations(input(document, ['uncited']));
  assert.deepEqual(nocite.entries.map((e) => e.id), ['uncited', 'feinman', 'feinmanL', 'hallaqA', 'hallaqB']);

  const retitled = ITEMS.map((i) => (i.id === 'hallaqB' ? { ...i, title: 'Sharia: theory, practice, transformations' } : i));
  const edited = renderCitations(input(document, [], retitled));
  assert.match(edited.entries.find((e) => e.id === 'hallaqB')!.html, /Transformations/);

  const apa = renderCitations(input(document, [], ITEMS, 'apa'));
  assert.notDeepEqual(apa.entries, before.entries);
  assert.deepEqual(apa, withFreshCiteproc(() => renderCitations(input(document, [], ITEMS, 'apa'))));
});

test('a source cited first in another order gets a bibliography of its own', () => {
  const reordered = [document[2]!, document[1]!, document[0]!];
  const first = renderCitations(input(document));
  const second = renderCitations(input(reordered));
  assert.deepEqual(second, withFreshCiteproc(() => renderCitations(input(reordered))));
  // The same entries in this author-date style (sorted by author), rendered anew.
  assert.deepEqual(second.entries, first.entries);
});

test('a primed engine serves the next render of the same registration once; another registration gets a new one', () => {
  const made: string[][] = [];
  const make = () => {
    const registered: string[] = [];
    made.push(registered);
    return { updateItems: (ids: string[]) => void registered.push(...ids) } as unknown as CiteprocEngine;
  };
  const items = new Map(ITEMS.map((i) => [i.id, i]));
  const reg = registration('<style/>', 'en-US', items, ['feinman', 'hallaqA'], []);
  const first = engineFor(reg, make);
  assert.equal(made.length, 1);
  primeCitationEngines(); // the idle time: an engine made and given the items
  assert.equal(made.length, 2);
  assert.deepEqual(made[1], ['feinman', 'hallaqA']);
  const second = engineFor(reg, make);
  assert.notEqual(second, first);
  assert.equal(made.length, 2, 'the primed engine is used, no new one made');
  // Used once: without priming again, the next render makes its own.
  engineFor(reg, make);
  assert.equal(made.length, 3);
  // A different order of first citation is another registration.
  primeCitationEngines();
  const before = made.length;
  engineFor(registration('<style/>', 'en-US', items, ['hallaqA', 'feinman'], []), make);
  assert.equal(made.length, before + 1);
  // The eval's fresh renders take no primed engine (and prime none).
  primeCitationEngines();
  const primedCount = made.length;
  withFreshCiteproc(() => engineFor(reg, make));
  assert.equal(made.length, primedCount + 1);
  engineFor(reg, make);
  assert.equal(made.length, primedCount + 1, 'the primed engine was left for the next render');
});
