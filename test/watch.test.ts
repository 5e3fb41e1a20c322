/** Watch mode as a child process: rebuilds on a change, survives a broken edit, stops cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, tempDir } from './helpers.ts';

test('watch rebuilds after a save, reports a broken edit without exiting, rebuilds after the fix, and exits with no Chromium left', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const md = join(dir, 'kerman-attack.md');
  copyFileSync(join(ROOT, 'content', 'kerman-attack.md'), md);
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, 'watch', '.', '--out', 'out'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; from: number; resolve: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr.slice(w.from))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, from = stderr.length) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`)), 60_000);
      waiters.push({ pattern, from, resolve: () => (clearTimeout(timer), resolve()) });
      check();
    });
  try {
    await waitFor(/Watching for changes/, 0);
    let from = stderr.length;
    appendFileSync(md, '\nOne more sentence [@amaq2024].\n');
    await waitFor(/rebuilt 1 of 1 brief in \d+ ms after a change to kerman-attack\.md/, from);

    from = stderr.length;
    appendFileSync(md, '\nA broken claim [@nosuchkey].\n');
    await waitFor(/rebuilt 0 of 1 brief[\s\S]*failed/, from);
    assert.match(stderr.slice(from), /Citation key `nosuchkey` is in no bibliography/);
    assert.equal(child.exitCode, null, 'the watcher keeps running after an error');

    from = stderr.length;
    writeFileSync(md, readFileSync(md, 'utf8').replace('[@nosuchkey]', '[@amaq2024]'));
    await waitFor(/rebuilt 1 of 1 brief/, from);

    // The watcher's children that are Chromium (tsx may have others, e.g. esbuild).
    const browsers = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((pid) => {
        try {
          return /chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        } catch {
          return false;
        }
      });
    assert.ok(browsers.length > 0, 'the warm browser is a child of the watcher');
    child.kill('SIGTERM');
    const code = await exited;
    assert.ok(code === 143 || code === 0, `exit code ${code}`);
    // Gone, or a zombie that nobody will reap (its parent has exited): allow a moment.
    const alive = (pid: number) => {
      try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && browsers.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(browsers.filter(alive), [], 'Chromium is gone after the watcher stops');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
