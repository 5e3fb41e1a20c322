/** Where briefpress's own files live, whatever the current directory. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
/** The house configuration file, in the project folder. */
export const CONFIG_FILE = 'briefpress.config.yaml';
