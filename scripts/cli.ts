/**
 * The command line: the only place that prints and picks exit codes.
 *   build [paths...] [--out DIR] [--strict]
 *   check [paths...] [--strict] [--reporter json]
 *   doctor
 * Exit 0 on success, 1 when a brief has errors, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { reporter } from 'vfile-reporter';
import type { VFile } from 'vfile';
import { buildBriefs, checkBrief, hasErrors, type BriefResult } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { BrowserMissingError } from './lib/browser.ts';
import { doctor } from './doctor.ts';

const HELP = `briefpress: Markdown briefs with checked citations, printed to PDF and EPUB.

Usage:
  npm run build [-- <file.md|folder>... [--out <dir>] [--strict]]
  npm run check [-- <file.md|folder>... [--strict] [--reporter json]]
  npm run doctor

With no paths, every brief (*.md) in content/ is used; a folder means every
brief in it. Outputs are <out>/<slug>.pdf and <out>/<slug>.epub (default out/).

Options:
  --out <dir>        where to write outputs (default: out/, or \`out\` in briefpress.config.yaml)
  --strict           treat warnings as errors
  --reporter <name>  \`human\` (default) or \`json\` (check only)
  --quiet            print only problems
  -h, --help         show this help

Exit codes: 0 success, 1 a brief has errors, 2 usage error.`;

class UsageError extends Error {}

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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.reporter !== 'human' && values.reporter !== 'json') throw new UsageError(`Unknown reporter \`${values.reporter}\` (use human or json)`);
  const cwd = process.cwd();
  if (command === 'doctor') return doctor();
  const { config, file: configFile } = loadConfig(cwd);
  if (hasErrors([configFile], false)) {
    process.stderr.write(`${reporter([configFile])}\n`);
    return 1;
  }
  const paths = await findBriefs(positionals.length ? positionals : [config.content], cwd);
  if (command === 'check') {
    const checked = [];
    for (const path of paths) checked.push(await checkBrief(path, { config, strict: values.strict, cwd }));
    const files = checked.flatMap((c) => c.files);
    report(files, values.reporter, values.quiet, `${checked.length} brief${checked.length === 1 ? '' : 's'} checked`);
    return hasErrors(files, values.strict) ? 1 : 0;
  }
  if (command === 'build') {
    const outDir = resolve(cwd, values.out ?? config.out);
    const started = performance.now();
    const results = await buildBriefs(paths, { config, outDir, strict: values.strict, cwd });
    const files = results.flatMap((r) => r.files);
    const built = results.filter((r) => r.ok).length;
    report(files, 'human', values.quiet, `${built} of ${results.length} brief${results.length === 1 ? '' : 's'} built in ${Math.round(performance.now() - started)} ms`);
    if (!values.quiet) for (const r of results) process.stderr.write(outputLine(r, cwd));
    return results.every((r) => r.ok) && !hasErrors(files, values.strict) ? 0 : 1;
  }
  throw new UsageError(`Unknown command \`${command}\` (use build, check or doctor)`);
}

function outputLine(r: BriefResult, cwd: string): string {
  if (!r.ok) return `  ✗ ${r.slug}: not built\n`;
  return `  ✓ ${r.slug}: ${relative(cwd, r.outputs.pdf ?? '')}, ${relative(cwd, r.outputs.epub ?? '')} (${Math.round(r.ms)} ms)\n`;
}

/** Print messages in vfile-reporter form (or JSON), with a summary. */
function report(files: VFile[], format: string, quiet: boolean, summary: string): void {
  if (format === 'json') {
    const rows = files.flatMap((file) =>
      file.messages.map((m) => ({
        file: file.path,
        line: m.line ?? null,
        column: m.column ?? null,
        endLine: m.place && 'end' in m.place ? m.place.end.line : null,
        endColumn: m.place && 'end' in m.place ? m.place.end.column : null,
        severity: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info',
        ruleId: m.ruleId ?? null,
        source: m.source ?? null,
        message: m.reason,
      })),
    );
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const text = reporter(files, { quiet: true });
  if (text) process.stderr.write(`${text}\n`);
  const errors = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal).length, 0);
  const warnings = files.reduce((n, f) => n + f.messages.filter((m) => m.fatal === false).length, 0);
  const exemptions = files.flatMap((f) => (f.data.exemptions ?? []).map((e) => ({ file: f.path, line: e.place.start.line, reason: e.reason })));
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`briefpress: ${(error as Error).message}\nRun with --help for usage.\n`);
      process.exitCode = 2;
    } else if (error instanceof BrowserMissingError) {
      process.stderr.write(`briefpress: ${error.message}\nRun \`npm run doctor\` to see what is installed.\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`briefpress: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
