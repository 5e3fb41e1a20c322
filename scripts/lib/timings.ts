/**
 * Per-stage times, recorded as data on results (stages never print; `--timings`
 * in cli.ts shows them). Milliseconds, wall clock: stages of briefs in flight
 * at once overlap, so per-brief times need not add up to the run's.
 */

/** The stages a brief goes through, in order, and the run's own costs. */
export const STAGES = [
  'modules', // importing the stage modules (first brief of a process pays it)
  'load', // reading the Markdown
  'parse', // Markdown → tree, front matter
  'bibliography', // reading and parsing the bibliography files
  'check', // the citation gate
  'render', // tree → print HTML and EPUB chapters, citations formatted
  'browser', // waiting for the browser and a page (launch, or a page busy with another brief)
  'print', // Chromium: load the page, lay out the notes, print the PDF
  'cover', // Chromium: the EPUB's cover picture (while Node runs metadata and verify)
  'pack', // the EPUB
  'metadata', // PDF metadata (pdf-lib)
  'verify', // reading the PDF back (PDF/UA points)
  'write', // writing the outputs
  'record', // hashing the inputs for the manifest
] as const;
export type Stage = (typeof STAGES)[number];
export type Timings = Partial<Record<Stage, number>>;

/** Add `ms` to a stage (a stage may run more than once, e.g. a retry). */
export function addTime(timings: Timings, stage: Stage, ms: number): void {
  timings[stage] = (timings[stage] ?? 0) + ms;
}

/** Run `fn` and add its duration to `stage`, whether it succeeds or throws. */
export async function timed<T>(timings: Timings, stage: Stage, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    addTime(timings, stage, performance.now() - started);
  }
}

/** Costs of a whole run, outside any one brief. */
export interface RunTimings {
  /** Reading and checking the manifest of earlier builds. */
  manifest?: number;
  /** Launching the browser (0 runs when none was needed); overlaps the first briefs' checks. */
  launch?: number;
  /** Closing the browser at the end. */
  close?: number;
  /** Writing the manifest. */
  saveManifest?: number;
}

/** How long `fn` took, in ms. */
export async function measure(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
