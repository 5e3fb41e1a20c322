import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import { h } from 'hastscript';
import { toHtml } from '../scripts/lib/html.ts';
import rehypeHeadingIds, { slug } from '../scripts/plugins/rehype-heading-ids.ts';

test('slug: the ids briefs have always had', () => {
  assert.equal(slug('What Is Daesh’s Perspective on Iran?'), 'what-is-daesh-s-perspective-on-iran');
  assert.equal(slug('Café à la carte'), 'cafe-a-la-carte');
  assert.equal(slug('?!'), 'section');
});

test('h2–h4 get unique ids that start with a letter; other headings and given ids are kept', () => {
  const tree = h(null, [
    h('h2', 'Opening'),
    h('h2', ['Opening']),
    h('h3', { id: 'mine' }, 'Kept'),
    h('h4', '2024 in numbers'),
    h('h2', 'الدوافع'),
    h('h5', 'Too deep'),
  ]);
  unified().use(rehypeHeadingIds).runSync(tree);
  assert.equal(
    toHtml(tree),
    '<h2 id="opening">Opening</h2><h2 id="opening-1">Opening</h2><h3 id="mine">Kept</h3><h4 id="s-2024-in-numbers">2024 in numbers</h4><h2 id="s-الدوافع">الدوافع</h2><h5>Too deep</h5>',
  );
});
