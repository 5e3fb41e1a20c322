/**
 * Atomic writes: a file reaches `out/` through a temporary file in the same
 * folder and a rename, so a failed or killed build never leaves a broken file
 * where a good one was.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/** Write `data` to `path` by temp file and rename. */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemps(path);
  const temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  pending.add(temp);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } finally {
    pending.delete(temp);
    await rm(temp, { force: true });
  }
}

/** Remove temporary files still being written (called on signals). */
export async function removePendingWrites(): Promise<void> {
  await Promise.all([...pending].map((p) => rm(p, { force: true })));
}

/**
 * A build killed with SIGKILL cannot clean up: its `.NAME.tmp-PID-*` files stay.
 * The next write of NAME removes those whose process is gone.
 */
export async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.tmp-`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
