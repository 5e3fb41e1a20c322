import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBrief, front } from './fixtures.ts';
import { ROOT } from './helpers.ts';

const bib = readFileSync(join(ROOT, 'content', 'kerman-attack.bib'), 'utf8');

test('the Notes come before the References, in the print HTML and every EPUB section order', async () => {
  const md = front('Order', 'csl: chicago-note-bibliography\n') + 'A claim [@unsc2023] and a note.[^a]\n\n[^a]: The author’s note.\n\nLast paragraph.\n\n## References\n\n## Appendix\n\nAfter the References.\n';
  const { rendered, body } = await renderBrief(md, { 'refs.bib': bib });
  const at = ['Last paragraph', '<section data-footnotes', 'The author’s note', '<h2 id="references"', 'After the References'].map((s) => body.indexOf(s));
  assert.ok(at.every((i) => i !== -1), body);
  assert.deepEqual([...at].sort((a, b) => a - b), at);
  assert.deepEqual(rendered.sections.map((s) => s.landmark ?? s.title), ['bodymatter', 'endnotes', 'bibliography', 'Appendix']);
});

test('without a References heading the notes stay at the end', async () => {
  const { body } = await renderBrief('---\ntitle: No refs\n---\n\nText.[^a]\n\n[^a]: Note.\n', {});
  assert.ok(body.indexOf('<section data-footnotes') > body.indexOf('<p>Text.'));
});
