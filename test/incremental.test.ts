/** Incremental builds: the manifest skips unchanged briefs without a browser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, SAMPLE, tempDir } from './helpers.ts';

/** status of each brief in the summary table */
function statuses(stderr: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of stderr.matchAll(/^ {2}(\S+)\s+(built|skipped|failed)\s/gm)) out[m[1]!] = m[2]!;
  return out;
}

test('a bibliography change rebuilds exactly the briefs that use it; unchanged briefs are skipped without a browser; --force rebuilds', async () => {
  const dir = tempDir();
  const md = readFileSync(SAMPLE, 'utf8');
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'shared.bib'));
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'other.bib'));
  writeFileSync(join(dir, 'a.md'), md.replace('bibliography: kerman-attack.bib', 'bibliography: shared.bib'));
  writeFileSync(join(dir, 'b.md'), md.replace('bibliography: kerman-attack.bib', 'bibliography: shared.bib').replace('The Kerman Bombing', 'Brief B'));
  writeFileSync(join(dir, 'c.md'), md.replace('bibliography: kerman-attack.bib', 'bibliography: other.bib'));
  const args = ['build', '.', '--out', 'out', '--jobs', '2'];

  const first = await cli(args, { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(statuses(first.stderr), { a: 'built', b: 'built', c: 'built' });

  const second = await cli(args, { cwd: dir });
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(statuses(second.stderr), { a: 'skipped', b: 'skipped', c: 'skipped' });
  assert.match(second.stderr, /3 up to date \(skipped\).*browser not started/);

  appendFileSync(join(dir, 'shared.bib'), '\n% edited\n');
  const third = await cli(args, { cwd: dir });
  assert.equal(third.code, 0, third.stderr);
  assert.deepEqual(statuses(third.stderr), { a: 'built', b: 'built', c: 'skipped' });

  rmSync(join(dir, 'out', 'c.epub'));
  const missing = await cli(args, { cwd: dir });
  assert.deepEqual(statuses(missing.stderr), { a: 'skipped', b: 'skipped', c: 'built' });

  const forced = await cli([...args, '--force'], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(statuses(forced.stderr), { a: 'built', b: 'built', c: 'built' });
});

test('a brief that fails its checks is not recorded as built', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'refs.bib'));
  writeFileSync(join(dir, 'bad.md'), '---\ntitle: Bad\nbibliography: refs.bib\nnocite: ["@*"]\n---\n\nA claim [@nosuch].\n');
  for (let i = 0; i < 2; i++) {
    const run = await cli(['build', 'bad.md', '--out', 'out'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.deepEqual(statuses(run.stderr), { bad: 'failed' });
    assert.match(run.stderr, /missing-reference/);
  }
});
