/**
 * Rendered citations kept on disk between runs. citeproc-js is the largest
 * cost of a cold build of a manuscript with many references (about a second
 * for 90 citations of 113 entries here, most of it in a JIT-cold engine), and
 * its output depends only on what is hashed below: a rebuild whose citations,
 * entries, style and locale are unchanged reads the result back instead.
 * The build sets the folder (the project's .briefpress-cache/); nothing is
 * cached when it is unset.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashText, pipelineHash } from './manifest.ts';

let folder: string | undefined;

/** Keep rendered citations in `dir` (undefined: do not cache). */
export function cacheCitationsIn(dir: string | undefined): void {
  folder = dir;
}

/** Entries older than this are removed when a new one is written. */
const MAX_AGE_MS = 14 * 24 * 3_600_000;

/** `render()`'s result for `input`, from the cache or computed and stored. */
export function cachedCitations<T>(input: unknown, render: () => T): T {
  if (!folder) return render();
  const dir = folder;
  // The pipeline hash covers package-lock.json (citeproc's version) and scripts/.
  const file = join(dir, `citations-${hashText(`${pipelineHash()}\0${JSON.stringify(input)}`).slice(0, 40)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // not cached: render
  }
  const result = render();
  try {
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, JSON.stringify(result));
    renameSync(temp, file);
    const old = Date.now() - MAX_AGE_MS;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith('citations-') && statSync(path).mtimeMs < old) rmSync(path, { force: true });
    }
  } catch {
    // a cache that cannot be written is only slower
  }
  return result;
}
