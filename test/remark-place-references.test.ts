import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import { toHtml } from '../scripts/lib/html.ts';
import remarkRenderCitations from '../scripts/plugins/remark-render-citations.ts';
import remarkPlaceReferences from '../scripts/plugins/remark-place-references.ts';
import { toHast } from '../scripts/plugins/to-hast.ts';
import { citationTree, style } from './citation-trees.ts';

async function placed(body: string, title = 'References') {
  const { tree, file, bibliography } = await citationTree(body);
  unified()
    .use(remarkRenderCitations, { bibliography, styleXml: style('chicago-author-date'), lang: 'en-US', nocite: [] })
    .use(remarkPlaceReferences, { title })
    .runSync(tree, file);
  return toHtml(toHast({ report: false }).runSync(tree, file));
}

test('the References go under the author\'s heading (any case), each entry with its id', async () => {
  const out = await placed('## Sources\n\nBefore.\n\nText [@khalidi2020].\n\n## After', 'SOURCES');
  assert.match(out, /^<h2 id="sources">Sources<\/h2>\n<div class="references csl-bib-body" role="list"><div class="csl-entry" id="ref-khalidi2020" role="listitem" dir="auto">Khalidi, Rashid\. 2020\./);
  assert.match(out, /<\/div><\/div>\n<p>Before\.<\/p>/);
});

test('without such a heading they go at the end of the body, before the notes', async () => {
  const out = await placed('Text [@unsc2023].[^1]\n\n[^1]: A note defined early.\n\nLast paragraph.');
  assert.match(out, /<p>Last paragraph\.<\/p>\n<h2 id="references">References<\/h2>\n<div class="references csl-bib-body" role="list"><div class="csl-entry" id="ref-unsc2023"[^>]*>United Nations Security Council/);
  assert.ok(out.indexOf('id="references"') < out.indexOf('<section data-footnotes'));
});

test('no entries, no References', async () => {
  assert.equal(await placed('Nothing cited.'), '<p>Nothing cited.</p>');
});
