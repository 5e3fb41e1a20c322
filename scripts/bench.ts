/**
 * `npm run bench [-- --quick] [--keep] [--corpus-only]`: builds a corpus in a temp folder (the
 * sample brief, a real manuscript with a reference manager's bibliography, and
 * synthetic briefs of realistic size that cite a generated bibliography) and
 * measures, in one run, briefpress against its floors and peers. Prints a
 * table with each target and whether it is met. The command line is run as
 * users run it (`npm run build` → scripts/run.mjs → the compiled dist/).
 * This is a measuring script, not part of the pipeline: it prints freely.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRun, checkBrief } from './build.ts';
import { outputDate } from './lib/output-date.ts';
import { loadConfig, type Config } from './lib/config.ts';
import { PagePool } from './lib/pool.ts';
import { loadTemplate } from './lib/template.ts';
import { render } from './stages/render.ts';
import { packEpub } from './stages/epub.ts';
import { fontFile, fontsIn } from './lib/fonts.ts';
import { PROJECT_ROOT } from './lib/paths.ts';
import { findChromium } from './lib/browser.ts';
import { makeCorpus } from './bench/corpus.ts';
import { chromiumUnder, median, must, percentile, run, type Row, type Run } from './bench/process.ts';
import { noChangeRow } from './bench/archive.ts';
import { warmNotesRow } from './bench/notes.ts';
import { checkRows } from './bench/checks.ts';
import { primeCitationEngines } from './lib/csl-reuse.ts';
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, 'corpus-only': { type: 'boolean', default: false } } });
const QUICK = values.quick;
const SMALL = QUICK ? 5 : 20;
const LARGE = QUICK ? 20 : 100;
const EDITS = QUICK ? 8 : 20;
const COLD = QUICK ? 3 : 5;
const ARCHIVE = 2000; // synthetic briefs for the no-change rebuild
const RUN = join(PROJECT_ROOT, 'scripts', 'run.mjs');
const MANUSCRIPT = join(PROJECT_ROOT, 'test', 'fixtures', 'manuscript', 'kwl-burials.md');
// The longest document of the real corpus (Programming Historian, CC BY 4.0; see its SOURCE.md).
const LONG_DOCUMENT = join(PROJECT_ROOT, 'test', 'corpus', 'real', 'ph-national-narrative-gpt', 'interrogating-national-narrative-gpt.md');
const root = mkdtempSync(join(tmpdir(), 'briefpress-bench-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
// Node's flags as `npm run build|check` passes them (package.json): build's heap limit keeps V8 from growing the heap to several times what it keeps.
const SCRIPTS = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const nodeFlags = (command: string) => (/^node((?: --\S+)*) /.exec(SCRIPTS[command] ?? '')?.[1] ?? '').split(' ').filter(Boolean);
const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => run(process.execPath, [...nodeFlags(args[0] ?? ''), RUN, ...args], cwd, env);

const rows: Row[] = [];
const ms = (x: number) => `${Math.round(x)} ms`;

/** A brief and its bibliography copied into a folder of their own. */
function copyBrief(md: string, bib: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const file of [bib, md]) copyFileSync(file, join(dir, basename(file)));
  return join(dir, basename(md));
}

/** The finished print HTML of a brief, with its fonts, in a folder (for the floors). */
async function exportHtml(md: string, config: Config, out: string): Promise<string> {
  const cwd = dirname(md);
  const checked = await checkBrief(md, { config, cwd });
  if (!checked.ok || !checked.meta || !checked.bibliography) throw new Error(`${basename(md)} does not pass its checks`);
  const template = loadTemplate(config.template, { paper: config.paper })!;
  const rendered = render({ tree: checked.tree, meta: checked.meta, file: checked.brief.file, briefDir: checked.brief.dir, bibliography: checked.bibliography, template });
  mkdirSync(join(out, 'fonts'), { recursive: true });
  // The print HTML carries its CSS inline; only the fonts are separate files.
  writeFileSync(join(out, 'index.html'), rendered.printHtml);
  for (const name of fontsIn(template.fontsCss)) copyFileSync(fontFile(name), join(out, 'fonts', name));
  return out;
}

