/**
 * Extreme inputs finish or fail cleanly in bounded time: a 5 MB brief, lists
 * and block quotes 500 deep, 5,000 footnotes, a 2,000-row table and a
 * 100,000-character line check and render; deeper or pathological input is
 * refused with an `input-limit` error instead of crashing or stalling the batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBrief } from '../scripts/build.ts';
import { render } from '../scripts/stages/render.ts';
import { loadTemplate } from '../scripts/lib/template.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { cli, tempDir } from './helpers.ts';

const dir = tempDir();
const fm = (title: string) => `---\ntitle: ${title}\n---\n\n`;
const CASES: Record<string, string> = {
  'five-mb': fm('Five MB') + `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}\n\n`.repeat(4400),
  lists: fm('Lists') + Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n') + '\n',
  quotes: fm('Quotes') + `${'>'.repeat(500)} deep\n`,
  footnotes: fm('Footnotes') + Array.from({ length: 5000 }, (_, i) => `Claim ${i}.[^n${i}]`).join(' ') + '\n\n' + Array.from({ length: 5000 }, (_, i) => `[^n${i}]: Note ${i}.`).join('\n') + '\n',
  table: fm('Table') + '| n | value |\n|---|---|\n' + Array.from({ length: 2000 }, (_, i) => `| ${i} | v${i} |`).join('\n') + '\n',
  'long-line': fm('Long line') + 'word '.repeat(20_000) + '\n',
};
const REFUSED: Record<string, [string, RegExp]> = {
  'deep-quotes': [fm('Deep') + `${'>'.repeat(20_000)} deep\n`, /Nested too deeply to process|more than 1000 levels/],
  'deep-html': [fm('Deep HTML') + `${'<div>'.repeat(20_000)}x\n`, /Nested too deeply to process|more than 1000 levels/],
  stars: [fm('Stars') + `${'*'.repeat(50_000)}x${'*'.repeat(50_000)}\n`, /Line has 100000 `\*`\/`_` marks/],
};
for (const [name, text] of Object.entries(CASES)) writeFileSync(join(dir, `${name}.md`), text);
for (const [name, [text]] of Object.entries(REFUSED)) writeFileSync(join(dir, `${name}.md`), text);

const { config } = loadConfig(dir);
const template = loadTemplate('brief', { paper: 'A4' })!;

for (const name of Object.keys(CASES)) {
  test(`${name}: checks and renders in bounded time`, async () => {
    const started = performance.now();
    const checked = await checkBrief(join(dir, `${name}.md`), { config });
    assert.ok(checked.ok, checked.files.flatMap((f) => f.messages.map(String)).join('\n'));
    const rendered = render({ tree: checked.tree, meta: checked.meta!, file: checked.brief.file, briefDir: dir, bibliography: checked.bibliography!, template });
    assert.ok(rendered.printHtml.length > 1000);
    assert.ok(performance.now() - started < 60_000);
  });
}

for (const [name, [, message]] of Object.entries(REFUSED)) {
  test(`${name}: refused with an input-limit error, quickly`, async () => {
    const started = performance.now();
    const checked = await checkBrief(join(dir, `${name}.md`), { config });
    assert.equal(checked.ok, false);
    const errors = checked.brief.file.messages.filter((m) => m.fatal);
    assert.ok(errors.some((m) => m.ruleId === 'input-limit' && message.test(m.reason)), errors.map(String).join('\n'));
    assert.ok(performance.now() - started < 20_000);
  });
}

test('a batch with refused and extreme briefs builds the others to PDF and EPUB', async () => {
  const out = join(dir, 'out');
  const names = ['quotes', 'table', 'long-line', 'deep-quotes', 'stars'];
  const result = await cli(['build', ...names.map((n) => join(dir, `${n}.md`)), '--out', out], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /unexpected failure/);
  for (const n of ['quotes', 'table', 'long-line']) assert.ok(existsSync(join(out, `${n}.pdf`)) && existsSync(join(out, `${n}.epub`)), n);
  for (const n of ['deep-quotes', 'stars']) assert.ok(!existsSync(join(out, `${n}.pdf`)), n);
});
