/**
 * A worker thread of `check` (scripts/check-run.ts): takes the next brief
 * from the shared counter until none is left, checks it (load → parse →
 * check, build.ts's checkBrief) and posts its files and timings back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkBrief } from './build.ts';
import { fileData } from './lib/vfile-transfer.ts';
import type { CheckJob } from './check-run.ts';

const { paths, options, next } = workerData as CheckJob;
for (let index = Atomics.add(next, 0, 1); index < paths.length; index = Atomics.add(next, 0, 1)) {
  const checked = await checkBrief(paths[index]!, options);
  parentPort?.postMessage({ index, slug: checked.brief.slug, files: checked.files.map(fileData), timings: checked.timings });
}
