/**
 * Results kept on disk between runs, as JSON, under the hash of their input
 * and of the pipeline (package-lock.json and scripts/), so that a new version
 * of a package or of briefpress never reads an old result. Two costs of every
 * run go here:
 * - rendered citations: citeproc-js is the largest cost of a cold build of a
 *   manuscript with many references (about a second for 90 citations of 113
 *   entries here, most of it in a JIT-cold engine);
 * - what the bundled fonts cover: fontkit decompresses WOFF2 with a brotli
 *   written in JavaScript, about a second for the faces of fonts.css.
 * - what the claim check found in each sentence (`diskMemo`): the
 *   part-of-speech model takes about 0.1 s to load and 0.2 s to tag a
 *   manuscript, so a check after an edit re-reads only the changed sentences.
 * The build sets the folder (the project's .briefpress-cache/); nothing is
 * cached when it is unset.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashText, pipelineHash } from './manifest.ts';

let folder: string | undefined;

/** Keep results in `dir` (undefined: do not cache). */
export function useDiskCache(dir: string | undefined): void {
  folder = dir;
}

/** Entries older than this are removed when a new one is written. */
const MAX_AGE_MS = 14 * 24 * 3_600_000;

/** `compute()`'s result for `input`, from the cache or computed and stored. */
export function cached<T>(kind: 'citations' | 'fonts', input: unknown, compute: () => T): T {
  if (!folder) return compute();
  const dir = folder;
  const file = join(dir, `${kind}-${hashText(`${pipelineHash()}\0${JSON.stringify(input)}`).slice(0, 40)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // not cached: render
  }
  const result = compute();
  try {
    store(dir, file, result);
  } catch {
    // a cache that cannot be written is only slower
  }
  return result;
}

/** Write a cache file atomically, and remove the entries nobody has written for a while. */
function store(dir: string, file: string, value: unknown): void {
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
  const old = Date.now() - MAX_AGE_MS;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (/^(citations|fonts|claims)-/.test(name) && statSync(path).mtimeMs < old) rmSync(path, { force: true });
  }
}

/** A map kept on disk for one document: what it held at the last run, and what this run asks and adds. */
export interface DiskMemo<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** Keep the entries this run used (and only those: the file does not grow with old text), if anything changed. */
  save(): void;
}

/** The memo of `kind` for the document `id` (its path), under the pipeline's hash. */
export function diskMemo<V>(kind: 'claims', id: string): DiskMemo<V> {
  const dir = folder;
  const file = dir && join(dir, `${kind}-${hashText(`${pipelineHash()}\0${id}`).slice(0, 40)}.json`);
  let before: Record<string, V> = {};
  if (file) {
    try {
      before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, V>;
    } catch {
      // nothing kept yet
    }
  }
  const used = new Map<string, V>();
  let added = false;
  return {
    get(key) {
      const value = Object.hasOwn(before, key) ? before[key] : undefined;
      if (value !== undefined) used.set(key, value);
      return value;
    },
    set(key, value) {
      used.set(key, value);
      added = true;
    },
    save() {
      if (!dir || !file || (!added && used.size === Object.keys(before).length)) return;
      try {
        store(dir, file, Object.fromEntries(used));
      } catch {
        // a cache that cannot be written is only slower
      }
    },
  };
}
