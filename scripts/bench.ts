/**
 * `npm run bench [-- --quick] [--keep] [--corpus-only]`: builds a corpus in a temp folder (the
 * sample brief plus synthetic briefs of realistic size that cite a generated
 * bibliography) and measures, in one run, briefpress against its floors and
 * peers. Prints a table with each target and whether it is met.
 * This is a measuring script, not part of the pipeline: it prints freely.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRun, checkBrief } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { PagePool } from './lib/pool.ts';
import { loadTemplate } from './lib/template.ts';
import { render } from './stages/render.ts';
import { packEpub } from './stages/epub.ts';
import { fontFile, fontsIn } from './lib/fonts.ts';
import { PROJECT_ROOT } from './lib/paths.ts';
import { outputDate } from './lib/output-date.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, 'corpus-only': { type: 'boolean', default: false } } });
const QUICK = values.quick;
const SMALL = QUICK ? 5 : 20;
const LARGE = QUICK ? 20 : 100;
const EDITS = QUICK ? 8 : 20;
const CLI = join(PROJECT_ROOT, 'scripts', 'cli.ts');
const TSX = import.meta.resolve('tsx');

const root = mkdtempSync(join(tmpdir(), 'briefpress-bench-'));
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- corpus
/** A small deterministic PRNG (mulberry32) so the corpus is the same every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = 'analysis policy region security strategy network group state actors conflict border economy alliance pressure influence authority capacity reform militia diplomacy sanctions leadership movement agreement shift campaign evidence report council ministry support'.split(' ');
const SURNAMES = ['Hallaq', 'Byman', 'Lister', 'Gerges', 'Hegghammer', 'Zelin', 'Wehrey', 'Lynch', 'Vali', 'Nasr', 'Haykel', 'Bunzel', 'Hamid', 'Cole', 'Gause'];

function makeBibliography(n: number, group: number): { bib: string; keys: string[] } {
  const r = rng(7 + group);
  const keys: string[] = [];
  let bib = '';
  for (let i = 0; i < n; i++) {
    const name = SURNAMES[i % SURNAMES.length]!;
    const year = 1995 + Math.floor(r() * 29);
    const key = `${name.toLowerCase()}${year}${String.fromCharCode(97 + (i % 26))}${group}`;
    keys.push(key);
    const title = Array.from({ length: 5 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    bib += i % 2
      ? `@book{${key},\n  author = {${name}, Alex},\n  title = {The ${title}},\n  publisher = {University Press},\n  location = {Oxford},\n  date = {${year}},\n}\n\n`
      : `@article{${key},\n  author = {${name}, Sam and Other, Jo},\n  title = {On ${title}},\n  journaltitle = {Journal of Regional Studies},\n  volume = {${1 + (i % 40)}},\n  number = {${1 + (i % 4)}},\n  pages = {${10 + i}--${30 + i}},\n  date = {${year}},\n}\n\n`;
  }
  return { bib, keys };
}

function makeBrief(index: number, keys: string[], bibliography: string): string {
  const r = rng(1000 + index);
  const pick = () => keys[Math.floor(r() * keys.length)]!;
  const sentence = () => {
    const words = Array.from({ length: 12 + Math.floor(r() * 12) }, () => WORDS[Math.floor(r() * WORDS.length)]);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = (cite: boolean) =>
    `${Array.from({ length: 4 }, sentence).join(' ')}${cite ? ` ${sentence().slice(0, -1)} [@${pick()}, p. ${1 + Math.floor(r() * 300)}].` : ''} ${sentence().slice(0, -1)} [see @${pick()}; @${pick()}].`;
  let md = `---\ntitle: "Synthetic Brief ${index}: ${WORDS[index % WORDS.length]} and ${WORDS[(index * 7) % WORDS.length]}"\nauthor:\n  - Research Desk\ndate: 2024-02\nlang: en-US\ndescription: A synthetic brief for the benchmark.\nbibliography: ${bibliography}\nnocite: ["@*"]\n---\n\n`;
  md += `${paragraph(true)}\n\n`;
  let note = 0;
  for (let s = 1; s <= 6; s++) {
    md += `## Section ${s}: ${WORDS[(index + s) % WORDS.length]}\n\n`;
    for (let p = 0; p < 3; p++) {
      md += `${paragraph(p !== 1)}`;
      if (p === 2) md += `[^n${++note}]`;
      md += '\n\n';
    }
    if (s === 3) {
      md += '| Actor | Year | Events | Share |\n|:--|--:|--:|--:|\n';
      for (let row = 0; row < 6; row++) md += `| ${SURNAMES[row]} | ${2010 + row} | ${Math.floor(r() * 90)} | ${Math.floor(r() * 100)}% |\n`;
      md += `\nTable sources: @${pick()} and @${pick()}.\n\n`;
    }
  }
  md += '## References\n\n';
  for (let n = 1; n <= note; n++) md += `[^n${n}]: ${sentence().slice(0, -1)} [@${pick()}].\n\n`;
  return md;
}

function makeCorpus(): { sampleDir: string; small: string; large: string } {
  const sampleDir = join(root, 'sample');
  mkdirSync(sampleDir);
  copyFileSync(join(PROJECT_ROOT, 'content', 'kerman-attack.md'), join(sampleDir, 'kerman-attack.md'));
  copyFileSync(join(PROJECT_ROOT, 'content', 'kerman-attack.bib'), join(sampleDir, 'kerman-attack.bib'));
  // Four bibliographies of 25 entries (the sample has 6); each synthetic brief
  // cites one of them, so a bibliography is shared by a quarter of the corpus.
  const bibs = [0, 1, 2, 3].map((g) => makeBibliography(25, g));
  const folders: Record<number, string> = {};
  for (const n of [SMALL, LARGE]) {
    const dir = join(root, `batch-${n}`);
    mkdirSync(dir);
    copyFileSync(join(sampleDir, 'kerman-attack.md'), join(dir, 'kerman-attack.md'));
    copyFileSync(join(sampleDir, 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
    bibs.forEach(({ bib }, g) => writeFileSync(join(dir, `refs-${g}.bib`), bib));
    for (let i = 1; i < n; i++) writeFileSync(join(dir, `brief-${String(i).padStart(3, '0')}.md`), makeBrief(i, bibs[i % 4]!.keys, `refs-${i % 4}.bib`));
    folders[n] = dir;
  }
  return { sampleDir, small: folders[SMALL]!, large: folders[LARGE]! };
}

// ---------------------------------------------------------------- measuring
const median = (xs: number[]) => percentile(xs, 50);
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** Rss and Pss (kB) of a process and all its descendants, from /proc. */
function treeMemory(pid: number): { rss: number; pss: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  let rss = 0;
  let pss = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    stack.push(...(children.get(p) ?? []));
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return { rss, pss };
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  peakRss: number;
  peakPss: number;
}

