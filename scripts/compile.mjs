// Compile the command line to dist/ with esbuild: one ES module bundle of
// scripts/ and the npm packages it uses (except puppeteer), split at the
// dynamic imports so that a run loads only the stages it uses. Run by
// `npm install` (the `prepare` script) and, when scripts/ changed since, by
// scripts/run.mjs before it starts. Plain JavaScript: it runs before anything
// is compiled.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');

// puppeteer stays in node_modules: it finds its own downloaded browser from its
// folder and config file. So does puppeteer-core: bundled, it loaded in 85 ms
// instead of 127, but a build whose briefs all failed their checks (the launch
// aborted midway) then sometimes never settled and Node exited 0 with nothing
// printed; external, 0 in 30 such builds did.
const EXTERNAL = ['puppeteer', 'puppeteer-core'];

export async function compile() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { cli: join(ROOT, 'scripts', 'cli.ts'), 'check-worker': join(ROOT, 'scripts', 'check-worker.ts') },
    outdir: DIST,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too: resolving and reading hundreds of small
    // modules one by one cost more start-up time than running them.
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: "import { createRequire as __briefpressRequire } from 'node:module'; const require = __briefpressRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Chunks have content-hashed names: write them beside the old ones (a run in
  // progress, such as watch, may still import an old chunk), the entry last
  // and by rename, so that a run starting meanwhile never finds half a tree.
  mkdirSync(DIST, { recursive: true });
  const entry = join(DIST, 'cli.js');
  const written = new Set();
  for (const file of result.outputFiles) {
    written.add(file.path);
    if (file.path !== entry) writeFileSync(file.path, file.contents);
  }
  const cli = result.outputFiles.find((f) => f.path === entry);
  if (!cli) throw new Error('esbuild wrote no dist/cli.js');
  writeFileSync(`${entry}.tmp-${process.pid}`, cli.contents);
  renameSync(`${entry}.tmp-${process.pid}`, entry);
  // Chunks of older builds, once no run can still be using them.
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name);
    if (!written.has(path) && basename(path) !== 'cli.js' && statSync(path).mtimeMs < hourAgo) rmSync(path, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await compile();
