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

test('what the faces cover is kept on disk in a compact form that reads back the same', async () => {
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { coverage } = await import('../scripts/lib/fonts.ts');
  const { useDiskCache } = await import('../scripts/lib/disk-cache.ts');
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-fonts-'));
  try {
    useDiskCache(undefined);
    const direct = coverage(`${css}\n/* direct */`);
    useDiskCache(dir);
    coverage(`${css}\n/* cached */`);
    const [name] = readdirSync(dir).filter((n) => n.startsWith('fonts-'));
    assert.ok(name, 'a fonts-*.json file is written');
    const runs = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Array<[number, number]>;
    const stored = new Set<number>();
    for (const [a, b] of runs) for (let cp = a; cp <= b; cp++) stored.add(cp);
    assert.deepEqual([...stored].sort((x, y) => x - y), [...direct].sort((x, y) => x - y));
    assert.ok(direct.has(0x628) && direct.has(0x41) && !direct.has(0xe000), 'Arabic beh and Latin A are covered, a private-use point is not');
  } finally {
    useDiskCache(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
