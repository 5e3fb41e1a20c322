import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import { toHtml } from '../scripts/lib/html.ts';
import remarkRenderCitations from '../scripts/plugins/remark-render-citations.ts';
import { toHast } from '../scripts/plugins/to-hast.ts';
import { citationTree, style } from './citation-trees.ts';

test('each citation gets its HTML through data.hName/hProperties/hChildren, linked to its entry', async () => {
  const { tree, file, bibliography } = await citationTree('A claim [see @khalidi2020, p. 4]. As @unsc2023 notes.');
  unified().use(remarkRenderCitations, { bibliography, styleXml: style('chicago-author-date'), lang: 'en-US', nocite: [] }).runSync(tree, file);
  const out = toHtml(toHast({ report: false }).runSync(tree, file));
  assert.equal(
    out,
    '<p>A claim <span class="citation" dir="auto">(<a class="citation-link" href="#ref-khalidi2020">see Khalidi 2020, 4</a>)</span>. As <span class="citation" dir="auto"><a class="citation-link" href="#ref-unsc2023">United Nations Security Council (2023</a>)</span> notes.</p>',
  );
  const rendered = file.data.renderedCitations!;
  assert.equal(rendered.isNoteStyle, false);
  assert.deepEqual(rendered.citations.map((c) => c.inNote), [false, false]);
  assert.deepEqual(rendered.entries.map((e) => e.id), ['khalidi2020', 'unsc2023']);
});

test('in a notes style a citation inside a footnote is numbered with that note and loses the style\'s final stop', async () => {
  const { tree, file, bibliography } = await citationTree('Text.[^a] More [@unsc2023].\n\n[^a]: As argued in @khalidi2020 [p. 4].');
  unified().use(remarkRenderCitations, { bibliography, styleXml: style('chicago-note-bibliography'), lang: 'en-US', nocite: ['@*'] }).runSync(tree, file);
  const { citations, isNoteStyle, entries } = file.data.renderedCitations!;
  assert.equal(isNoteStyle, true);
  assert.deepEqual(citations.map((c) => [c.node.items[0]!.key, c.inNote]), [['khalidi2020', true], ['unsc2023', false]]);
  const inNote = toHtml(citations[0]!.children);
  assert.match(inNote, /Khalidi/);
  assert.doesNotMatch(inNote, /\.$/);
  // nocite @* lists every entry, the uncited Arabic one too.
  assert.equal(entries.length, 3);
});
