/**
 * Watch mode: build, then rebuild the briefs a change affects, with one warm
 * browser for the whole session. A brief depends on the files its manifest
 * entry lists (Markdown, bibliographies, images, template, fonts, style,
 * config); a change to the config rebuilds everything. Nothing here prints:
 * the caller gets each rebuild's results.
 *
 * chokidar (pinned) rather than fs.watch({ recursive }): Node 20's recursive
 * watcher on Linux is a JS emulation with known gaps (new subfolders, atomic
 * saves by rename), which chokidar handles and is tested for.
 */
import { basename, dirname, join, resolve, sep } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { watch as chokidar, type FSWatcher } from 'chokidar';
import type { VFile } from 'vfile';
import { buildRun, hasErrors, type BriefResult, type BuildOptions } from './build.ts';
import { CONFIG_FILE, loadConfig, type Config } from './lib/config.ts';
import { forgetHashes, loadManifest } from './lib/manifest.ts';
import { PagePool, defaultJobs } from './lib/pool.ts';
import { TEMPLATES_DIR } from './lib/paths.ts';
import { clearTemplateCache } from './lib/template.ts';
import { primeCitationEngines } from './lib/csl-reuse.ts';

export interface WatchEvent {
  /** True for the first build of the session. */
  initial: boolean;
  /** Files whose change caused this rebuild (absolute). */
  changed: string[];
  results: BriefResult[];
  /** Messages on the config file, when it is broken (nothing is built then). */
  configFile?: VFile;
  ms: number;
}

export interface WatchOptions {
  cwd: string;
  /** Expands the command line's paths (or the config's content folder) to briefs. */
  findBriefs: (config: Config) => Promise<string[]>;
  /** Paths given on the command line (watched as they are), or the content folder. */
  roots: (config: Config) => string[];
  outDir: (config: Config) => string;
  strict?: boolean;
  jobs?: number;
  /** Milliseconds of quiet after a change before rebuilding; default 100. */
  debounce?: number;
  /** Adjust the house config before each build (the preview adds the web edition). */
  configure?: (config: Config) => Config;
  onBuild: (event: WatchEvent) => void | Promise<void>;
  /** Build the targets; default buildRun (a collection gives one result for its volume, with the files it reads as `inputs`). */
  run?: (targets: string[], options: BuildOptions) => Promise<Array<BriefResult & { inputs?: string[] }>>;
  onError: (error: unknown) => void;
}

