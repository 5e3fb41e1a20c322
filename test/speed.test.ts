/**
 * Speed features: `--timings`, `--shard k/n`, the portable manifest, the
 * BibTeX cache, the compiled entry, and a batch not slowed by a failing brief.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, SAMPLE, cli, tempDir } from './helpers.ts';
import { inShard, parseShard, shardOf } from '../scripts/lib/shard.ts';
import { loadManifest, saveManifest, emptyManifest, MANIFEST_FILE } from '../scripts/lib/manifest.ts';
import { forgetParsedBibliographies, readBibliography } from '../scripts/lib/bibliography.ts';

const sampleText = () => readFileSync(SAMPLE, 'utf8');
const MANUSCRIPT_BIB = join(ROOT, 'test', 'fixtures', 'manuscript', 'kwl-burials.bib');

/** The slugs listed in a `--timings` table. */
function timedSlugs(stderr: string): string[] {
  const table = stderr.slice(stderr.indexOf('timings (ms)'));
  return table.split('\n').slice(1).filter((l) => /^  \S/.test(l) && !/^  (start-up|all briefs|\()/.test(l)).map((l) => l.trim().split(/\s+/)[0]!);
}

test('--timings prints each stage of a check, and of a build with the browser launch', async () => {
  const result = await cli(['check', SAMPLE, '--timings']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /timings \(ms\)\s+modules\s+load\s+parse\s+bibliography\s+check/);
  assert.match(result.stderr, /start-up \(Node, CLI modules\) \d+, run \d+, process \d+ ms/);
  assert.deepEqual(timedSlugs(result.stderr), ['kerman-attack']);
  const dir = tempDir();
  const build = await cli(['build', SAMPLE, '--out', join(dir, 'out'), '--timings', '--quiet']);
  assert.equal(build.code, 0, build.stderr);
  for (const stage of ['render', 'browser', 'print', 'pack', 'metadata', 'write']) assert.match(build.stderr, new RegExp(`\\b${stage}\\b`), stage);
  assert.match(build.stderr, /browser launch \(overlaps the first checks\) \d+/);
});

test('--shard k/n: the shards together hold every brief exactly once, and stay put when briefs are added', async () => {
  const names = Array.from({ length: 40 }, (_, i) => `content/brief-${i}.md`);
  for (const n of [1, 2, 3, 7]) {
    const shards = Array.from({ length: n }, (_, k) => inShard(names, ROOT, { index: k + 1, count: n }));
    assert.deepEqual(shards.flat().sort(), [...names].sort(), `n = ${n}`);
  }
  const more = [...names, 'content/new-a.md', 'content/new-b.md'];
  for (const name of names) assert.equal(shardOf(name, ROOT, 3), shardOf(join(ROOT, name), ROOT, 3), 'relative and absolute paths agree');
  for (const name of names) assert.ok(inShard(more, ROOT, { index: shardOf(name, ROOT, 3), count: 3 }).includes(name));
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) assert.equal(parseShard(bad), undefined, bad);

  // Through the command line: three `check --shard k/3` runs list each brief once.
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  const slugs = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (const s of slugs) writeFileSync(join(dir, `${s}.md`), sampleText());
  const seen: string[] = [];
  for (const k of [1, 2, 3]) {
    const result = await cli(['check', dir, '--shard', `${k}/3`, '--timings', '--quiet'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    seen.push(...timedSlugs(result.stderr));
  }
  assert.deepEqual(seen.sort(), slugs);
  const bad = await cli(['check', dir, '--shard', '4/3'], { cwd: dir });
  assert.equal(bad.code, 2);
});

test('the manifest is written with paths relative to the project and read back anywhere', async () => {
  const out = tempDir();
  const projectA = '/srv/runner-1/project';
  const manifest = emptyManifest();
  manifest.briefs[`${projectA}/content/a.md`] = {
    context: 'c',
    inputs: { [`${projectA}/content/a.md`]: 'h1', [`${projectA}/content/a.bib`]: 'h2' },
    outputs: { pdf: `${projectA}/out/a.pdf`, epub: `${projectA}/out/a.epub` },
  };
  await saveManifest(out, manifest, projectA);
  const text = readFileSync(join(out, MANIFEST_FILE), 'utf8');
  assert.ok(!text.includes('/srv/'), text);
  assert.match(text, /"content\/a\.md"/);
  const projectB = '/home/ci/checkout';
  const loaded = loadManifest(out, projectB);
  assert.deepEqual(Object.keys(loaded.briefs), [`${projectB}/content/a.md`]);
  assert.deepEqual(loaded.briefs[`${projectB}/content/a.md`]?.outputs, { pdf: `${projectB}/out/a.pdf`, epub: `${projectB}/out/a.epub` });
});

test('parsed BibTeX is cached by content: the same items come back, a changed file replaces its entry', async () => {
  const dir = tempDir();
  const cache = join(dir, 'cache');
  const bib = join(dir, 'refs.bib');
  copyFileSync(MANUSCRIPT_BIB, bib);
  const first = await readBibliography(bib, 'refs.bib', cache);
  const files = readdirSync(cache);
  assert.equal(files.length, 1);
  const cached = JSON.parse(readFileSync(join(cache, files[0]!), 'utf8')) as Array<{ id: string }>;
  assert.equal(cached.length, 113);
  // A poisoned cache entry shows that the second read comes from the cache.
  writeFileSync(join(cache, files[0]!), JSON.stringify(cached.map((item) => ({ ...item, title: 'from the cache' }))));
  forgetParsedBibliographies();
  const again = await readBibliography(bib, 'refs.bib', cache);
  assert.equal(again.length, first.length);
  assert.equal(again[0]?.item.title, 'from the cache');
  writeFileSync(bib, `${readFileSync(bib, 'utf8')}\n@misc{added2024, title = {Added}, year = {2024}}\n`);
  const changed = await readBibliography(bib, 'refs.bib', cache);
  assert.equal(changed.length, 114);
  assert.notEqual(changed[0]?.item.title, 'from the cache');
  assert.equal(readdirSync(cache).length, 1, 'the older entry of the same file is removed');
});

test('npm run check runs the compiled entry in dist/, compiled again when scripts/ is newer', async () => {
  const run = promisify(execFile);
  const { stderr } = await run(process.execPath, [join(ROOT, 'scripts', 'run.mjs'), 'check', SAMPLE], { cwd: ROOT });
  assert.match(stderr, /1 brief checked: 0 errors/);
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.prepare, 'node scripts/compile.mjs');
  // Node's flags (the heap limit) come before the script.
  assert.match(pkg.scripts.check ?? '', /^node (?:--\S+ )*scripts\/run\.mjs check$/);
  assert.match(pkg.scripts.build ?? '', /^node (?:--\S+ )*scripts\/run\.mjs build$/);
});

test('a failing brief does not slow the briefs built beside it', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  for (const s of ['a', 'b']) writeFileSync(join(dir, `${s}.md`), sampleText());
  writeFileSync(join(dir, 'typo.md'), sampleText().replace('[@unsc2023', '[@unsc2032'));
  const timed = async (paths: string[], out: string) => {
    const started = performance.now();
    const result = await cli(['build', ...paths.map((p) => join(dir, p)), '--out', join(dir, out), '--quiet'], { cwd: dir });
    return { ...result, ms: performance.now() - started };
  };
  const without = await timed(['a.md', 'b.md'], 'out-1');
  const withFailure = await timed(['a.md', 'typo.md', 'b.md'], 'out-2');
  assert.equal(without.code, 0, without.stderr);
  assert.equal(withFailure.code, 1, withFailure.stderr);
  assert.ok(existsSync(join(dir, 'out-2', 'a.pdf')) && existsSync(join(dir, 'out-2', 'b.pdf')), 'the good briefs are built');
  // Generous on a loaded machine: the failing brief costs its check, not a print.
  assert.ok(withFailure.ms < without.ms * 1.5 + 1000, `with the failing brief ${Math.round(withFailure.ms)} ms, without ${Math.round(without.ms)} ms`);
});

