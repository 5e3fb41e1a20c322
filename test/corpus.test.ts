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

test('sentences: a note marker after a full stop ends its sentence, and a table is a unit of its own', async () => {
  const { unified } = await import('unified');
  const { default: remarkParse } = await import('remark-parse');
  const { default: remarkGfm } = await import('remark-gfm');
  const { sentencesOf, sentenceAt } = await import('../scripts/lib/sentences.ts');
  const source = 'First claim.[^1] Second claim.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.\n';
  const tree = unified().use(remarkParse).use(remarkGfm).parse(source);
  const sentences = sentencesOf(tree, source);
  assert.deepEqual(sentences.map((s) => s.text), ['First claim.[^1]', 'Second claim.', '[table] | a | b |', 'a', 'b', '1', '2', 'A note.']);
  assert.equal(sentenceAt(sentences, source.indexOf('Second'))?.text, 'Second claim.');
  const table = sentences.find((s) => s.kind === 'table')!;
  assert.equal(sentenceAt(sentences, table.from, table.to), table);
});

test('order check: finds items in sequence despite line breaks and hyphens, and reports one found only earlier', async () => {
  const { checkOrder } = await import('../scripts/eval-order.ts');
  const items = [
    { kind: 'heading' as const, line: 1, text: 'Intro duction' },
    { kind: 'paragraph' as const, line: 3, text: 'First paragraph of the text' },
    { kind: 'paragraph' as const, line: 5, text: 'Second paragraph here' },
  ];
  assert.equal(checkOrder(items, 'Introduction\nFirst para-\ngraph of the text\nSecond paragraph here').inOrder, 3);
  const shuffled = checkOrder(items, 'Introduction\nSecond paragraph here\nFirst paragraph of the text');
  assert.deepEqual(shuffled.outOfOrder.map((i) => i.line), [5]);
  assert.equal(checkOrder(items, 'nothing').notFound.length, 3);
});
