/** Reproducible outputs: the same inputs give the same bytes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, tempDir } from './helpers.ts';

test('two builds of the same brief into two folders give identical PDF and EPUB bytes', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.md'), join(dir, 'kerman-attack.md'));
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  const env = { SOURCE_DATE_EPOCH: '1704067200' };
  const one = await cli(['build', 'kerman-attack.md', '--out', 'one'], { cwd: dir, env });
  assert.equal(one.code, 0, one.stderr);
  const two = await cli(['build', 'kerman-attack.md', '--out', 'two'], { cwd: dir, env });
  assert.equal(two.code, 0, two.stderr);
  for (const ext of ['pdf', 'epub']) {
    const a = readFileSync(join(dir, 'one', `kerman-attack.${ext}`));
    const b = readFileSync(join(dir, 'two', `kerman-attack.${ext}`));
    assert.ok(a.equals(b), `${ext} differs between two builds`);
  }
  const pdf = readFileSync(join(dir, 'one', 'kerman-attack.pdf'), 'latin1');
  assert.match(pdf, /\/CreationDate \(D:20240101000000Z\)/);
  assert.match(pdf, /\/ModDate \(D:20240101000000Z\)/);
});