test('rendered citations are cached by everything they depend on', async () => {
  const { useDiskCache, cached } = await import('../scripts/lib/disk-cache.ts');
  const cachedCitations = <T>(input: unknown, render: () => T) => cached('citations', input, render);
  const dir = tempDir();
  let renders = 0;
  const render = () => ({ clusters: [`(Hallaq ${++renders})`] });
  useDiskCache(dir);
  try {
    assert.deepEqual(cachedCitations({ style: 'a', items: [1] }, render), { clusters: ['(Hallaq 1)'] });
    assert.deepEqual(cachedCitations({ style: 'a', items: [1] }, render), { clusters: ['(Hallaq 1)'] }, 'read back');
    assert.deepEqual(cachedCitations({ style: 'a', items: [2] }, render), { clusters: ['(Hallaq 2)'] }, 'another input renders');
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('citations-')).length, 2);
  } finally {
    useDiskCache(undefined);
  }
  assert.deepEqual(cachedCitations({ style: 'a', items: [1] }, render), { clusters: ['(Hallaq 3)'] }, 'no folder, no cache');
});

test('check of many briefs on worker threads reports exactly what one thread does, in the same order', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  const text = sampleText();
  const variants = [
    text,
    text.replace('[@unsc2023', '[@unsc2032'), // an error: a key the bibliography lacks
    `${text}\nAttacks fell by 53% in the north.<!-- cite-ok: our own field count -->\n`, // an exemption (the sample has two of its own)
    `${text}\nSome 30% of the wounded were children, and 12% were women.\n`, // a claim without a source
  ];
  // 26 briefs: enough for this thread and two workers (scripts/check-run.ts).
  for (let i = 0; i < 26; i++) writeFileSync(join(dir, `brief-${String(i).padStart(2, '0')}.md`), variants[i % variants.length]!);
  const one = await cli(['check', dir, '--reporter', 'json', '--jobs', '1'], { cwd: dir });
  const many = await cli(['check', dir, '--reporter', 'json', '--jobs', '3', '--timings'], { cwd: dir });
  assert.equal(one.code, 1, one.stderr);
  assert.equal(many.code, 1, many.stderr);
  assert.match(many.stderr, /checked on 3 threads: this one and 2 workers/);
  const rows = JSON.parse(many.stdout) as Array<{ file: string; ruleId: string | null; severity: string }>;
  assert.deepEqual(rows, JSON.parse(one.stdout));
  assert.ok(rows.some((r) => r.severity === 'error') && rows.some((r) => r.severity === 'warning'), 'errors and warnings both come back');
  assert.deepEqual([...new Set(rows.map((r) => r.file))], [...new Set(rows.map((r) => r.file))].sort(), 'files in path order');
  const human = await Promise.all(['1', '3'].map((jobs) => cli(['check', dir, '--jobs', jobs], { cwd: dir })));
  assert.equal(human[1]!.stderr, human[0]!.stderr);
  assert.match(human[0]!.stderr, /26 briefs checked: 7 errors, 6 warnings, 58 exemptions/);
});
