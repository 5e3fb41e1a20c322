/**
 * `check` of many briefs: each is loaded, parsed and checked (build.ts's
 * checkBrief, no browser), spread over worker threads. A check is all
 * JavaScript on one thread, so `check` of an archive of briefs runs on every
 * core the machine has (`--jobs`): this thread takes briefs too, and each
 * worker (scripts/check-worker.ts) takes the next brief left from a shared
 * counter, so a worker still loading its modules slows nobody. A few briefs
 * are checked here alone: a worker's start (its own modules, its own JIT)
 * costs more than they take.
 */
import { Worker } from 'node:worker_threads';
import type { VFile } from 'vfile';
import { checkBrief, type BuildOptions } from './build.ts';
import { fileFromData, type FileData } from './lib/vfile-transfer.ts';
import type { Timings } from './lib/timings.ts';

export interface CheckSummary {
  slug: string;
  files: VFile[];
  timings: Timings;
}

type CheckOptions = Pick<BuildOptions, 'config' | 'strict' | 'cwd'>;

/** What a worker is given: the briefs, the options, and the index of the next brief to take. */
export interface CheckJob {
  paths: string[];
  options: CheckOptions;
  next: Int32Array;
}

/** Briefs per thread below which a worker is not worth starting. */
const BRIEFS_PER_WORKER = 8;

/** Check every brief, on up to `jobs` threads; results in the order of `paths`, and the threads used. */
export async function checkRun(paths: string[], options: CheckOptions, jobs: number): Promise<{ results: CheckSummary[]; threads: number }> {
  const results: Array<CheckSummary | undefined> = new Array(paths.length);
  const job: CheckJob = { paths, options, next: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = Array.from({ length: Math.max(0, Math.min(jobs, Math.floor(paths.length / BRIEFS_PER_WORKER)) - 1) }, () =>
    startWorker(job, (index, summary) => (results[index] = summary)),
  );
  for (let i = Atomics.add(job.next, 0, 1); i < paths.length; i = Atomics.add(job.next, 0, 1)) {
    const checked = await checkBrief(paths[i]!, options);
    results[i] = { slug: checked.brief.slug, files: checked.files, timings: checked.timings };
  }
  await Promise.all(workers);
  // A brief a worker took but never reported (the worker failed) is checked here.
  for (const [i, path] of paths.entries()) {
    if (results[i]) continue;
    const checked = await checkBrief(path, options);
    results[i] = { slug: checked.brief.slug, files: checked.files, timings: checked.timings };
  }
  return { results: results as CheckSummary[], threads: workers.length + 1 };
}

/** A worker thread that reports each brief it checks; settles when it exits, whatever its end. */
function startWorker(job: CheckJob, onResult: (index: number, summary: CheckSummary) => void): Promise<void> {
  // The compiled command line (dist/) has the worker as a file of its own; the
  // TypeScript sources (tests, tsx) start it through tsx's loader.
  const compiled = import.meta.url.endsWith('.js');
  const url = new URL(compiled ? './check-worker.js' : './check-worker.ts', import.meta.url);
  // An eval'd worker resolves bare names from the working folder: tsx is found from here.
  const source = compiled ? url : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(source, { eval: !compiled, workerData: job });
    } catch {
      resolve(); // this thread checks what no worker took
      return;
    }
    worker.on('message', (m: { index: number; slug: string; files: FileData[]; timings: Timings }) => onResult(m.index, { slug: m.slug, files: m.files.map(fileFromData), timings: m.timings }));
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}
