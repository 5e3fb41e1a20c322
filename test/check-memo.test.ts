/**
 * The claim check's memo (stages/check.ts, lib/disk-cache.ts `diskMemo`): a
 * second check of a real manuscript reads what the first found from the
 * project's cache folder, gives the same messages, and after an edit reads
 * the changed sentence again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBrief } from '../scripts/build.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { BIBLIOGRAPHY_CACHE } from '../scripts/lib/bibliography.ts';

const MANUSCRIPT = join(import.meta.dirname, 'fixtures', 'manuscript', 'kwl-burials');

test('a second check of a manuscript reads the claim findings it kept, and an edited sentence is read again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'briefpress-memo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const ext of ['.md', '.bib']) copyFileSync(`${MANUSCRIPT}${ext}`, join(dir, `brief${ext}`));
  const { config } = loadConfig(dir);
  const claims = async () => {
    const checked = await checkBrief('brief.md', { config, cwd: dir });
    return checked.brief.file.messages.filter((m) => /^uncited-/.test(m.ruleId ?? '')).map(String);
  };
  const first = await claims();
  assert.ok(first.length >= 3, `the manuscript has uncited attributions: ${first.length}`);
  const memoFile = readdirSync(join(dir, BIBLIOGRAPHY_CACHE)).find((name) => name.startsWith('claims-'));
  assert.ok(memoFile, 'the findings are kept in the cache folder');
  assert.deepEqual(await claims(), first, 'the same messages from the memo');

  // The memo is what the second run reads: a finding put in it by hand is reported.
  const path = join(dir, BIBLIOGRAPHY_CACHE, memoFile);
  const memo = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const text = readFileSync(join(dir, 'brief.md'), 'utf8');
  // A sentence with no finding, written in the Markdown as the check reads it.
  const key = Object.keys(memo).find((k) => /^[-q][-o]\0/.test(k) && Array.isArray(memo[k]) && (memo[k] as unknown[]).length === 0 && k.length > 60 && text.includes(k.slice(3, 43)));
  assert.ok(key, 'a sentence with no finding is kept');
  memo[key] = [[0, 4, 'planted', 'uncited-statistic']];
  writeFileSync(path, JSON.stringify(memo));
  const planted = await claims();
  assert.equal(planted.length, first.length + 1);
  assert.ok(planted.some((m) => m.includes('Figure “planted”')));

  // An edited sentence is read again: the edit's new claim is found, the planted one is gone with its sentence.
  const at = text.indexOf(key.slice(3, 43));
  writeFileSync(join(dir, 'brief.md'), `${text.slice(0, at)}The ministry said that 4,500 graves were found. ${text.slice(at + 40)}`);
  const edited = await claims();
  assert.ok(!edited.some((m) => m.includes('planted')), 'the planted finding went with its sentence');
  assert.ok(edited.some((m) => m.includes('4,500')), `the new sentence was read: ${edited.join('\n')}`);
});
