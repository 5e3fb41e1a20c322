/**
 * stages/pdf-mark-order.ts on content written the way Chromium writes it
 * (the span below is copied from a print of the Arabic fixture: قدمًا, the
 * fathatan drawn before its meem). The end-to-end effect (words kept whole
 * by pdftotext and pdf.js, pages unchanged) is in e2e-text-layer.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reorderContent } from '../scripts/stages/pdf-mark-order.ts';

// Glyph 0x054B is the mark (width 0), 0x01E0 the meem (456/1000 em), 0x0004 the alef.
const widths = new Map([['F6', (gid: number) => ({ 0x054b: 0, 0x01e0: 456, 0x0004: 253 })[gid] ?? 500]]);
const CHROMIUM = [
  'BT',
  '/ReversedChars BMC',
  '/Span<</ActualText <FEFF0627> >> BDC',
  '/F6 14 Tf',
  '1 0 0 -1 13.78125 1315 Tm',
  '246.03506 0 Td <0004> Tj',
  'EMC',
  '/Span<</ActualText <FEFF0645064B> >> BDC',
  '5.9359894 1.42799377 Td <054B> Tj',
  '-2.3939972 -1.42799377 Td <01E0> Tj',
  'EMC',
  '/Span<</ActualText <FEFF062F> >> BDC',
  '6.3839722 0 Td <00B5> Tj',
  'EMC',
  'EMC',
  'ET',
].join('\n');

/** Where each glyph is drawn (x, y from the line start of the text object), replaying Td and Tc. */
function placements(content: string): string[] {
  let x = 0;
  let y = 0;
  const out: string[] = [];
  for (const line of content.split('\n')) {
    const td = /^(-?[\d.]+) (-?[\d.]+) Td/.exec(line);
    if (td) {
      x += Number(td[1]);
      y += Number(td[2]);
    }
    if (/^1 0 0 -1 /.test(line)) [x, y] = [0, 0];
    const glyph = /<([0-9A-F]{4})> Tj$/.exec(line);
    if (glyph) out.push(`${glyph[1]} ${x.toFixed(3)} ${y.toFixed(3)}`);
  }
  return out.sort();
}

test('the base letter is drawn before its mark, every glyph at the same place, the line matrix ending where it did', () => {
  const { content, clusters } = reorderContent(CHROMIUM, widths);
  assert.equal(clusters, 1);
  const lines = content.split('\n');
  const span = lines.slice(lines.indexOf('/Span<</ActualText <FEFF0645064B> >> BDC') + 1);
  assert.deepEqual(span.slice(0, 6), ['3.54199 0 Td <01E0> Tj', '2.394 1.42799 Td', '3.99 Tc', '<054B> Tj', '0 Tc', '-2.394 -1.42799 Td']);
  assert.deepEqual(placements(content), placements(CHROMIUM));
  // The last mark's advance (Tc) ends at the end of the meem: 3.542 + 0.456 × 14 = 9.926 = 5.936 + 3.99.
  assert.equal(Number((3.54199 + 0.456 * 14).toFixed(3)), Number((5.93599 + 3.99).toFixed(3)));
});

test('spans that are not a letter with marks drawn marks first are left as they were', () => {
  const ltr = CHROMIUM.replace('5.9359894 1.42799377 Td <054B> Tj\n-2.3939972 -1.42799377 Td <01E0> Tj', '3.5419922 0 Td <01E0> Tj\n2.3939972 1.42799377 Td <054B> Tj');
  const ligature = CHROMIUM.replace('<FEFF0645064B>', '<FEFF00660066>');
  const unknownFont = CHROMIUM.replace(/F6/g, 'F9');
  for (const content of [ltr, ligature, unknownFont]) {
    assert.deepEqual(reorderContent(content, widths), { content, clusters: 0 });
  }
});

test('a cluster that opens its text object (font and text matrix inside the span) keeps them first', () => {
  const opening = [
    'BT',
    '/ReversedChars BMC',
    '/Span<</ActualText <FEFF06470654> >> BDC',
    '/F6 14 Tf',
    '1 0 0 -1 4.046875 1173 Tm',
    '458.77832 -.95199585 Td <054B> Tj',
    '-2.3939819 .95199585 Td <01E0> Tj',
    'EMC',
    'EMC',
    'ET',
  ].join('\n');
  const { content, clusters } = reorderContent(opening, widths);
  assert.equal(clusters, 1);
  assert.deepEqual(content.split('\n').slice(3, 6), ['/F6 14 Tf', '1 0 0 -1 4.046875 1173 Tm', '456.38434 0 Td <01E0> Tj']);
  assert.deepEqual(placements(content), placements(opening));
});
