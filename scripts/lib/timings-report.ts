/** The `--timings` table: text for cli.ts to print (nothing here prints). */
import { STAGES, type RunTimings, type Stage, type Timings } from './timings.ts';

const RUN_LABELS: Record<keyof RunTimings, string> = {
  manifest: 'manifest read',
  launch: 'browser launch (overlaps the first checks)',
  close: 'browser close',
  saveManifest: 'manifest write',
};

/**
 * One row per brief with the stages it went through, a total row, and the
 * run's own costs. `startup` is the time from process start to the CLI's
 * first line (Node, and loading the CLI's modules); `total` the run after it.
 */
export function timingsReport(briefs: Array<{ slug: string; timings: Timings; skipped?: boolean }>, o: { startup: number; total: number; run?: RunTimings; threads?: number }): string {
  const used = STAGES.filter((stage) => briefs.some((b) => b.timings[stage] !== undefined));
  const sum = (stage: Stage) => briefs.reduce((n, b) => n + (b.timings[stage] ?? 0), 0);
  const cell = (ms: number | undefined) => (ms === undefined ? '-' : String(Math.round(ms)));
  const rows = [
    ['timings (ms)', ...used],
    ...briefs.map((b) => [b.slug + (b.skipped ? ' (skipped)' : ''), ...used.map((stage) => cell(b.timings[stage]))]),
  ];
  if (briefs.length > 1) rows.push(['all briefs', ...used.map(sum).map(cell)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => `  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`);
  const run = [`start-up (Node, CLI modules) ${Math.round(o.startup)}`];
  for (const [key, label] of Object.entries(RUN_LABELS) as Array<[keyof RunTimings, string]>) {
    const ms = o.run?.[key];
    if (ms !== undefined && (key !== 'launch' || ms > 0)) run.push(`${label} ${Math.round(ms)}`);
  }
  run.push(`run ${Math.round(o.total)}`, `process ${Math.round(o.startup + o.total)}`);
  const threads = o.threads && o.threads > 1 ? `  (checked on ${o.threads} threads: this one and ${o.threads - 1} worker${o.threads === 2 ? '' : 's'})\n` : '';
  return `${lines.join('\n')}\n  ${run.join(', ')} ms\n${briefs.length > 1 ? '  (briefs in flight at once overlap: their stages add up to more than the run)\n' : ''}${threads}`;
}
