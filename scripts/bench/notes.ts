/**
 * Bench row (issue 15): a warm rebuild of the sample in a notes style with
 * notes at the foot of the PDF's pages against the same rebuild with
 * `notes: endnotes`, on one warm page, alternated edit by edit.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildRun } from '../build.ts';
import type { Config } from '../lib/config.ts';
import { PagePool } from '../lib/pool.ts';
import { primeCitationEngines } from '../lib/csl-reuse.ts';
import { median, type Row } from './process.ts';

/** The bench's row: page-foot notes against endnotes, target 1.3× (issue 15). */
export async function warmNotesRow(sample: string, bib: string, cite: string, config: Config, root: string, edits: number): Promise<Row> {
  const { foot, end } = await warmNotes(sample, bib, cite, config, root, edits);
  const ms = (x: number) => `${Math.round(x)} ms`;
  return {
    measure: `warm rebuild of the sample in a notes style, notes at the foot of the page (median of ${edits})`,
    value: ms(foot),
    against: `notes: endnotes ${ms(end)}`,
    ratio: `${(foot / end).toFixed(2)}×`,
    target: '≤ 1.3× endnotes',
    met: foot <= 1.3 * end,
  };
}

/** Median warm rebuild times (ms) with page-foot notes and with endnotes, `edits` each after two to warm up. */
export async function warmNotes(sample: string, bib: string, cite: string, config: Config, root: string, edits: number): Promise<{ foot: number; end: number }> {
  const copies = (['footnotes', 'endnotes'] as const).map((notes) => {
    const dir = join(root, `warm-notes-${notes}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(bib, join(dir, basename(bib)));
    const md = readFileSync(sample, 'utf8').replace(/^---\n/, `---\ncsl: chicago-note-bibliography\nnotes: ${notes}\n`);
    writeFileSync(join(dir, basename(sample)), md);
    return { path: join(dir, basename(sample)), opts: { config, outDir: join(dir, 'out'), cwd: dir, force: true }, times: [] as number[] };
  });
  const pool = new PagePool(1);
  try {
    await pool.warm(1);
    for (const c of copies) await buildRun([c.path], { ...c.opts, pool });
    for (let i = 0; i < edits + 2; i++) {
      for (const c of copies) {
        primeCitationEngines(); // watch mode's idle time after a rebuild (scripts/watch.ts)
        appendFileSync(c.path, `\nEdit number ${i} adds a sentence [@${cite}].\n`);
        const started = performance.now();
        const { results } = await buildRun([c.path], { ...c.opts, pool });
        if (!results[0]?.ok) throw new Error(`a warm rebuild with ${basename(c.opts.cwd)} failed`);
        if (i >= 2) c.times.push(performance.now() - started);
      }
    }
  } finally {
    await pool.close();
  }
  return { foot: median(copies[0]!.times), end: median(copies[1]!.times) };
}
