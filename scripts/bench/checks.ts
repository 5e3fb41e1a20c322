/**
 * Bench rows for `check` (issue 14), process start to exit: the manuscript
 * with the project's cache filled (as a user's next check finds it), the same
 * after an edit (a new sentence the claim check must read), and a real
 * document of about 10,000 words (issue "Real documents": under a second).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { median, must, type Row, type Run } from './process.ts';

type Cli = (args: string[], cwd: string) => Promise<Run>;
const ms = (x: number) => `${Math.round(x)} ms`;

/** Median of five checks of `path`. */
async function checkMs(cli: Cli, path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(must(await cli(['check', path, '--quiet'], dirname(path)), 'check').ms);
  return median(times);
}

/** `manuscript` is a copy the rows may edit (restored from `original` afterwards); `long` a copy of the long document. */
export async function checkRows(cli: Cli, manuscript: string, original: string, long: string): Promise<Row[]> {
  // The first check of a copy fills the project's cache (parsed BibTeX, what
  // the claim check found in each sentence); the five timed ones find it.
  must(await cli(['check', manuscript, '--quiet'], dirname(manuscript)), 'check');
  const unchanged = await checkMs(cli, manuscript);
  const edited: number[] = [];
  for (let i = 0; i < 5; i++) {
    appendFileSync(manuscript, `\nOfficials said in ${2001 + i} that ${12 + i} percent of the sites had been looted.\n`);
    edited.push(must(await cli(['check', manuscript, '--quiet'], dirname(manuscript)), 'check').ms);
  }
  writeFileSync(manuscript, readFileSync(original, 'utf8'));
  const longCheck = await checkMs(cli, long);
  return [
    { measure: 'check of the manuscript (process start to exit, median of 5)', value: ms(unchanged), target: '≤ 400 ms', met: unchanged <= 400 },
    { measure: 'check of the manuscript after an edit (a new sentence to read; median of 5)', value: ms(median(edited)), target: '≤ 400 ms', met: median(edited) <= 400 },
    { measure: `check of a 9,578-word real document (${basename(long)}, median of 5)`, value: ms(longCheck), target: '< 1 s', met: longCheck < 1000 },
  ];
}
