/** Where briefpress's own files live, whatever the current directory. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding briefpress's package.json, found upward from this module:
 * it is scripts/lib/ when run from source (tsx) and dist/ when run compiled.
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const PROJECT_ROOT = projectRoot();
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
/** The house configuration file, in the project folder. */
export const CONFIG_FILE = 'briefpress.config.yaml';