/** Run a command, timing it from spawn to exit and sampling its process tree's memory. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    let peakPss = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sampler = setInterval(() => {
      if (!child.pid) return;
      const m = treeMemory(child.pid);
      peakRss = Math.max(peakRss, m.rss);
      peakPss = Math.max(peakPss, m.pss);
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      resolve({ ms: performance.now() - started, code, stdout, stderr, peakRss: peakRss / 1024, peakPss: peakPss / 1024 });
    });
  });
}

const cli = (args: string[], cwd: string) => run(process.execPath, ['--import', TSX, CLI, ...args], cwd);

function must(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}`);
  return r;
}

// ---------------------------------------------------------------- the run
interface Row {
  measure: string;
  value: string;
  against?: string;
  ratio?: string;
  target?: string;
  met?: boolean;
}
const rows: Row[] = [];
const ms = (x: number) => `${Math.round(x)} ms`;

async function main() {
  log(`briefpress bench${QUICK ? ' (quick)' : ''}: corpus in ${root}`);
  const { sampleDir, small, large } = makeCorpus();
  if (values['corpus-only']) {
    values.keep = true;
    return;
  }
  const sample = join(sampleDir, 'kerman-attack.md');

  // The finished HTML, exported with its stylesheets and fonts for the floor script.
  const cwd = sampleDir;
  const { config } = loadConfig(cwd);
  const checked = await checkBrief(sample, { config, cwd });
  if (!checked.ok || !checked.meta || !checked.bibliography) throw new Error('the sample brief does not pass its checks');
  const template = loadTemplate(config.template, { paper: config.paper })!;
  const rendered = render({ tree: checked.tree, meta: checked.meta, file: checked.brief.file, briefDir: checked.brief.dir, bibliography: checked.bibliography, template });
  const floorDir = join(root, 'floor');
  mkdirSync(join(floorDir, 'fonts'), { recursive: true });
  // The print HTML carries its CSS inline; only the fonts are separate files.
  writeFileSync(join(floorDir, 'index.html'), rendered.printHtml);
  for (const name of fontsIn(template.fontsCss)) copyFileSync(fontFile(name), join(floorDir, 'fonts', name));
  const floorScript = join(PROJECT_ROOT, 'scripts', 'bench', 'floor.mjs');

  // 1. Cold build vs cold floor (median of 3 each, alternating).
  log('cold build of the sample vs the floor…');
  const cold: number[] = [];
  const coldFloor: number[] = [];
  let coldMem = 0;
  for (let i = 0; i < 3; i++) {
    const b = must(await cli(['build', sample, '--out', join(root, `cold-${i}`)], sampleDir), 'cold build');
    cold.push(b.ms);
    coldMem = Math.max(coldMem, b.peakRss);
    coldFloor.push(must(await run(process.execPath, [floorScript, floorDir, join(root, `floor-${i}.pdf`)], sampleDir), 'floor').ms);
  }
  const coldRatio = median(cold) / median(coldFloor);
  rows.push({ measure: 'cold build of the sample (process start to exit)', value: ms(median(cold)), against: `floor ${ms(median(coldFloor))}`, ratio: `${coldRatio.toFixed(2)}×`, target: '≤ 1.5× floor', met: coldRatio <= 1.5 });

  // 2. Warm rebuild after an edit: the function the watcher runs, on its warm pool.
  log('warm rebuilds after edits…');
  const warmDir = join(root, 'warm');
  mkdirSync(warmDir);
  copyFileSync(sample, join(warmDir, 'kerman-attack.md'));
  copyFileSync(join(sampleDir, 'kerman-attack.bib'), join(warmDir, 'kerman-attack.bib'));
  const warmMd = join(warmDir, 'kerman-attack.md');
  const pool = new PagePool(1);
  const warm: number[] = [];
  try {
    await pool.warm(1);
    const opts = { config, outDir: join(warmDir, 'out'), cwd: warmDir, pool, force: true };
    await buildRun([warmMd], opts);
    for (let i = 0; i < EDITS + 2; i++) {
      appendFileSync(warmMd, `\nEdit number ${i} adds a sentence [@amaq2024].\n`);
      const started = performance.now();
      const { results } = await buildRun([warmMd], opts);
      const took = performance.now() - started;
      if (!results[0]?.ok) throw new Error('a warm rebuild failed');
      if (i >= 2) warm.push(took); // the first two warm the JIT
    }
  } finally {
    await pool.close();
  }
  const floorWarmRun = must(await run(process.execPath, [floorScript, floorDir, join(root, 'floor-warm.pdf'), String(EDITS)], sampleDir), 'warm floor');
  const floorWarm = JSON.parse(floorWarmRun.stdout) as number[];
  const warmRatio = median(warm) / median(floorWarm);
  rows.push({
    measure: `warm rebuild after an edit, median of ${EDITS} (p95 ${ms(percentile(warm, 95))})`,
    value: ms(median(warm)),
    against: `floor ${ms(median(floorWarm))} (p95 ${ms(percentile(floorWarm, 95))})`,
    ratio: `${warmRatio.toFixed(2)}×`,
    target: '≤ 1.3× floor and < 400 ms',
    met: warmRatio <= 1.3 && median(warm) < 400,
  });

  // 3. EPUB only, in process (load → parse → check → render → pack), vs pandoc as a process.
  log('EPUB only vs pandoc…');
  const epubTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    const c = await checkBrief(sample, { config, cwd });
    const r = render({ tree: c.tree, meta: c.meta!, file: c.brief.file, briefDir: c.brief.dir, bibliography: c.bibliography!, template });
    await packEpub(r, { template, house: { publisher: config.publisher, rights: config.rights }, modified: outputDate(c.meta!) });
    if (i > 0) epubTimes.push(performance.now() - started);
  }
  const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (pandoc.status === 0) {
    const plain: number[] = [];
    const citeproc: number[] = [];
    for (let i = 0; i < 3; i++) {
      plain.push(must(await run('pandoc', [sample, '-o', join(root, 'pandoc.epub')], sampleDir), 'pandoc').ms);
      citeproc.push(must(await run('pandoc', [sample, '--citeproc', '--bibliography', join(sampleDir, 'kerman-attack.bib'), '-o', join(root, 'pandoc-cite.epub')], sampleDir), 'pandoc --citeproc').ms);
    }
    const ratio = median(epubTimes) / median(citeproc);
    rows.push({
      measure: 'EPUB only, sample (in process, warm; with checks and citations)',
      value: ms(median(epubTimes)),
      against: `pandoc --citeproc ${ms(median(citeproc))} (plain ${ms(median(plain))}), a process`,
      ratio: `${ratio.toFixed(2)}×`,
      target: '≤ pandoc',
      met: ratio <= 1,
    });
  } else {
    rows.push({ measure: 'EPUB only, sample (in process, warm)', value: ms(median(epubTimes)), against: 'pandoc not installed', target: '≤ pandoc' });
  }

  // 4. Batches: pool (default jobs) vs one page at a time, and the no-change rebuild.
  const batch = async (dir: string, n: number) => {
    log(`batch of ${n}…`);
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
  const peakRss = Math.max(...runs.map((r) => r.peakRss), coldMem);
  // PSS shares each page among the processes that map it; a sum of RSS counts
  // Chromium's shared pages once per process, so it overstates the tree.
  rows.push({ measure: 'peak memory, Node + Chromium process tree (sum of PSS)', value: `${Math.round(peakPss)} MB`, against: `sum of RSS ${Math.round(peakRss)} MB`, target: '< 800 MB', met: peakPss < 800 });
  const noBrowser = /browser not started/.test(l.again.stderr) || !/browser/.test(l.again.stderr);
  rows.push({ measure: `no-change rebuild of ${LARGE} (process start to exit)`, value: ms(l.again.ms), against: noBrowser ? 'no browser started' : 'a browser was started', target: '< 1 s, no browser', met: l.again.ms < 1000 && noBrowser });

  // 5. Checks only.
  log(`check of ${LARGE}…`);
  const checks = must(await cli(['check', large, '--quiet'], large), 'check');
  rows.push({ measure: `npm run check over ${LARGE} briefs (process start to exit)`, value: ms(checks.ms), target: '< 3 s', met: checks.ms < 3000 });

  printTable();
}

function printTable() {
  const head = ['measure', 'value', 'floor / peer', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [r.measure, r.value, r.against ?? '', r.ratio ?? '', r.target ?? '', r.met === undefined ? '' : r.met ? 'met' : 'NOT MET']);
  const widths = head.map((_, i) => Math.max(head[i]!.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`);
  process.stdout.write(`\nnode ${process.version}, ${(spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout ?? '').trim() || 'chromium'}, ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} CPUs\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  });
