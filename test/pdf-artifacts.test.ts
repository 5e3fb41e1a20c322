/**
 * stages/pdf-artifacts.ts on content written the way Chromium 156 writes it:
 * a running head and a page number (@page margin boxes) and the cover's rule
 * drawn outside any marked content, next to tagged body text and clipping
 * paths. The read-back check (stages/verify.ts) counts what is left untagged;
 * the fixtures' PDFs pass it in e2e-text-layer.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markArtifacts, untaggedCount } from '../scripts/stages/pdf-artifacts.ts';

const CHROMIUM = [
  '.23999999 0 0 -.23999999 0 841.91998 cm',
  'q',
  '3.125 0 0 3.125 0 0 cm',
  '/G3 gs',
  'BT', // the running head: no marked content around it
  '/ReversedChars BMC',
  '/F6 10.6599998 Tf',
  '1 0 0 -1 340.67188 44 Tm',
  '<01E5> Tj',
  '/Span<</ActualText <FEFF0627> >> BDC',
  '6.2446289 0 Td <0004> Tj',
  'EMC',
  'EMC',
  'ET',
  'BT', // the page number
  '/F9 11.3299999 Tf',
  '1 0 0 -1 400.65625 1081 Tm',
  '<0086> Tj',
  'ET',
  'Q',
  'q',
  '233.44727 259.375 2007.959 2964.5996 re', // a clip: paints nothing
  'W* n',
  '/H2 <</MCID 1 >>BDC', // tagged body text
  'BT',
  '/F7 12 Tf',
  '1 0 0 -1 18.890625 2047 Tm',
  '<000F> Tj',
  'ET',
  'EMC',
  '83 963 628 1 re', // the cover's rule
  'f',
  'Q',
].join('\n');

test('margin-box text and a painted rule outside the structure are wrapped as artifacts; tagged text and clips are not', () => {
  assert.equal(untaggedCount(CHROMIUM), 3);
  const { content, changed } = markArtifacts(CHROMIUM);
  assert.equal(changed, 3);
  assert.equal(untaggedCount(content), 0);
  const lines = content.split('\n');
  // Exactly the wrappers were added, around whole text objects and the painted path.
  const expected = CHROMIUM.split('\n');
  expected.splice(30, 2, '/Artifact <</Type /Layout >>BDC', '83 963 628 1 re', 'f', 'EMC');
  expected.splice(14, 5, '/Artifact <</Type /Pagination >>BDC', ...expected.slice(14, 19), 'EMC');
  expected.splice(4, 10, '/Artifact <</Type /Pagination >>BDC', ...expected.slice(4, 14), 'EMC');
  assert.deepEqual(lines, expected);
  // Content already wrapped is left alone.
  assert.deepEqual(markArtifacts(content), { content, changed: 0 });
});