export interface Watcher {
  /** Resolves when the first build is done and the watcher is ready. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function startWatch(options: WatchOptions): Watcher {
  const pool = new PagePool(options.jobs ?? defaultJobs());
  const configPath = join(options.cwd, CONFIG_FILE);
  let config!: Config;
  let outDir = '';
  let briefs: string[] = [];
  const deps = new Map<string, Set<string>>();
  const failed = new Set<string>();
  let watcher: FSWatcher | undefined;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const readConfig = (): VFile | undefined => {
    const loaded = loadConfig(options.cwd);
    if (hasErrors([loaded.file])) return loaded.file;
    config = options.configure ? options.configure(loaded.config) : loaded.config;
    outDir = resolve(options.cwd, options.outDir(config));
    return undefined;
  };

  const build = async (targets: string[], changed: string[], initial: boolean) => {
    const started = performance.now();
    const run = options.run ?? (async (paths: string[], o: BuildOptions) => (await buildRun(paths, o)).results);
    const results: Array<BriefResult & { inputs?: string[] }> = targets.length ? await run(targets, { config, outDir, strict: options.strict, cwd: options.cwd, pool, force: !initial, ...(options.jobs ? { jobs: options.jobs } : {}) }) : [];
    const manifest = loadManifest(outDir, options.cwd);
    for (const r of results) {
      const path = resolve(options.cwd, r.path);
      const entry = manifest.briefs[path];
      if (r.ok) failed.delete(path);
      else failed.add(path);
      // A failed brief keeps what it depended on last time, plus its own file.
      const known = entry ? Object.keys(entry.inputs) : [...(deps.get(path) ?? []), ...(r.inputs ?? [])];
      deps.set(path, new Set([path, ...known]));
    }
    await options.onBuild({ initial, changed, results, ms: performance.now() - started });
    // The idle time after a rebuild, while the editor reads and types: the
    // citeproc engines the next rebuild needs are made now (lib/csl-reuse.ts).
    setTimeout(() => running || closed || primeCitationEngines(), 0).unref();
    // Bibliographies or images outside the watched folders.
    const extra = [...new Set([...deps.values()].flatMap((s) => [...s]))].filter((f) => !f.includes(`${sep}node_modules${sep}`) && !isWatched(f));
    if (extra.length) watcher?.add(extra);
  };

  const roots = () => options.roots(config).map((r) => resolve(options.cwd, r));
  const isWatched = (f: string) => [...roots(), TEMPLATES_DIR, configPath].some((r) => f === r || f.startsWith(r + sep));

  const rebuild = async (changed: string[]) => {
    forgetHashes(changed);
    if (changed.some((f) => f.startsWith(TEMPLATES_DIR + sep))) clearTemplateCache();
    let targets: string[];
    if (changed.includes(configPath)) {
      const bad = readConfig();
      if (bad) {
        await options.onBuild({ initial: false, changed, results: [], configFile: bad, ms: 0 });
        return;
      }
      clearTemplateCache();
      briefs = await options.findBriefs(config);
      targets = briefs;
    } else {
      const before = new Set(briefs);
      briefs = await options.findBriefs(config).catch(() => []);
      const set = new Set(changed);
      targets = briefs.filter((b) => {
        const path = resolve(options.cwd, b);
        if (!before.has(b) || set.has(path)) return true;
        if ([...(deps.get(path) ?? [])].some((d) => set.has(d))) return true;
        // A brief that failed may be fixed by any file next to it or any template.
        return failed.has(path) && changed.some((c) => c.startsWith(TEMPLATES_DIR + sep) || /\.(bib|bibtex|json|ya?ml|csl|png|jpe?g|gif|svg|webp)$/i.test(c));
      });
    }
    // A change no brief depends on (an editor's backup, a log) rebuilds nothing.
    if (targets.length) await build(targets, changed, false);
  };

  const flush = () => {
    timer = undefined;
    if (running || closed) return;
    const changed = [...pending].sort();
    pending = new Set();
    if (!changed.length) return;
    running = rebuild(changed)
      .catch(options.onError)
      .finally(() => {
        running = undefined;
        if (pending.size) flush();
      });
  };

  const onChange = (path: string) => {
    const absolute = resolve(options.cwd, path);
    if (absolute.startsWith(outDir + sep) || basename(absolute).startsWith('.')) return;
    pending.add(absolute);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, options.debounce ?? 100);
  };

  const ready = (async () => {
    const bad = readConfig();
    if (bad) {
      config = loadConfig(options.cwd).config;
      outDir = resolve(options.cwd, options.outDir(config));
      await options.onBuild({ initial: true, changed: [], results: [], configFile: bad, ms: 0 });
    } else {
      briefs = await options.findBriefs(config);
      // A warm page makes the first rebuild as quick as the next ones.
      const warming = pool.warm(1).catch(() => undefined);
      running = build(briefs, [], true).catch(options.onError);
      await running;
      running = undefined;
      await warming;
    }
    const targets = [...roots(), TEMPLATES_DIR, configPath].filter((p) => existsSync(p) || p === configPath);
    // Watch the folder of each brief given as a file, so that its bibliography and images are seen.
    const folders = targets.map((t) => (existsSync(t) && statSync(t).isFile() && t !== configPath ? dirname(t) : t));
    watcher = chokidar([...new Set(folders)], {
      ignoreInitial: true,
      ignored: (p: string) => p.includes(`${sep}node_modules${sep}`) || p === outDir || p.startsWith(outDir + sep) || basename(p).startsWith('.'),
    });
    watcher.on('add', onChange).on('change', onChange).on('unlink', onChange).on('error', options.onError);
    await new Promise<void>((res) => watcher!.once('ready', () => res()));
    if (pending.size) flush();
  })();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher?.close();
      await running?.catch(() => undefined);
      await pool.close();
    },
  };
}