const FLOOR_SCRIPT = join(PROJECT_ROOT, 'scripts', 'bench', 'floor.mjs');
/** The bench's floor: one puppeteer launch, one page, one print (scripts/bench/floor.mjs). */
const puppeteerFloor = (htmlDir: string, out: string) => run(process.execPath, [FLOOR_SCRIPT, htmlDir, out], htmlDir);
/** The command-line floor: `chromium --headless --print-to-pdf` of the same HTML. */
function chromiumFloor(htmlDir: string, out: string): Promise<Run> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found');
  const profile = mkdtempSync(join(root, 'profile-'));
  return run(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${join(htmlDir, 'index.html')}`], htmlDir);
}

/** Cold PDF + EPUB builds, alternated with both floors, `COLD` times each. */
async function cold(name: string, md: string, htmlDir: string) {
  const build: number[] = [];
  const floor: number[] = [];
  const chromium: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < COLD; i++) {
    const b = must(await cli(['build', md, '--out', join(root, `cold-${name}-${i}`), '--quiet'], dirname(md)), `cold build of ${name}`);
    build.push(b.ms);
    peakRss = Math.max(peakRss, b.peakRss);
    floor.push(must(await puppeteerFloor(htmlDir, join(root, `floor-${name}-${i}.pdf`)), 'floor').ms);
    chromium.push(must(await chromiumFloor(htmlDir, join(root, `chromium-${name}-${i}.pdf`)), 'chromium floor').ms);
  }
  return { build: median(build), floor: median(floor), chromium: median(chromium), peakRss };
}

/** Warm rebuilds after edits on a warm pool (what watch mode runs), and the floor's warm prints. */
async function warm(name: string, md: string, bib: string, cite: string, config: Config, htmlDir: string) {
  const dir = join(root, `warm-${name}`);
  const copy = copyBrief(md, bib, dir);
  const pool = new PagePool(1);
  const times: number[] = [];
  try {
    await pool.warm(1);
    const opts = { config, outDir: join(dir, 'out'), cwd: dir, pool, force: true };
    await buildRun([copy], opts);
    for (let i = 0; i < EDITS + 2; i++) {
      primeCitationEngines(); // what watch mode does in the idle time after a rebuild (scripts/watch.ts)
      appendFileSync(copy, `\nEdit number ${i} adds a sentence [@${cite}].\n`);
      const started = performance.now();
      const { results } = await buildRun([copy], opts);
      if (i >= 2) times.push(performance.now() - started); // the first two warm the JIT
      if (!results[0]?.ok) throw new Error(`a warm rebuild of ${name} failed`);
    }
  } finally {
    await pool.close();
  }
  const floorRun = must(await run(process.execPath, [FLOOR_SCRIPT, htmlDir, join(root, `floor-warm-${name}.pdf`), String(EDITS)], htmlDir), 'warm floor');
  const floor = JSON.parse(floorRun.stdout) as number[];
  const ratio = median(times) / median(floor);
  rows.push({
    measure: `warm rebuild of the ${name} after an edit (idle between saves, as in watch), median of ${EDITS} (p95 ${ms(percentile(times, 95))})`,
    value: ms(median(times)),
    against: `floor ${ms(median(floor))} (p95 ${ms(percentile(floor, 95))})`,
    ratio: `${ratio.toFixed(2)}×`,
    target: '≤ 1.3× floor and < 400 ms',
    met: ratio <= 1.3 && median(times) < 400,
  });
}

/** EPUB only, in process (load → parse → check → render → pack), vs pandoc --citeproc as a process. */
async function epubOnly(name: string, md: string, bib: string, config: Config) {
  const cwd = dirname(md);
  const template = loadTemplate(config.template, { paper: config.paper })!;
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    const c = await checkBrief(md, { config, cwd });
    const r = render({ tree: c.tree, meta: c.meta!, file: c.brief.file, briefDir: c.brief.dir, bibliography: c.bibliography!, template });
    await packEpub(r, { template, house: { publisher: config.publisher, rights: config.rights }, modified: outputDate(c.meta!) });
    if (i > 0) times.push(performance.now() - started);
  }
  if (spawnSync('pandoc', ['--version']).status !== 0) {
    rows.push({ measure: `EPUB only, ${name} (in process, warm)`, value: ms(median(times)), against: 'pandoc not installed', target: '≤ pandoc' });
    return;
  }
  const citeproc: number[] = [];
  for (let i = 0; i < 3; i++) citeproc.push(must(await run('pandoc', [md, '--citeproc', '--bibliography', bib, '-o', join(root, `pandoc-${name}.epub`)], cwd), 'pandoc --citeproc').ms);
  const ratio = median(times) / median(citeproc);
  rows.push({ measure: `EPUB only, ${name} (in process, warm; checks and citations)`, value: ms(median(times)), against: `pandoc --citeproc ${ms(median(citeproc))}, a process`, ratio: `${ratio.toFixed(2)}×`, target: '≤ pandoc', met: ratio <= 1 });
}

/** Failing briefs: a build whose briefs all fail, and a batch with one failing brief. */
async function failures(sample: string, sampleBib: string, small: string) {
  const dir = join(root, 'all-fail');
  mkdirSync(dir);
  copyFileSync(sampleBib, join(dir, basename(sampleBib)));
  const text = readFileSync(sample, 'utf8').replace('[@amaq2024]', '[@amaq2042]');
  for (const n of [1, 2, 3]) writeFileSync(join(dir, `typo-${n}.md`), text);
  const checks: number[] = [];
  const builds: number[] = [];
  let left = 0;
  for (let i = 0; i < 3; i++) {
    checks.push((await cli(['check', dir, '--quiet'], dir)).ms);
    const tmp = mkdtempSync(join(root, 'tmp-'));
    const b = await cli(['build', dir, '--out', join(root, 'all-fail-out'), '--quiet'], dir, { TMPDIR: tmp });
    if (b.code !== 1) throw new Error(`a build of failing briefs exited ${b.code}`);
    builds.push(b.ms);
    await new Promise((r) => setTimeout(r, 200));
    left += chromiumUnder(tmp);
  }
  const over = median(builds) - median(checks);
  rows.push({ measure: 'build whose 3 briefs all fail their checks (process)', value: ms(median(builds)), against: `check ${ms(median(checks))}; Chromium left: ${left}`, ratio: `+${ms(over)}`, target: '≤ check + 500 ms, none left', met: over <= 500 && left === 0 });

  // The same batch with one more brief that fails its checks.
  const withFailure = join(root, `batch-${SMALL}-one-failing`);
  cpSync(small, withFailure, { recursive: true });
  writeFileSync(join(withFailure, 'typo.md'), text);
  // Alternated with the same batch without it, three times each: one pair of single runs was within this machine's noise.
  const [withIt, without]: [number[], number[]] = [[], []];
  for (let i = 0; i < 3; i++) {
    withIt.push((await cli(['build', withFailure, '--out', join(root, 'out-one-failing'), '--force', '--quiet'], withFailure)).ms);
    without.push(must(await cli(['build', small, '--out', join(root, `out-${SMALL}`), '--force', '--quiet'], small), 'batch').ms);
  }
  const [failing, pooledSmall, ratio] = [median(withIt), median(without), median(withIt) / median(without)];
  rows.push({ measure: `batch of ${SMALL} plus one failing brief (median of 3, alternated)`, value: ms(failing), against: `without it ${ms(pooledSmall)}`, ratio: `${ratio.toFixed(2)}×`, target: '≤ 1.1× without it', met: ratio <= 1.1 });
}

async function main() {
  log(`briefpress bench${QUICK ? ' (quick)' : ''}: corpus in ${root}`);
  // The command line runs compiled, as `npm run` runs it: compile once up front.
  if (spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'compile.mjs')], { stdio: 'inherit' }).status !== 0) throw new Error('compiling failed');
  const { sampleDir, small, large } = makeCorpus(root, SMALL, LARGE);
  const sample = join(sampleDir, 'kerman-attack.md');
  const sampleBib = join(sampleDir, 'kerman-attack.bib');
  const manuscript = copyBrief(MANUSCRIPT, MANUSCRIPT.replace(/\.md$/, '.bib'), join(root, 'manuscript'));
  const manuscriptBib = manuscript.replace(/\.md$/, '.bib');
  if (values['corpus-only']) {
    values.keep = true;
    return;
  }
  const { config } = loadConfig(sampleDir);
  const sampleHtml = await exportHtml(sample, config, join(root, 'floor-sample'));
  const manuscriptHtml = await exportHtml(manuscript, config, join(root, 'floor-manuscript'));

  // 1. Checks, process start to exit.
  log('check of the manuscript…');
  const long = copyBrief(LONG_DOCUMENT, LONG_DOCUMENT, join(root, 'long-document')); // no bibliography: copied once
  rows.push(...(await checkRows(cli, manuscript, MANUSCRIPT, long)));

  // 2. Cold builds vs floors, alternating.
  log('cold builds vs the floors…');
  const coldSample = await cold('sample', sample, sampleHtml);
  rows.push({ measure: `cold PDF + EPUB of the sample (process, median of ${COLD})`, value: ms(coldSample.build), against: `floor ${ms(coldSample.floor)} (chromium CLI ${ms(coldSample.chromium)})`, ratio: `${(coldSample.build / coldSample.floor).toFixed(2)}×`, target: '≤ 1.5× floor', met: coldSample.build / coldSample.floor <= 1.5 });
  const coldMs = await cold('manuscript', manuscript, manuscriptHtml);
  rows.push({ measure: `cold PDF + EPUB of the manuscript (process, median of ${COLD})`, value: ms(coldMs.build), against: `chromium CLI ${ms(coldMs.chromium)} (floor script ${ms(coldMs.floor)})`, ratio: `${(coldMs.build / coldMs.chromium).toFixed(2)}×`, target: '≤ 1.6× chromium CLI', met: coldMs.build / coldMs.chromium <= 1.6 });

  // 3. Warm rebuilds (watch).
  log('warm rebuilds after edits…');
  await warm('sample', sample, sampleBib, 'amaq2024', config, sampleHtml);
  await warm('manuscript', manuscript, manuscriptBib, 'Brandes2013', config, manuscriptHtml);
  rows.push(await warmNotesRow(sample, sampleBib, 'amaq2024', config, root, EDITS));

  // 4. EPUB only vs pandoc.
  log('EPUB only vs pandoc…');
  await epubOnly('sample', sample, sampleBib, config);
  await epubOnly('manuscript', manuscript, manuscriptBib, config);

  // 5. Batches: pool (default jobs) vs one page at a time, and the no-change rebuild.
  const batch = async (dir: string, n: number) => {
    log(`batch of ${n}…`);
    // Untimed first build: it fills the project's caches (parsed BibTeX,
    // rendered citations, claim findings), so that the pooled and the
    // one-at-a-time builds below both find them, as every build after a
    // project's first does. Without it the first timed build paid for both.
    must(await cli(['build', dir, '--out', join(root, `out-${n}-warm-up`), '--quiet'], dir), `batch ${n} warm-up`);
    const pooled = must(await cli(['build', dir, '--out', join(root, `out-${n}`), '--quiet'], dir), `batch ${n}`);
    const single = must(await cli(['build', dir, '--out', join(root, `out-${n}-j1`), '--jobs', '1', '--quiet'], dir), `batch ${n} --jobs 1`);
    const again = must(await cli(['build', dir, '--out', join(root, `out-${n}`), '--quiet'], dir), `batch ${n} no change`);
    return { pooled, single, again };
  };
  const s = await batch(small, SMALL);
  const l = await batch(large, LARGE);
  const perSec = (n: number, r: Run) => `${(n / (r.ms / 1000)).toFixed(1)} briefs/s`;
  rows.push({ measure: `batch of ${SMALL} (default jobs)`, value: ms(s.pooled.ms), against: perSec(SMALL, s.pooled) });
  const scale = l.pooled.ms / s.pooled.ms;
  rows.push({ measure: `batch of ${LARGE} (default jobs)`, value: ms(l.pooled.ms), against: `${perSec(LARGE, l.pooled)}; vs batch ${SMALL}`, ratio: `${scale.toFixed(2)}×`, target: `≤ ${(5.5 * (LARGE / 100) * (20 / SMALL)).toFixed(1)}× batch ${SMALL}`, met: scale <= 5.5 * (LARGE / 100) * (20 / SMALL) });
  for (const [n, b] of [[SMALL, s], [LARGE, l]] as const) {
    const speedup = b.single.ms / b.pooled.ms;
    rows.push({ measure: `batch of ${n}, --jobs 1`, value: ms(b.single.ms), against: `pool ${ms(b.pooled.ms)}`, ratio: `${speedup.toFixed(2)}× faster pooled`, target: '≥ 1.6× on 2 cores', met: speedup >= 1.6 });
  }
  const runs = [s.pooled, l.pooled, s.single, l.single];
  const peakPss = Math.max(...runs.map((r) => r.peakPss));
  const peakRss = Math.max(...runs.map((r) => r.peakRss), coldSample.peakRss, coldMs.peakRss);
  // PSS shares each page among the processes that map it; a sum of RSS counts
  // Chromium's shared pages once per process, so it overstates the tree.
  rows.push({ measure: 'peak memory, Node + Chromium process tree (sum of PSS)', value: `${Math.round(peakPss)} MB`, against: `sum of RSS ${Math.round(peakRss)} MB`, target: '< 800 MB', met: peakPss < 800 });
  const noBrowser = /browser not started/.test(l.again.stderr) || !/browser/.test(l.again.stderr);
  rows.push({ measure: `no-change rebuild of ${LARGE} (process start to exit)`, value: ms(l.again.ms), against: noBrowser ? 'no browser started' : 'a browser was started', target: '< 1 s, no browser', met: l.again.ms < 1000 && noBrowser });

  // 6. Checks of a batch.
  log(`check of ${LARGE}…`);
  const [batchCheck, oneThread] = [must(await cli(['check', large, '--quiet'], large), 'check'), must(await cli(['check', large, '--quiet', '--jobs', '1'], large), 'check --jobs 1')];
  rows.push({ measure: `check of ${LARGE} briefs (process start to exit)`, value: ms(batchCheck.ms), against: `one thread (--jobs 1) ${ms(oneThread.ms)}`, target: '≤ 3 s', met: batchCheck.ms <= 3000 });

  // 7. Failing briefs.
  log('failing briefs…');
  await failures(sample, sampleBib, small);

  // 8. An archive: a no-change rebuild of 2,000 briefs.
  log(`no-change rebuild of ${ARCHIVE} briefs…`);
  rows.push(await noChangeRow(root, ARCHIVE, cli));

  printTable();
}

function printTable() {
  const head = ['measure', 'value', 'floor / peer', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [r.measure, r.value, r.against ?? '', r.ratio ?? '', r.target ?? '', r.met === undefined ? '' : r.met ? 'met' : 'NOT MET']);
  const widths = head.map((_, i) => Math.max(head[i]!.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  process.stdout.write(`\nnode ${process.version}, ${(spawnSync(findChromium() ?? 'chromium', ['--version'], { encoding: 'utf8' }).stdout ?? '').trim() || 'chromium'}, ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} CPUs, load average at the end ${load}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (rows.length) printTable();
    process.exitCode = 1;
  })
  .finally(() => {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  });
