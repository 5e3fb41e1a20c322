/**
 * stages/pdf-soft-hyphens.ts on content written the way Chromium writes it
 * (copied from a print of the English fixture): a soft hyphen that broke no
 * line is the font's space glyph in an /ActualText U+00AD span. The fixtures'
 * pdftotext output is checked in e2e-text-layer.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSoftHyphens } from '../scripts/stages/pdf-soft-hyphens.ts';

const blanks = new Map([['F6', new Set([0x0001])]]);
const CHROMIUM = [
  'BT',
  '/Span<</ActualText <FEFF00AD> >> BDC', // first glyph of the text object: font and matrix inside the span
  '/F6 14 Tf',
  '1 0 0 -1 0 1462 Tm',
  '445.10468 0 Td <0001> Tj',
  'EMC',
  '0 0 Td <001C> Tj',
  '6.2439728 0 Td <0020> Tj',
  '/Span<</ActualText <FEFF00AD> >> BDC',
  '7.3219757 0 Td <0001> Tj',
  'EMC',
  '0 0 Td <001C> Tj',
  '/Span<</ActualText <FEFF00AD> >> BDC', // not a blank glyph: a visible hyphen stays
  '3.1 0 Td <00B2> Tj',
  'EMC',
  'ET',
].join('\n');

test('the invisible soft-hyphen glyphs go, their moves and the font stay, anything visible stays', () => {
  const { content, changed } = dropSoftHyphens(CHROMIUM, blanks);
  assert.equal(changed, 2);
  assert.deepEqual(content.split('\n'), [
    'BT',
    '/F6 14 Tf',
    '1 0 0 -1 0 1462 Tm',
    '445.10468 0 Td',
    '0 0 Td <001C> Tj',
    '6.2439728 0 Td <0020> Tj',
    '7.3219757 0 Td',
    '0 0 Td <001C> Tj',
    '/Span<</ActualText <FEFF00AD> >> BDC',
    '3.1 0 Td <00B2> Tj',
    'EMC',
    'ET',
  ]);
  // A font whose ToUnicode map has no space for the glyph is left alone.
  assert.equal(dropSoftHyphens(CHROMIUM, new Map()).changed, 0);
});
