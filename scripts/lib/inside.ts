/**
 * The one test of "inside the brief's folder", after symbolic links: used when
 * the check resolves images and links and when the print page serves files.
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';

/**
 * The real path of `path` when it lies in `root` (after following links),
 * `'outside'` when it leads out, undefined when it does not exist.
 */
export function realPathInside(root: string, path: string): string | 'outside' | undefined {
  let real: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  return real === realRoot || real.startsWith(realRoot + sep) ? real : 'outside';
}
