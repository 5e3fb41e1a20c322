/**
 * `--shard k/n`: a stable split of the brief list across n CI runners. A brief
 * belongs to shard k when the hash of its path relative to the project (with
 * `/` separators, so every runner agrees) is k − 1 modulo n: adding or
 * removing a brief never moves the others to another shard.
 */
import { createHash } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parse `k/n` (1 ≤ k ≤ n); undefined when it is not one. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** The shard (1-based) a brief's path falls in. */
export function shardOf(path: string, cwd: string, count: number): number {
  const key = relative(cwd, resolve(cwd, path)).split(sep).join('/');
  return (createHash('sha256').update(key).digest().readUInt32BE(0) % count) + 1;
}

/** The briefs of `paths` in shard `shard`, in their order. */
export function inShard(paths: string[], cwd: string, shard: Shard): string[] {
  return paths.filter((p) => shardOf(p, cwd, shard.count) === shard.index);
}
