// What `npm run build|check|watch|doctor` run: the compiled command line in
// dist/ (no TypeScript compiler at start-up), compiled again first when a file
// under scripts/ is newer than it (an edit, a pull, a checkout). Without
// esbuild (installed with --omit=dev) a stale or missing dist/ falls back to
// running the TypeScript sources through tsx when it is there.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'dist', 'cli.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale = !existsSync(ENTRY) || newest(join(ROOT, 'scripts')) > statSync(ENTRY).mtimeMs;
if (stale) {
  try {
    await (await import('./compile.mjs')).compile();
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    await import('tsx/esm');
    await import(pathToFileURL(join(ROOT, 'scripts', 'cli.ts')).href);
    process.exit(process.exitCode ?? 0);
  }
}
await import(pathToFileURL(ENTRY).href);
