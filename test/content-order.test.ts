/** End to end: the PDF's text keeps the Markdown's order, whatever the place of footnote definitions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, pdftotext, requireTool, ROOT, tempDir } from './helpers.ts';

test('a footnote defined right after its paragraph does not pull the References into the body (PDF text)', async (t) => {
  if (!requireTool(t, 'poppler')) return;
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'refs.bib'));
  writeFileSync(
    join(dir, 'notes.md'),
    '---\ntitle: Notes after paragraphs\nbibliography: refs.bib\nnocite: ["@*"]\n---\n\nFirst paragraph with a note[^a] and a source [@unsc2023].\n\n[^a]: The note, defined right after its paragraph.\n\nSecond paragraph.\n\n## Later heading\n\nThird paragraph.\n',
  );
  const result = await cli(['build', join(dir, 'notes.md'), '--out', join(dir, 'out')]);
  assert.equal(result.code, 0, result.stderr);
  const text = pdftotext(join(dir, 'out', 'notes.pdf')).replace(/\s+/g, ' ');
  const order = ['First paragraph', 'Second paragraph', 'Later heading', 'Third paragraph', 'References', 'United Nations Security Council. 2023', 'The note, defined'].map((s) => text.indexOf(s));
  assert.ok(order.every((at) => at !== -1), text);
  assert.deepEqual([...order].sort((a, b) => a - b), order, text);
});
