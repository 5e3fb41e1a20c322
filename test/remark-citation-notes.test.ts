import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import { toHtml } from '../scripts/lib/html.ts';
import remarkRenderCitations from '../scripts/plugins/remark-render-citations.ts';
import remarkCitationNotes from '../scripts/plugins/remark-citation-notes.ts';
import { toHast } from '../scripts/plugins/to-hast.ts';
import { citationTree, style } from './citation-trees.ts';

async function notes(body: string, styleName: string) {
  const { tree, file, bibliography } = await citationTree(body);
  unified()
    .use(remarkRenderCitations, { bibliography, styleXml: style(styleName), lang: 'en-US', nocite: [] })
    .use(remarkCitationNotes)
    .runSync(tree, file);
  return toHtml(toHast({ report: false }).runSync(tree, file));
}

test('in a notes style a citation in the text becomes a footnote, numbered with the author\'s notes, ending with a stop', async () => {
  const out = await notes('First [@unsc2023].[^a] Then @khalidi2020 says so.\n\n[^a]: An author\'s note.', 'chicago-note-bibliography');
  const [text, footer] = out.split('<section');
  // Reference numbers in reading order: the citation's note 1, the author's note 2, the narrative citation's note 3.
  assert.deepEqual([...text!.matchAll(/aria-describedby="footnote-label">(\d+)</g)].map((m) => m[1]), ['1', '2', '3']);
  // A narrative citation keeps the author's name in the text.
  assert.match(text!, /Then <span class="citation" dir="auto"><a class="citation-link" href="#ref-khalidi2020">Khalidi<\/a><\/span><sup>/);
  const items = [...footer!.matchAll(/<li id="user-content-fn-([^"]+)">\s*<p>([\s\S]*?) <a href/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(items.map(([id]) => id), ['cite-note-1', 'a', 'cite-note-2']);
  for (const [, note] of items) assert.match(note!.replace(/<[^>]+>/g, ''), /[.!?]["”’]?$/, note);
});

test('an author-date style is left alone', async () => {
  const out = await notes('First [@unsc2023].', 'chicago-author-date');
  assert.doesNotMatch(out, /footnote/);
  assert.match(out, /<span class="citation" dir="auto">\(<a/);
});
