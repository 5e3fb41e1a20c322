/**
 * The integrity rules of the gate. Each fault is injected into a clean brief
 * and must give exactly one message with the right rule id and position; the
 * clean brief gives none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkBrief } from '../scripts/build.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { cli, tempDir, ROOT } from './helpers.ts';

const config = loadConfig(tempDir()).config;

const BIB = `@book{hallaq2009,
  author = {Hallaq, Wael B.},
  title = {An Introduction to Islamic Law},
  publisher = {Cambridge University Press},
  year = {2009},
  doi = {10.1017/CBO9780511801044}
}

@report{unsc2023,
  author = {{United Nations Security Council}},
  title = {Thirty-Second Report of the Monitoring Team},
  institution = {United Nations},
  date = {2023-07-25}
}
`;

const CLEAN = `---
title: A clean brief
bibliography: refs.bib
---

Islamic law has a long history of debate [@hallaq2009, p. 4].

The monitoring team counted between 4,000 and 6,000 members [@unsc2023].[^1]

[^1]: The range is wide.
`;

async function run(md: string, bib = BIB, extra: Record<string, string> = {}) {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), bib);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'brief.md'), md);
  const checked = await checkBrief(join(dir, 'brief.md'), { config, cwd: dir });
  return checked.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info'} ${m.ruleId}`));
}

test('the clean brief has no messages', async () => {
  assert.deepEqual(await run(CLEAN), []);
});

const faults: Array<[string, () => Promise<string[]>, string]> = [
  ['missing-reference', () => run(CLEAN.replace('[@unsc2023]', '[@unsc2032]')), 'brief.md:8:62 error missing-reference'],
  ['duplicate-reference (key)', () => run(CLEAN, BIB + '\n@misc{hallaq2009, title = {Again}, author = {X}, year = {2001}}\n'), 'refs.bib:16:7 error duplicate-reference'],
  [
    'duplicate-reference (DOI)',
    () => run(CLEAN.replace('[@hallaq2009, p. 4]', '[@hallaq2009, p. 4; @hallaq2009b]'), BIB + '\n@book{hallaq2009b, title = {Reprint}, author = {Hallaq, W.}, publisher = {CUP}, year = {2010}, doi = {10.1017/cbo9780511801044}}\n'),
    'refs.bib:16:7 warning duplicate-doi',
  ],
  ['unused-reference', () => run(CLEAN, BIB + '\n@book{extra, title = {Extra}, author = {X}, publisher = {P}, year = {2001}}\n'), 'refs.bib:16:7 warning unused-reference'],
  ['incomplete-reference (no date)', () => run(CLEAN, BIB.replace('  date = {2023-07-25}\n', '')), 'refs.bib:9:9 error incomplete-reference'],
  ['sparse-reference (no publisher)', () => run(CLEAN, BIB.replace('  publisher = {Cambridge University Press},\n', '')), 'refs.bib:1:7 warning sparse-reference'],
  ['malformed-identifier (bad DOI)', () => run(CLEAN, BIB.replace('10.1017/CBO9780511801044', 'doi:CBO9780511801044')), 'refs.bib:1:7 warning malformed-identifier'],
  ['missing-bibliography (named file absent)', () => run(CLEAN.replace('refs.bib', 'nope.bib')), 'brief.md:1:1 error missing-bibliography'],
  ['missing-bibliography (does not parse)', () => run(CLEAN, BIB + '\n@book{broken, title = {oops\n'), 'brief.md:1:1 error missing-bibliography'],
  ['undefined-footnote', () => run(CLEAN.replace('[^1]: The range', '[^2]: The range').replace('[@unsc2023].[^1]', '[@unsc2023].[^1][^2]')), 'brief.md:8:73 error undefined-footnote'],
  ['unused-footnote', () => run(CLEAN + '\n[^spare]: Nobody points here.\n'), 'brief.md:12:1 warning unused-footnote'],
];

for (const [name, fault, expected] of faults) {
  test(`${name}: exactly one message at the fault`, async () => {
    assert.deepEqual(await fault(), [expected]);
  });
}

test('messages name the key and suggest a near match', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), BIB);
  writeFileSync(join(dir, 'brief.md'), CLEAN.replace('[@unsc2023]', '[@unsc2032]'));
  const checked = await checkBrief(join(dir, 'brief.md'), { config, cwd: dir });
  assert.deepEqual(checked.files[0]!.messages.map(String), [
    'brief.md:8:62-8:71: Citation key `unsc2032` is in no bibliography; did you mean `unsc2023`?',
  ]);
});

test('an unparseable bibliography reports the parser’s line', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), BIB + '\n@book{broken, title = {oops\n');
  writeFileSync(join(dir, 'brief.md'), CLEAN);
  const checked = await checkBrief(join(dir, 'brief.md'), { config, cwd: dir });
  assert.match(String(checked.files[0]!.messages[0]), /refs\.bib:1[78]:\d+\)/);
});

test('near cases do not fire: e-mail, URL with @, code, nocite, a footnote citing', async () => {
  const md = CLEAN.replace(
    'Islamic law has',
    'Write to desk@example.org or see https://example.org/@desk and `@hallaq2009` in code. Islamic law has',
  ).replace('bibliography: refs.bib', 'bibliography: refs.bib\nnocite: ["@extra"]');
  assert.deepEqual(await run(md, BIB + '\n@book{extra, title = {Extra}, author = {X}, publisher = {P}, year = {2001}}\n'), []);
});

test('--strict turns warnings into errors; --reporter json matches the human messages', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), BIB);
  writeFileSync(join(dir, 'brief.md'), CLEAN + '\n[^spare]: Nobody points here.\n');
  const plain = await cli(['check', 'brief.md'], { cwd: dir });
  assert.equal(plain.code, 0);
  assert.match(plain.stderr, /12:1-12:30\s+warning\s+Footnote `\[\^spare\]` is defined but never referenced\s+unused-footnote\s+briefpress/);
  const strict = await cli(['check', 'brief.md', '--strict'], { cwd: dir });
  assert.equal(strict.code, 1);
  const json = await cli(['check', 'brief.md', '--reporter', 'json'], { cwd: dir });
  assert.deepEqual(JSON.parse(json.stdout), [
    {
      file: 'brief.md',
      line: 12,
      column: 1,
      endLine: 12,
      endColumn: 30,
      severity: 'warning',
      ruleId: 'unused-footnote',
      source: 'briefpress',
      message: 'Footnote `[^spare]` is defined but never referenced',
      cause: null,
    },
  ]);
});

test('the config\'s `rules:` switches a rule off and makes another an error, in one table', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), BIB + '\n@book{extra, title = {Extra}, author = {X}, publisher = {P}, year = {2001}}\n');
  writeFileSync(join(dir, 'brief.md'), CLEAN + '\n[^spare]: Nobody points here.\n');
  const plain = await cli(['check', 'brief.md', '--reporter', 'json'], { cwd: dir });
  assert.deepEqual(JSON.parse(plain.stdout).map((m: { ruleId: string; severity: string }) => `${m.ruleId} ${m.severity}`).sort(), ['unused-footnote warning', 'unused-reference warning']);
  assert.equal(plain.code, 0);
  writeFileSync(join(dir, 'briefpress.config.yaml'), 'rules:\n  unused-reference: off\n  unused-footnote: error\n');
  const configured = await cli(['check', 'brief.md', '--reporter', 'json'], { cwd: dir });
  assert.deepEqual(JSON.parse(configured.stdout).map((m: { ruleId: string; severity: string }) => `${m.ruleId} ${m.severity}`), ['unused-footnote error']);
  assert.equal(configured.code, 1);
  // A rule id that does not exist is a config error at its line.
  writeFileSync(join(dir, 'briefpress.config.yaml'), 'paper: A4\nrules:\n  unused-refrence: off\n');
  const typo = await cli(['check', 'brief.md'], { cwd: dir });
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /briefpress\.config\.yaml\n\s*3:1\s+error\s+Config field `rules\.unused-refrence`/);
});

test('a duplicate key carries the first definition as a `cause` position, in JSON and for people', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'refs.bib'), BIB + '\n@misc{hallaq2009, title = {Again}, author = {X}, year = {2001}}\n');
  writeFileSync(join(dir, 'brief.md'), CLEAN);
  const json = await cli(['check', 'brief.md', '--reporter', 'json'], { cwd: dir });
  const duplicate = (JSON.parse(json.stdout) as Array<{ ruleId: string; line: number; cause: { line: number; column: number; message: string } | null }>).find((m) => m.ruleId === 'duplicate-reference');
  assert.ok(duplicate, json.stdout);
  assert.equal(duplicate.line, 16);
  assert.deepEqual(duplicate.cause && { line: duplicate.cause.line, column: duplicate.cause.column }, { line: 1, column: 7 });
  const human = await cli(['check', 'brief.md'], { cwd: dir });
  assert.match(human.stderr, /duplicate-reference[\s\S]*1:7/);
});

test('a brief with errors leaves its old outputs byte-identical; the other briefs still build', async () => {
  const dir = tempDir();
  const out = join(dir, 'out');
  writeFileSync(join(dir, 'refs.bib'), BIB);
  writeFileSync(join(dir, 'a.md'), CLEAN);
  writeFileSync(join(dir, 'b.md'), CLEAN.replace('A clean brief', 'Brief B'));
  const first = await cli(['build', dir, '--out', out], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  const before = readFileSync(join(out, 'a.pdf'));
  const beforeEpub = readFileSync(join(out, 'a.epub'));
  const bBefore = readFileSync(join(out, 'b.epub'));
  writeFileSync(join(dir, 'a.md'), CLEAN.replace('[@unsc2023]', '[@nosuch]'));
  writeFileSync(join(dir, 'b.md'), CLEAN.replace('A clean brief', 'Brief B, revised'));
  const second = await cli(['build', dir, '--out', out], { cwd: dir });
  assert.equal(second.code, 1);
  assert.match(second.stderr, /a\.md\n\s*8:62-8:69\s+error/);
  assert.deepEqual(readFileSync(join(out, 'a.pdf')), before);
  assert.deepEqual(readFileSync(join(out, 'a.epub')), beforeEpub);
  assert.notDeepEqual(readFileSync(join(out, 'b.epub')), bBefore, 'b was rebuilt');
  assert.ok(existsSync(join(out, 'b.pdf')));
});

test('the sample brief passes the gate with only its documented exemptions', async () => {
  const result = await cli(['check', join(ROOT, 'content')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /1 brief checked: 0 errors, 0 warnings, 2 exemptions/);
  const sample = readFileSync(join(ROOT, 'content/kerman-attack.md'), 'utf8');
  assert.equal((sample.match(/<!-- cite-ok: [^>]*SOURCES\.md[^>]*-->/g) ?? []).length, 2);
});
