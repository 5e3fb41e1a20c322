// Compile the command line to dist/ with esbuild: one ES module bundle of
// scripts/ (npm packages stay external, loaded from node_modules), split at
// the dynamic imports so that a run loads only the stages it uses. Run by
// `npm install` (the `prepare` script) and, when scripts/ changed since, by
// scripts/run.mjs before it starts. Plain JavaScript: it runs before anything
// is compiled.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

const EXTERNAL = ['puppeteer', 'puppeteer-core'];

export async function compile() {
  const { build } = await import('esbuild');
  rmSync(DIST, { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(ROOT, 'scripts', 'cli.ts') },
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too (resolving and reading hundreds of small
    // modules one by one cost more than running them), except puppeteer
    // (loaded only to print, and large).
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: "import { createRequire as __briefpressRequire } from 'node:module'; const require = __briefpressRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await compile();
