/** `npm run doctor`: what briefpress and its tests can find on this machine. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './lib/browser.ts';
import { HOW_TO_GET_A_BROWSER } from './lib/errors.ts';

export const EPUBCHECK_JAR = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';

/**
 * The first line a tool prints about its version, or undefined when it is not
 * there. Read from stdout and stderr alike: `java -version` and `pdfinfo -v`
 * print to stderr and exit 0.
 */
export function version(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}\n${result.stderr}`.split('\n').find((l) => l.trim())?.trim() ?? command;
}

/** Print what is found and return 0 when the build can run, 1 when it cannot. */
export function doctor(): number {
  const rows: Array<[string, string | undefined, string]> = [];
  const chromium = findChromium();
  rows.push(['browser (build)', chromium && `${chromium} (${version(chromium, ['--version']) ?? 'version unknown'})`, 'apt-get install chromium, or npx puppeteer browsers install chrome']);
  rows.push(['node (build)', process.version, 'Node 20 or newer']);
  rows.push(['java (tests)', version('java', ['-version']), 'apt-get install default-jre-headless']);
  rows.push(['epubcheck (tests)', existsSync(EPUBCHECK_JAR) ? EPUBCHECK_JAR : undefined, 'apt-get install epubcheck (or set EPUBCHECK_JAR)']);
  rows.push(['poppler (tests)', version('pdfinfo', ['-v']), 'apt-get install poppler-utils']);
  rows.push(['pandoc (bench, optional)', version('pandoc', ['--version']), 'apt-get install pandoc']);
  for (const [what, found, fix] of rows) {
    process.stdout.write(`${found ? '✓' : '✗'} ${what.padEnd(26)} ${found ?? `missing: ${fix}`}\n`);
  }
  if (!chromium) process.stdout.write(`\n${HOW_TO_GET_A_BROWSER}\n`);
  return chromium ? 0 : 1;
}
