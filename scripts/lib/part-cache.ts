/**
 * A collection's briefs between builds: each brief's part of the volume
 * (stages/volume.ts) is kept in `.briefpress-cache/collections/` with the
 * hashes of the files it was made from (as the manifest records a brief's,
 * lib/manifest.ts). A rebuild re-runs load, parse, check and render only for
 * the briefs whose files changed; the others come from here. Deleting the
 * folder is always safe.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile } from './manifest.ts';
import { BIBLIOGRAPHY_CACHE } from './bibliography.ts';
import { writeAtomic } from './write.ts';

interface Stored<T> {
  context: string;
  inputs: Record<string, string>;
  part: T;
}

const fileOf = (cwd: string, key: string) => join(cwd, BIBLIOGRAPHY_CACHE, 'collections', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);

/** The stored part for `key` if it was made in the same context from files that still hash the same. */
export async function cachedPart<T>(cwd: string, key: string, context: string): Promise<{ part: T; inputs: Record<string, string> } | undefined> {
  try {
    const stored = JSON.parse(await readFile(fileOf(cwd, key), 'utf8')) as Stored<T>;
    if (stored.context !== context) return undefined;
    for (const [input, hash] of Object.entries(stored.inputs)) if (hashFile(input) !== hash) return undefined;
    return { part: stored.part, inputs: stored.inputs };
  } catch {
    return undefined;
  }
}

/** Keep a part with the hashes of its inputs (taken now). */
export async function storePart<T>(cwd: string, key: string, context: string, part: T, inputs: Record<string, string>): Promise<void> {
  const stored: Stored<T> = { context, inputs, part };
  await writeAtomic(fileOf(cwd, key), JSON.stringify(stored));
}
