/** Shared helpers for the tests: the CLI as a child process, and the validators. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { PROJECT_ROOT } from '../scripts/lib/paths.ts';
import { EPUBCHECK_JAR } from '../scripts/doctor.ts';

const run = promisify(execFile);
export const ROOT = PROJECT_ROOT;
/** What `npm run build|check|…` runs: the compiled CLI in dist/, compiled again first when scripts/ changed. */
export const CLI = join(ROOT, 'scripts', 'run.mjs');
export const SAMPLE = join(ROOT, 'content', 'kerman-attack.md');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `briefpress <args>` as `npm run` would. */
export async function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      timeout: options.timeout ?? 120_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export function tempDir(prefix = 'briefpress-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function have(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Skip a test when a validator is missing, except under CI=true where a
 * missing validator is a failure.
 */
export function requireTool(t: TestContext, tool: 'epubcheck' | 'poppler' | 'ace'): boolean {
  const found =
    tool === 'epubcheck'
      ? existsSync(EPUBCHECK_JAR) && have('java', ['-version'])
      : tool === 'poppler'
        ? have('pdfinfo', ['-v'])
        : existsSync(join(ROOT, 'node_modules', '.bin', 'ace-cli')) && existsSync(process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium');
  if (found) return true;
  if (process.env.CI === 'true') throw new Error(`${tool} is required under CI=true but was not found (run npm run doctor)`);
  t.skip(`${tool} not installed`);
  return false;
}

export interface EpubcheckMessage {
  severity: string;
  ID: string;
  message: string;
  locations: Array<{ path: string; line: number; column: number }>;
}

/**
 * A validator's answer for these exact bytes, computed once and kept in the temp folder: the
 * same brief is built into byte-identical EPUBs by several test files (builds
 * are reproducible), and epubcheck and Ace are most of the suite's CPU time.
 * The key holds the validator's own version, so the answer is the one it
 * would give again; different bytes are always validated.
 */
async function once<T>(validator: string, file: string, validate: () => Promise<T>): Promise<T> {
  const dir = join(tmpdir(), 'briefpress-validated');
  const key = createHash('sha256').update(validator).update('\0').update(readFileSync(file)).digest('hex');
  const path = join(dir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    // not validated yet
  }
  const result = await validate();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${path}.${process.pid}`, JSON.stringify(result));
  renameSync(`${path}.${process.pid}`, path);
  return result;
}

function versionOf(path: string): string {
  try {
    const { size, mtimeMs } = statSync(path);
    return `${path} ${size} ${mtimeMs}`;
  } catch {
    return path;
  }
}

/** Run epubcheck on one EPUB and return its messages (all severities). */
export function epubcheck(file: string): Promise<EpubcheckMessage[]> {
  return once(`epubcheck ${versionOf(EPUBCHECK_JAR)}`, file, () => runEpubcheck(file));
}

async function runEpubcheck(file: string): Promise<EpubcheckMessage[]> {
  let stdout: string;
  try {
    // A short JVM run: the client compiler alone and the serial collector
    // halve epubcheck's CPU time here (7.8 s → 3.8 s for the sample), and the
    // suite runs it about thirty times; its messages do not depend on them.
    ({ stdout } = await run('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', EPUBCHECK_JAR, file, '--json', '-'], { maxBuffer: 32 * 1024 * 1024 }));
  } catch (error) {
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { messages: EpubcheckMessage[] };
  return report.messages;
}

export function pdfinfo(file: string): Record<string, string> {
  const text = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/**
 * The PDF's text as poppler extracts it, without the soft hyphens briefpress
 * inserts for hyphenation (viewers ignore them when searching and copying).
 */
export function pdftotext(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' }).replaceAll('\u00AD', '');
}

/** Rows of `pdffonts`: name and whether it is embedded. */
export function pdffonts(file: string): Array<{ name: string; embedded: boolean }> {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type... emb sub uni object ID: emb is 5th from the end.
    return { name: cols[0] ?? '', embedded: cols.at(-5) === 'yes' };
  });
}

/** Run DAISY Ace on an EPUB; returns its violations (all impacts) as strings. */
export function ace(file: string): Promise<string[]> {
  // Ace runs axe in Chromium: the browser's version is part of its answer too.
  const browser = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
  return once(`ace ${versionOf(join(ROOT, 'node_modules', '@daisy', 'ace-cli', 'package.json'))} ${versionOf(browser)}`, file, () => runAce(file));
}

async function runAce(file: string): Promise<string[]> {
  const outDir = tempDir('briefpress-ace-');
  const bin = join(ROOT, 'node_modules', '.bin', 'ace-cli');
  try {
    await run(bin, ['-s', '-f', '-o', outDir, file], {
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium' },
      timeout: 120_000,
    });
  } catch (error) {
    throw new Error(`Ace did not run: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  type Assertion = { 'earl:result': { 'earl:outcome': string; 'dct:description'?: string }; 'earl:test': { 'earl:impact': string; 'dct:title': string } };
  const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as {
    assertions?: Array<{ 'earl:testSubject'?: { url?: string }; assertions?: Assertion[] }>;
  };
  return (report.assertions ?? []).flatMap((doc) =>
    (doc.assertions ?? [])
      .filter((a) => a['earl:result']['earl:outcome'] !== 'pass')
      .map((a) => `${a['earl:test']['earl:impact']} ${a['earl:test']['dct:title']} in ${doc['earl:testSubject']?.url}: ${a['earl:result']['dct:description'] ?? ''}`),
  );
}
