/**
 * The evidence inside the PDF: the bibliography (CSL-JSON) and the check
 * report (JSON) as embedded files, read back with poppler's pdfdetach.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, requireTool, SAMPLE, tempDir } from './helpers.ts';

const MIXED = join('test', 'fixtures', 'briefs', 'mixed.md');
const out = tempDir();
const built = cli(['build', SAMPLE, MIXED, '--out', out]);

/** Save every attachment of a PDF into a fresh folder; returns the folder and `pdfdetach -list`. */
function detach(pdf: string): { dir: string; list: string } {
  const dir = tempDir('briefpress-detach-');
  const list = execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' });
  execFileSync('pdfdetach', ['-saveall', '-o', dir, pdf]);
  return { dir, list };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

test('the PDF carries two attachments, associated with the document', async (t) => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
  if (!requireTool(t, 'poppler')) return;
  const pdf = join(out, 'kerman-attack.pdf');
  const { list } = detach(pdf);
  assert.equal(list.trim(), '2 embedded files\n1: bibliography.json\n2: check-report.json');
  const raw = readFileSync(pdf, 'latin1');
  assert.match(raw, /\/AFRelationship \/Data/);
  assert.match(raw, /\/AFRelationship \/Supplement/);
  assert.match(raw, /\/AF \d+ 0 R|\/AF \[/, 'the catalog lists the associated files');
  assert.match(raw, /\/Subtype \/application#2Fjson/);
});

test('the bibliography attachment is CSL-JSON of the entries the References list', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  const { dir } = detach(join(out, 'kerman-attack.pdf'));
  const items = readJson(join(dir, 'bibliography.json')) as Array<{ id: string; type: string; title?: string }>;
  const cited = new Set([...readFileSync(SAMPLE, 'utf8').matchAll(/@([\w-]+)\]/g)].map((m) => m[1]));
  assert.deepEqual(new Set(items.map((i) => i.id)), cited);
  for (const item of items) {
    assert.equal(typeof item.type, 'string');
    assert.ok(item.title, `${item.id} has a title`);
  }
});

test('the check report holds the rules run, the messages as `check --reporter json` prints them, and the exemptions', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  // The sample: no messages, two exemptions with their reasons.
  const sample = readJson(join(detach(join(out, 'kerman-attack.pdf')).dir, 'check-report.json')) as {
    rules: Array<{ ruleId: string; severity: string }>;
    messages: unknown[];
    exemptions: Array<{ file: string; line: number; reason: string }>;
  };
  assert.ok(sample.rules.some((r) => r.ruleId === 'missing-reference' && r.severity === 'error'), JSON.stringify(sample.rules));
  assert.ok(sample.rules.some((r) => r.ruleId === 'unused-reference' && r.severity === 'warning'));
  assert.deepEqual(sample.messages, []);
  assert.equal(sample.exemptions.length, 2);
  for (const e of sample.exemptions) assert.match(e.reason, /\w{3,}/);
  assert.deepEqual(sample.exemptions.map((e) => e.line), [47, 50]);
  // A brief with a warning: the attachment's messages are the check's JSON rows.
  const mixed = readJson(join(detach(join(out, 'mixed.pdf')).dir, 'check-report.json')) as { messages: unknown[] };
  const check = await cli(['check', MIXED, '--reporter', 'json']);
  const rows = JSON.parse(check.stdout) as Array<{ ruleId: string }>;
  assert.ok(rows.length > 0, 'the fixture has a warning');
  assert.deepEqual(mixed.messages, rows);
});
