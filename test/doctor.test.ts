/** `npm run doctor`: what it reports matches what the machine has. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { version } from '../scripts/doctor.ts';
import { cli, requireTool } from './helpers.ts';

test('version() reads tools that print their version to stderr and exit 0', () => {
  assert.equal(version(process.execPath, ['-e', 'console.error("tool 1.2.3")']), 'tool 1.2.3');
  assert.equal(version(process.execPath, ['-e', 'console.log("tool 4.5")']), 'tool 4.5');
  assert.equal(version(process.execPath, ['-e', 'process.exit(3)']), undefined);
  assert.equal(version('briefpress-no-such-tool', ['--version']), undefined);
});

test('doctor shows Java and poppler as found on a machine that has them', async (t) => {
  if (!requireTool(t, 'epubcheck') || !requireTool(t, 'poppler')) return;
  const result = await cli(['doctor']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /✓ java \(tests\)\s+\S/);
  assert.match(result.stdout, /✓ poppler \(tests\)\s+pdfinfo version/);
  assert.match(result.stdout, /✓ browser \(build\)/);
});
