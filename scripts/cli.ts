/**
 * The command line: the only place that prints and picks exit codes.
 *   build [paths...] [--out DIR] [--strict]
 *   check [paths...] [--strict] [--reporter json]
 *   watch [paths...] [--out DIR] [--strict] [--jobs N]
 *   doctor
 * Exit 0 on success, 1 when a brief has errors, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { buildRun, hasErrors, type BriefResult, type BuildOptions } from './build.ts';
import type { WatchEvent } from './watch.ts';
import { defaultJobs } from './lib/pool.ts';
import { exemptionRows, messageRows } from './lib/check-report.ts';
import { loadConfig, type Config } from './lib/config.ts';
import { BrowserMissingError, UsageError } from './lib/errors.ts';
import { parseFormats, parsePort } from './lib/cli-args.ts';
import { timingsReport } from './lib/timings-report.ts';
import { inShard, parseShard } from './lib/shard.ts';
import { isCollectionPath } from './lib/collection.ts';

// Time from process start to here: Node's start-up and loading the CLI's modules.
const startup = performance.now();

// vfile-reporter, watch mode (chokidar), the doctor and puppeteer are imported
// when used: a no-change build needs none of them.
async function reporter(files: VFile[], options?: { quiet?: boolean }): Promise<string> {
  if (!files.some((f) => f.messages.length)) return '';
  return (await import('vfile-reporter')).reporter(files, options);
}

const HELP = `briefpress: Markdown briefs with checked citations, printed to PDF and EPUB.

Usage:
  npm run build [-- <file.md|folder>... [--out <dir>] [--strict] [--draft]]
  npm run build -- <collection.yaml> [--out <dir>] [--force]   (one PDF and EPUB of its briefs)
  npm run check [-- <file.md|folder>... [--strict] [--reporter json]]
  npm run watch [-- <file.md|folder>... [--out <dir>] [--strict] [--jobs <n>] [--serve [--port <n>]]]
  npm run doctor

With no paths, every brief (*.md) in content/ is used; a folder means every
brief in it. Outputs are <out>/<slug>.pdf and <out>/<slug>.epub (default out/).

Options:
  --out <dir>        where to write outputs (default: out/, or \`out\` in briefpress.config.yaml)
  --strict           treat warnings as errors
  --formats <list>   what to write: pdf,epub,html (default pdf,epub, or formats: in the config)
  --draft            mark every brief as a draft (DRAFT on each page, editorial notes at the end)
  --force            rebuild every brief, even those unchanged since the last build
  --serve            (watch) serve the web edition on 127.0.0.1 and reload it after each rebuild
  --port <n>         (watch --serve) the port; default 4173
  --jobs <n>         briefs printed (build, watch) or checked (check) at once (default: the number of CPUs)
  --reporter <name>  \`human\` (default) or \`json\` (check only)
  --quiet            print only problems
  --timings          print the time each stage took (build and check)
  --shard <k/n>      only the k-th of n stable parts of the briefs (build and check; for CI runners)
  -h, --help         show this help

Exit codes: 0 success, 1 a brief has errors, 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    process.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      reporter: { type: 'string', default: 'human' },
      quiet: { type: 'boolean', default: false },
      timings: { type: 'boolean', default: false },
      shard: { type: 'string' },
      force: { type: 'boolean', default: false },
      draft: { type: 'boolean', default: false },
      formats: { type: 'string' },
      serve: { type: 'boolean', default: false },
      port: { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.reporter !== 'human' && values.reporter !== 'json') throw new UsageError(`Unknown reporter \`${values.reporter}\` (use human or json)`);
  const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, not \`${values.jobs}\``);
  const cwd = process.cwd();
  if (command === 'doctor') return (await import('./doctor.ts')).doctor();
  if (command === 'watch') return watchCommand(positionals, { cwd, out: values.out, strict: values.strict, jobs, quiet: values.quiet, serve: values.serve, port: parsePort(values.port) });
  const { config: houseConfig, file: configFile } = loadConfig(cwd);
  const config = values.formats === undefined ? houseConfig : { ...houseConfig, formats: parseFormats(values.formats) };
  if (hasErrors([configFile])) {
    process.stderr.write(`${await reporter([configFile])}\n`);
    return 1;
  }
  if (positionals.length > 1 && positionals.some(isCollectionPath)) throw new UsageError('A collection file is built on its own: give one collection.yaml, or briefs');
  if (positionals.length === 1 && isCollectionPath(positionals[0]!)) {
    return collectionCommand(command, positionals[0]!, { config, cwd, outDir: resolve(cwd, values.out ?? config.out), strict: values.strict, force: values.force, quiet: values.quiet, timings: values.timings, reporter: values.reporter });
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard needs k/n with 1 ≤ k ≤ n, not \`${values.shard}\``);
  const all = await findBriefs(positionals.length ? positionals : [config.content], cwd);
  const paths = shard ? inShard(all, cwd, shard) : all;
  if (command === 'check') {
    const started = performance.now();
    const { results: checked, threads } = await (await import('./check-run.ts')).checkRun(paths, { config, strict: values.strict, cwd }, jobs);
    const files = checked.flatMap((c) => c.files);
    await report(files, values.reporter, values.quiet, `${checked.length} brief${checked.length === 1 ? '' : 's'} checked`);
    if (values.timings) process.stderr.write(timingsReport(checked, { startup, total: performance.now() - started, threads }));
    return hasErrors(files) ? 1 : 0;
  }
  if (command === 'build') {
    const outDir = resolve(cwd, values.out ?? config.out);
    const started = performance.now();
    const progress = process.stderr.isTTY && paths.length > 1 && !values.quiet;
    const run = await buildRun(paths, {
      config, outDir, strict: values.strict, cwd, force: values.force, draft: values.draft, jobs,
      ...(progress ? { onResult: (r: BriefResult, done: number, total: number) => process.stderr.write(`\r\x1b[K[${done}/${total}] ${r.skipped ? 'skipped' : r.ok ? 'built' : 'failed'} ${r.slug}`) } : {}),
    });
    if (progress) process.stderr.write('\r\x1b[K');
    const { results } = run;
    const files = results.flatMap((r) => r.files);
    await report(files, 'human', values.quiet, buildSummary(results, performance.now() - started, run.browserStarted));
    if (!values.quiet) process.stderr.write(table(results));
    if (values.timings) process.stderr.write(timingsReport(results, { startup, total: performance.now() - started, run: run.timings }));
    return results.every((r) => r.ok) && !hasErrors(files) ? 0 : 1;
  }
  throw new UsageError(`Unknown command \`${command}\` (use build, check, watch or doctor)`);
}

function buildSummary(results: BriefResult[], ms: number, browserStarted: boolean): string {
  const built = results.filter((r) => r.ok && !r.skipped).length;
  const skipped = results.filter((r) => r.skipped).length;
  const n = results.length;
  return `${built} of ${n} brief${n === 1 ? '' : 's'} built${skipped ? `, ${skipped} up to date (skipped)` : ''} in ${Math.round(ms)} ms${browserStarted ? '' : ', browser not started'}`;
}

/** The summary table: brief, status, pages, PDF size, EPUB size, time, warnings. */
function table(results: BriefResult[]): string {
  const kb = (n: number | undefined) => (n === undefined ? '-' : `${(n / 1024).toFixed(0)} KB`);
  const rows = [
    ['brief', 'status', 'pages', 'PDF', 'EPUB', 'time', 'warnings'],
    ...results.map((r) => [
      r.slug,
      r.skipped ? 'skipped' : r.ok ? 'built' : 'failed',
      r.pages === undefined ? '-' : String(r.pages),
      kb(r.pdfBytes),
      kb(r.epubBytes),
      `${Math.round(r.ms)} ms`,
      String(r.files.reduce((k, f) => k + f.messages.filter((m) => m.fatal === false).length, 0)),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows.map((row) => `  ${row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd()).join('\n')}\n`;
}

/** `build|check <collection.yaml>`: one volume of its briefs (scripts/collection.ts), or the checks of each. */
async function collectionCommand(command: string, path: string, o: { config: Config; cwd: string; outDir: string; strict: boolean; force: boolean; quiet: boolean; timings: boolean; reporter: string }): Promise<number> {
  const started = performance.now();
  if (command === 'check') {
    const { checkCollection } = await import('./collection.ts');
    const files = await checkCollection(path, o);
    await report(files, o.reporter, o.quiet, `collection ${path} checked`);
    return hasErrors(files) ? 1 : 0;
  }
  if (command !== 'build') throw new UsageError(`\`${command}\` takes briefs, not a collection (use build or check)`);
  const r = await (await import('./collection.ts')).buildCollection(path, o);
  const status = r.skipped ? 'up to date (skipped)' : r.ok ? `built: ${Object.values(r.outputs).map((f) => (relative(o.cwd, f).startsWith('..') ? f : relative(o.cwd, f))).join(', ')}${r.pages ? `, ${r.pages} pages` : ''}` : 'failed';
  await report(r.files, 'human', o.quiet, `collection ${r.slug || path} ${status} in ${Math.round(performance.now() - started)} ms`);
  if (!o.quiet) process.stderr.write(r.briefs.map((b) => `  ${b.slug}  ${b.status}  ${Math.round(b.ms)} ms\n`).join(''));
  if (o.timings) process.stderr.write(timingsReport([{ slug: r.slug, timings: r.timings }], { startup, total: performance.now() - started }));
  return r.ok && !hasErrors(r.files) ? 0 : 1;
}

/** `watch`: build, then rebuild what each change affects, until Ctrl-C or SIGTERM. */
async function watchCommand(positionals: string[], o: { cwd: string; out: string | undefined; strict: boolean; jobs: number; quiet: boolean; serve: boolean; port: number }): Promise<number> {
  const { startWatch } = await import('./watch.ts');
  let outDir = '';
  const preview = o.serve ? await (await import('./preview.ts')).startPreview({ port: o.port, outDir: () => outDir }) : undefined;
  const watcher = startWatch({
    cwd: o.cwd,
    strict: o.strict,
    jobs: o.jobs,
    roots: (config) => (positionals.length ? positionals : [config.content]),
    findBriefs: (config) => findBriefs(positionals.length ? positionals : [config.content], o.cwd),
    outDir: (config) => (outDir = resolve(o.cwd, o.out ?? config.out)),
    ...(positionals.length === 1 && isCollectionPath(positionals[0]!) ? { run: async (targets: string[], options: BuildOptions) => { const c = await import('./collection.ts'); return [c.asBriefResult(await c.buildCollection(targets[0]!, options))]; } } : {}),
    ...(preview ? { configure: (config: Config) => ({ ...config, formats: [...new Set([...config.formats, 'html' as const])] }) } : {}),
    onBuild: async (event: WatchEvent) => {
      preview?.update(event);
      if (event.configFile) {
        process.stderr.write(`${await reporter([event.configFile])}\nFix the config to go on watching.\n`);
        return;
      }
      const changed = event.changed.map((f) => relative(o.cwd, f) || f).join(', ');
      const files = event.results.flatMap((r) => r.files);
      const built = event.results.filter((r) => r.ok && !r.skipped).length;
      const head = event.initial
        ? buildSummary(event.results, event.ms, true)
        : event.results.length
          ? `rebuilt ${built} of ${event.results.length} brief${event.results.length === 1 ? '' : 's'} in ${Math.round(event.ms)} ms after a change to ${changed}`
          : `no brief uses ${changed}`;
      await report(files, 'human', o.quiet, head);
      if (!o.quiet && event.results.length) process.stderr.write(table(event.results));
    },
    onError: (error) => process.stderr.write(`briefpress: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  await watcher.ready;
  process.stderr.write(`Watching for changes (Ctrl-C to stop)${preview ? `; preview at ${preview.url}` : ''}\n`);
  return new Promise<number>((resolveExit) => {
    const stop = (signal: NodeJS.Signals) => {
      void Promise.all([watcher.close(), preview?.close()]).finally(() => {
        process.stderr.write('Stopped watching.\n');
        resolveExit(signal === 'SIGINT' ? 130 : 143);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Print messages in vfile-reporter form (or JSON), with a summary. */
async function report(files: VFile[], format: string, quiet: boolean, summary: string): Promise<void> {
  if (format === 'json') {
    const rows = messageRows(files);
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const text = await reporter(files, { quiet: true });
  if (text) process.stderr.write(`${text}\n`);
  const errors = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal).length, 0);
  const warnings = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal === false).length, 0);
  const exemptions = exemptionRows(files);
  if (!quiet || errors || warnings) {
    process.stderr.write(`${summary}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${exemptions.length} exemption${exemptions.length === 1 ? '' : 's'}\n`);
    for (const e of exemptions) process.stderr.write(`  exempt ${e.file}:${e.line}: ${e.reason}\n`);
  }
}

/** Expand folders to the Markdown briefs in them (not hidden, not README). */
async function findBriefs(args: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`No such file or folder: ${arg}`);
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => /\.(md|markdown)$/i.test(n) && !n.startsWith('.') && !/^readme\./i.test(n)).sort();
      out.push(...names.map((n) => join(path, n)));
    } else out.push(path);
  }
  if (out.length === 0) throw new UsageError(`No Markdown briefs found in ${args.join(', ')}`);
  return out;
}

let settled = false;
// A run whose promises stop without settling (a bug: say, a library waiting
// on a browser that is gone, with nothing left to wake it) would otherwise end
// with exit code 0 and nothing printed, as if the build had passed.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write('briefpress: internal error: the run stopped before it finished; its outputs and checks are not complete\n');
  process.exitCode = 70;
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`briefpress: ${(error as Error).message}\nRun with --help for usage.\n`);
      process.exitCode = 2;
    } else if (error instanceof BrowserMissingError) {
      process.stderr.write(`briefpress: ${(error as Error).message}\nRun \`npm run doctor\` to see what is installed.\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`briefpress: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
