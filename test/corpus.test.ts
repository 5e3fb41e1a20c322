/**
 * The real corpus (test/corpus/real): every document loads, parses and checks
 * without throwing, its messages map to sentences, and the eval's totals can
 * be computed. Cheap: no browser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { corpusDocuments, evaluate, readLabels, totals, CLAIMS, type DocResult } from '../scripts/eval-real.ts';
import { RULES } from '../scripts/lib/rules.ts';

const docs = corpusDocuments();

test('the corpus has documents, each with a SOURCE.md that names its licence and commit', () => {
  assert.ok(docs.length >= 5, `only ${docs.length} documents`);
  for (const { id, path } of docs) {
    const source = join(dirname(path), 'SOURCE.md');
    assert.ok(existsSync(source), `${id}: no SOURCE.md`);
    const text = readFileSync(source, 'utf8');
    assert.match(text, /Licence:/, `${id}: SOURCE.md names no licence`);
    assert.match(text, /Commit: [0-9a-f]{40}/, `${id}: SOURCE.md names no commit`);
  }
});

test('every label line is well formed', () => {
  for (const { id, path } of docs) {
    for (const l of readLabels(join(dirname(path), 'labels.jsonl'))) {
      assert.equal(typeof l.line, 'number', `${id}: ${JSON.stringify(l)}`);
      assert.equal(typeof l.sentence, 'string', `${id}: ${JSON.stringify(l)}`);
      for (const [kind] of CLAIMS) assert.equal(typeof l[kind], 'boolean', `${id}: ${kind} is not a boolean in ${JSON.stringify(l)}`);
    }
  }
});

test('every document checks without an internal error, and the totals add up', async () => {
  const results: DocResult[] = [];
  for (const { id, path } of docs) {
    const result = await evaluate(id, path);
    assert.ok(!result.errors.some((e) => e.ruleId === RULES.render && /Internal error/.test(e.reason)), `${id}: ${JSON.stringify(result.errors)}`);
    assert.ok(result.words > 0, `${id}: no words`);
    // Every claim message lands on a sentence of the document.
    for (const f of result.flags) assert.ok(!f.sentence.startsWith('[no sentence]'), `${id}: a message on no sentence: ${f.sentence}`);
    results.push(result);
  }
  const t = totals(results);
  assert.equal(t.documents, docs.length);
  for (const [kind, rule] of CLAIMS) {
    const flagged = results.reduce((n, d) => n + d.flags.filter((f) => f.rules.includes(rule) && f.label).length, 0);
    assert.equal(t.rules[kind].tp + t.rules[kind].fp, flagged, `${rule}: TP + FP is the number of labelled flags`);
  }
});
