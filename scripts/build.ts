/**
 * The pipeline, one brief at a time:
 * load → parse → check → render → print PDF / pack EPUB → write.
 * Nothing here prints; results carry vfile messages for the CLI to report.
 */
import { basename, join, relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import type { Root } from 'mdast';
// The stages are imported on first use (in checkBrief and produce): a run that
// skips every brief loads neither the Markdown stack, nor citeproc, nor puppeteer.
import type { BriefFile } from './stages/load.ts';
import type { RenderedBrief } from './stages/render.ts';
import { writeAtomic } from './stages/write.ts';
import { visit } from 'unist-util-visit';
import { PagePool, defaultJobs, mapLimit } from './lib/pool.ts';
import { briefInputs, hashFile, hashInputs, hashText, isFresh, loadManifest, saveManifest, type Manifest } from './lib/manifest.ts';
import { pdfPages } from './lib/reproducible.ts';
import { checkSourceLimits, checkTreeLimits } from './lib/limits.ts';
import { fontFile, fontsIn } from './lib/fonts.ts';
import { loadTemplate, type Template } from './lib/template.ts';
import type { Bibliography } from './lib/bibliography.ts';
import type { Config } from './lib/config.ts';
import type { Meta } from './lib/meta.ts';
import { RULES, SOURCE } from './lib/rules.ts';
import { addTime, timed, type RunTimings, type Timings } from './lib/timings.ts';

/** The folder, in the project folder, where parsed bibliographies are cached (in .gitignore). */
export const CACHE_DIR = '.briefpress-cache';

export interface BuildOptions {
  config: Config;
  /** Folder the outputs go to. */
  outDir: string;
  /** Treat warnings as errors. Default false. */
  strict?: boolean;
  cwd?: string;
  /** Rebuild briefs the manifest says are up to date. */
  force?: boolean;
  /** Briefs in flight at once, each with a page of the pool; default os.availableParallelism(). */
  jobs?: number;
  /** A page pool kept open by the caller (watch mode); otherwise one is opened and closed per run. */
  pool?: PagePool;
  /** Called as each brief finishes (for a progress line). */
  onResult?: (result: BriefResult, done: number, total: number) => void;
}

/** The results of one run, in input order, and whether a browser was started. */
export interface BuildRun {
  results: BriefResult[];
  browserStarted: boolean;
  /** The run's own costs (browser launch and close, manifest). */
  timings: RunTimings;
}

/** What happened to one brief. */
export interface BriefResult {
  path: string;
  slug: string;
  /** The brief's file and any bibliography files that got messages. */
  files: VFile[];
  ok: boolean;
  outputs: { pdf?: string; epub?: string };
  ms: number;
  /** Up to date in the manifest: not rebuilt. */
  skipped?: boolean;
  pages?: number;
  pdfBytes?: number;
  epubBytes?: number;
  /** Time spent in each stage, in ms. */
  timings: Timings;
}

/** A brief that passed load, parse and check. */
export interface CheckedBrief {
  brief: BriefFile;
  tree: Root;
  meta: Meta | undefined;
  bibliography: Bibliography | undefined;
  files: VFile[];
  ok: boolean;
  /** Time spent in modules, load, parse, bibliography and check, in ms. */
  timings: Timings;
}

/** load → parse → check, without a browser. */
export async function checkBrief(path: string, options: Pick<BuildOptions, 'config' | 'strict' | 'cwd'>): Promise<CheckedBrief> {
  const timings: Timings = {};
  const [{ loadBrief, loadBibliography }, { parse }, { check }, { resolveStyle }] = await timed(timings, 'modules', () => Promise.all([
    import('./stages/load.ts'),
    import('./stages/parse.ts'),
    import('./stages/check.ts'),
    import('./lib/csl.ts'),
  ]));
  const brief = await timed(timings, 'load', () => loadBrief(path, options.cwd));
  const { file } = brief;
  let tree: Root = { type: 'root', children: [] };
  let meta: Meta | undefined;
  let bibliography: Bibliography | undefined;
  try {
    if (!hasErrors([file], false) && checkSourceLimits(file)) {
      ({ tree, meta } = await timed(timings, 'parse', () => parse(file, { template: options.config.template, ...(options.config.csl ? { csl: options.config.csl } : {}) })));
      if (meta && checkTreeLimits(tree, file)) {
        const m = meta;
        // Parsed BibTeX is cached in the project folder, for check and build alike.
        const cacheDir = join(options.cwd ?? process.cwd(), CACHE_DIR);
        bibliography = await timed(timings, 'bibliography', () => loadBibliography(brief, m, tree, { cacheDir }));
        const b = bibliography;
        if (checkSetup(meta, options.config, brief, tree, resolveStyle)) await timed(timings, 'check', () => check(tree, file, { meta: m, bibliography: b, briefDir: brief.dir }));
      }
    }
  } catch (error) {
    // One brief that breaks a parser must not stop the batch.
    const deep = error instanceof RangeError && /call stack/i.test(error.message);
    file.message(deep ? 'Nested too deeply to process (lists, block quotes or HTML thousands of levels deep): flatten the structure' : `Internal error while checking: ${error instanceof Error ? error.message : String(error)}`, {
      ruleId: deep ? RULES.inputLimit : RULES.render,
      source: SOURCE,
    }).fatal = true;
  }
  const files = [file, ...bibliographyFiles(bibliography)];
  if (options.strict) for (const f of files) for (const m of f.messages) if (m.fatal === false) m.fatal = true;
  return { brief, tree, meta, bibliography, files, ok: Boolean(meta) && !hasErrors(files, false), timings };
}

/**
 * Build many briefs: unchanged ones are skipped from the manifest (no parse, no
 * browser), the rest are checked and printed `jobs` at a time on a pool of
 * pages of one browser. Results keep the order of `paths`.
 */
export async function buildRun(paths: string[], options: BuildOptions): Promise<BuildRun> {
  const pool = options.pool ?? new PagePool(options.jobs ?? defaultJobs());
  const timings: RunTimings = {};
  const launchedBefore = pool.launchMs;
  let started = performance.now();
  const manifest = loadManifest(options.outDir, options.cwd);
  const before = JSON.stringify(manifest.briefs);
  const context = buildContext(options);
  // Start the browser while the first briefs are parsed and checked, as soon
  // as one brief has to be rebuilt (never when every brief is up to date).
  const stale = options.force || paths.some((p) => !isFresh(manifest, resolve(options.cwd ?? process.cwd(), p), context));
  timings.manifest = performance.now() - started;
  if (stale) pool.warm(1).catch(() => undefined);
  let done = 0;
  try {
    const results = await mapLimit(paths, options.jobs ?? pool.size, async (path) => {
      const result = await buildOne(path, options, { pool, manifest, context });
      options.onResult?.(result, ++done, paths.length);
      return result;
    });
    return { results, browserStarted: pool.launches > 0, timings };
  } finally {
    timings.launch = pool.launchMs - launchedBefore;
    started = performance.now();
    if (!options.pool) await pool.close();
    timings.close = performance.now() - started;
    started = performance.now();
    if (JSON.stringify(manifest.briefs) !== before) await saveManifest(options.outDir, manifest, options.cwd).catch(() => undefined);
    timings.saveManifest = performance.now() - started;
  }
}

async function buildOne(path: string, options: BuildOptions, run: { pool: PagePool; manifest: Manifest; context: string }): Promise<BriefResult> {
  const started = performance.now();
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  const fresh = options.force ? undefined : isFresh(run.manifest, absolute, run.context);
  if (fresh) {
    return {
      path, slug: basename(fresh.outputs.pdf, '.pdf'), files: [], ok: true, skipped: true, outputs: fresh.outputs,
      ms: performance.now() - started, pages: fresh.pages, pdfBytes: fresh.pdfBytes, epubBytes: fresh.epubBytes, timings: {},
    };
  }
  // Not recorded as built until it is built again.
  delete run.manifest.briefs[absolute];
  const markdownHash = hashFile(absolute);
  const checked = await checkBrief(path, options);
  const result: BriefResult = { path, slug: checked.brief.slug, files: checked.files, ok: false, outputs: {}, ms: 0, timings: checked.timings };
  if (checked.ok && checked.meta && checked.bibliography) {
    try {
      const ready = { ...checked, meta: checked.meta, bibliography: checked.bibliography };
      // Briefs in flight share one browser: when it crashes or is killed for
      // hanging, each of them fails. Each tries once more on a browser of its
      // own, so that only the brief that brings Chromium down fails for good.
      const produced = await produce(ready, run.pool, options, result.timings).catch(async (error: unknown) => {
        if (!(error instanceof Error && error.name === 'BrowserFailure')) throw error;
        const alone = new PagePool(1);
        try {
          return await produce(ready, alone, options, result.timings);
        } finally {
          await alone.close();
        }
      });
      result.outputs = produced.outputs;
      result.ok = Boolean(produced.outputs.pdf) && !hasErrors(checked.files, false);
      if (result.ok && produced.outputs.pdf && produced.outputs.epub) {
        Object.assign(result, produced.stats);
        const hashing = performance.now();
        const inputs = hashInputs(produced.inputs);
        addTime(result.timings, 'record', performance.now() - hashing);
        inputs[absolute] = markdownHash;
        run.manifest.briefs[absolute] = { context: run.context, inputs, outputs: { pdf: produced.outputs.pdf, epub: produced.outputs.epub }, ...produced.stats };
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'BrowserMissingError') throw error;
      // A crash or timeout has already made the pool drop its browser (see PagePool.guarded).
      if (!hasErrors([checked.brief.file], false)) {
        checked.brief.file.message(`Build failed: ${error instanceof Error ? error.message : String(error)}`, {
          ruleId: RULES.render,
          source: SOURCE,
        }).fatal = true;
      }
    }
  }
  result.ms = performance.now() - started;
  return result;
}

/** The settings, besides input files, that change the bytes written (paths relative to the project: see lib/manifest.ts). */
function buildContext(options: BuildOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const config = { ...options.config, logo: options.config.logo && relative(cwd, options.config.logo) };
  return hashText(JSON.stringify({ strict: Boolean(options.strict), epoch: process.env.SOURCE_DATE_EPOCH ?? '', config, outDir: relative(cwd, options.outDir) }));
}

/** render → print PDF / pack EPUB → write, for one checked brief. */
async function produce(
  checked: CheckedBrief & { meta: Meta; bibliography: Bibliography },
  pool: PagePool,
  options: BuildOptions,
  timings: Timings,
) {
  const { brief, tree, meta, bibliography } = checked;
  const [{ render }, { printPdfOnPage }, { packEpub }, { convertEpubImages }, { resolveStyle }, { setPdfMetadata }] = await timed(timings, 'modules', () => Promise.all([
    import('./stages/render.ts'),
    import('./stages/pdf.ts'),
    import('./stages/epub.ts'),
    import('./stages/images.ts'),
    import('./lib/csl.ts'),
    import('./lib/pdf-metadata.ts'),
  ]));
  const template = resolveTemplate(meta, options.config, brief.file);
  const rendered: RenderedBrief = await timed(timings, 'render', () => render({ tree, meta, file: brief.file, dir: brief.dir, bibliography, template, logo: options.config.logo }));
  const house = { publisher: options.config.publisher, rights: options.config.rights };
  const date = modifiedDate(meta);
  // The EPUB's cover is a picture of the PDF's first page, so packing waits
  // for the print; WebP images are converted for the EPUB meanwhile.
  const waiting = performance.now();
  const [printed, forEpub] = await pool.guarded(brief.slug, (page, browser) => {
    addTime(timings, 'browser', performance.now() - waiting);
    return timed(timings, 'print', () =>
      Promise.all([
        printPdfOnPage(page, rendered, { briefDir: brief.dir, template, logo: options.config.logo, cover: true }),
        convertEpubImages(browser, rendered),
      ]),
    );
  });
  let epub: Uint8Array;
  try {
    epub = await timed(timings, 'pack', () => packEpub(forEpub.rendered, { template, house, modified: date, cover: printed.cover }));
  } finally {
    await forEpub.cleanup();
  }
  for (const url of printed.blocked) {
    brief.file.message(`Blocked a request for \`${url}\`: only files in the brief's folder are used`, {
      place: rendered.sources.get(url),
      ruleId: RULES.blockedRequest,
      source: SOURCE,
    }).fatal = true;
  }
  if (hasErrors([brief.file], false)) return { outputs: {}, inputs: [], stats: {} };
  // Author, subject, keywords, language, and fixed dates for reproducible bytes.
  const pdfBytes = await timed(timings, 'metadata', () => setPdfMetadata(printed.pdf, {
    title: meta.title,
    authors: meta.author.map((a) => a.name),
    subject: meta.subject ?? meta.description ?? meta.subtitle,
    keywords: meta.keywords,
    lang: meta.lang,
    date,
  }));
  const pdf = join(options.outDir, `${brief.slug}.pdf`);
  const epubPath = join(options.outDir, `${brief.slug}.epub`);
  await timed(timings, 'write', () => Promise.all([writeAtomic(pdf, pdfBytes), writeAtomic(epubPath, epub)]));
  const urls: string[] = [];
  visit(tree, (node) => {
    if ('url' in node && typeof node.url === 'string') urls.push(node.url);
  });
  const inputs = briefInputs({
    markdown: resolve(brief.file.cwd, brief.file.path),
    briefDir: brief.dir,
    bibliographies: bibliography.files,
    urls,
    templateFiles: [...template.files, ...(options.config.logo ? [options.config.logo] : [])],
    fonts: fontsIn(template.fontsCss).map((name) => fontFile(name)),
    style: resolveStyle(meta.csl ?? template.defaultStyle, brief.dir),
    cwd: options.cwd ?? process.cwd(),
  });
  return { outputs: { pdf, epub: epubPath }, inputs, stats: { pages: pdfPages(pdfBytes), pdfBytes: pdfBytes.byteLength, epubBytes: epub.byteLength } };
}

/**
 * The template and citation style a brief asks for must exist: checked here so
 * that `check` catches them, not only `build`. False when one is unknown.
 */
function checkSetup(meta: Meta, config: Config, brief: BriefFile, tree: Root, resolveStyle: (name: string, dir: string) => string | undefined): boolean {
  const yaml = tree.children.find((n) => n.type === 'yaml');
  const at = (key: string) => {
    const start = yaml?.position?.start.line;
    const index = yaml && 'value' in yaml ? yaml.value.split('\n').findIndex((l) => l.startsWith(`${key}:`)) : -1;
    return start !== undefined && index !== -1 ? { line: start + 1 + index, column: 1 } : yaml?.position;
  };
  const name = meta.template ?? config.template;
  const template = loadTemplate(name, houseOf(config));
  if (!template) {
    brief.file.message(`Unknown template \`${name}\`: templates are folders under templates/`, { place: meta.template ? at('template') : undefined, ruleId: RULES.unknownTemplate, source: SOURCE }).fatal = true;
    return false;
  }
  const style = meta.csl ?? config.csl ?? template.defaultStyle;
  if (!resolveStyle(style, brief.dir)) {
    brief.file.message(`Unknown citation style \`${style}\`: use chicago-author-date, chicago-note-bibliography, apa, harvard or a path to a .csl file`, {
      place: meta.csl ? at('csl') : undefined,
      ruleId: RULES.unknownStyle,
      source: SOURCE,
    }).fatal = true;
    return false;
  }
  return true;
}

/** The house settings a template sees. */
function houseOf(config: Config) {
  return { publisher: config.publisher, series: config.series, rights: config.rights, logo: config.logo, paper: config.paper };
}

function resolveTemplate(meta: Meta, config: Config, file: VFile): Template {
  const name = meta.template ?? config.template;
  const template = loadTemplate(name, houseOf(config));
  if (!template) {
    file.message(`Unknown template \`${name}\`: templates are folders under templates/`, { ruleId: RULES.unknownTemplate, source: SOURCE }).fatal = true;
    throw new Error(`unknown template ${name}`);
  }
  return template;
}

/** The date stamped into outputs: SOURCE_DATE_EPOCH, else the brief's date, else a fixed epoch. */
export function modifiedDate(meta: Meta): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (meta.date) return new Date(`${meta.date.length === 4 ? `${meta.date}-01-01` : meta.date.length === 7 ? `${meta.date}-01` : meta.date}T00:00:00Z`);
  return new Date('2000-01-01T00:00:00Z');
}

function bibliographyFiles(bibliography: Bibliography | undefined): VFile[] {
  const seen = new Set<VFile>();
  for (const entry of bibliography?.entries ?? []) if (entry.file.messages.length) seen.add(entry.file);
  return [...seen];
}

/** Whether any file has an error (or, with `strict`, any message). */
export function hasErrors(files: VFile[], strict: boolean): boolean {
  return files.some((f) => f.messages.some((m) => m.fatal === true || (strict && m.fatal === false)));
}
