/**
 * End to end on the real corpus (test/corpus/real): every document that passes
 * its checks is built to PDF and EPUB, and the order of its headings and
 * paragraphs in each output's text is compared with the Markdown's (what
 * `npm run eval:order` prints). About 15 s: two documents at a time on one browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTool } from './helpers.ts';

test('every corpus document that passes its checks builds, and its PDF and EPUB text keep the Markdown order', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const { corpusOrder } = await import('../scripts/eval-order.ts');
  const results = await corpusOrder();
  const built = results.filter((r) => r.built);
  // 14 of 40 build today; the others are blocked by true errors (see npm run eval:real) or fail a build-only check.
  assert.ok(built.length >= 12, results.map((r) => `${r.id}: ${r.reason ?? 'built'}`).join('\n'));
  for (const r of built) {
    for (const [name, o] of [['PDF', r.pdf!], ['EPUB', r.epub!]] as const) {
      assert.deepEqual(o.outOfOrder.map((x) => `line ${x.line} ${x.kind} "${x.text}"`), [], `${r.id} ${name}`);
      assert.ok(o.notFound.length <= Math.max(1, o.items * 0.02), `${r.id} ${name}: ${o.notFound.length} of ${o.items} not found`);
    }
  }
});
