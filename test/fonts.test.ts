/** The bundled faces: an e-book embeds only those its text needs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { facesUsedBy, fontsIn } from '../scripts/lib/fonts.ts';
import { ROOT } from './helpers.ts';

const css = readFileSync(join(ROOT, 'templates', 'fonts.css'), 'utf8');

test('facesUsedBy keeps the faces whose unicode-range the text touches, and only those', () => {
  const latin = fontsIn(facesUsedBy(css, 'Plain English text.'));
  assert.ok(latin.some((f) => f.startsWith('source-serif-4-latin-400')));
  assert.ok(!latin.some((f) => f.startsWith('noto-naskh-arabic') || f.startsWith('noto-sans-math')), latin.join(', '));
  const arabic = fontsIn(facesUsedBy(css, 'English and باقية وتتمدد'));
  assert.ok(arabic.some((f) => f.startsWith('noto-naskh-arabic')), arabic.join(', '));
  const math = fontsIn(facesUsedBy(css, 'x ≤ y ∑'));
  assert.ok(math.some((f) => f.startsWith('noto-sans-math')), math.join(', '));
  assert.ok(fontsIn(css).length > math.length, 'some faces are left out');
});
