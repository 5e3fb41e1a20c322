/**
 * The pipeline, one brief at a time:
 * load → parse → check → render → print PDF / pack EPUB → write.
 * Nothing here prints; results carry vfile messages for the CLI to report.
 */
import { basename, join, resolve } from 'node:path';
import type { VFile } from 'vfile';
import type { Root } from 'mdast';
// The stages are imported on first use (in checkBrief and produce): a run that
// skips every brief loads neither the Markdown stack, nor citeproc, nor puppeteer.
import type { BriefFile } from './stages/load.ts';
import type { RenderedBrief } from './stages/render.ts';
import { visit } from 'unist-util-visit';
import { PagePool, defaultJobs, mapLimit } from './lib/pool.ts';
import { briefInputs, contextHash, freshEntry, hashFile, hashInputs, loadManifest, saveManifest, type Manifest } from './lib/manifest.ts';
import { checkSourceLimits, checkTreeLimits } from './lib/limits.ts';
import { fontFile, fontsIn } from './lib/fonts.ts';
import { BIBLIOGRAPHY_CACHE, type Bibliography } from './lib/bibliography.ts';
import type { Config } from './lib/config.ts';
import type { Meta } from './lib/meta.ts';
import { RULES, SOURCE } from './lib/rules.ts';
import { applySeverity, severityTable } from './lib/severity.ts';
import { resolveSetup, type Setup } from './lib/setup.ts';
import { BrowserFailure, BrowserMissingError } from './lib/errors.ts';
import { outputDate } from './lib/output-date.ts';
import { withMarkings } from './lib/markings.ts';
import { addTime, measure, timed, type RunTimings, type Timings } from './lib/timings.ts';
import { useDiskCache } from './lib/disk-cache.ts';

export interface BuildOptions {
  config: Config;
  /** Folder the outputs go to. */
  outDir: string;
  /** Treat warnings as errors (over the config's `rules:`). Default false. */
  strict?: boolean;
  cwd?: string;
  /** `--draft`: DRAFT on each page, editorial notes at the end (stages/editions.ts). */ draft?: boolean;
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
  outputs: { pdf?: string; epub?: string; html?: string };
  ms: number;
  /** Up to date in the manifest: not rebuilt. */
  skipped?: boolean;
  pages?: number;
  pdfBytes?: number;
  epubBytes?: number;
  /** Time spent in each stage, in ms. */
  timings: Timings;
}

/** A brief that went through load, parse and check (`ok` when it may be printed). */
export interface CheckedBrief {
  brief: BriefFile;
  tree: Root;
  meta: Meta | undefined;
  bibliography: Bibliography | undefined;
  /** Its template and style, resolved once by the check. */
  setup: Setup | undefined;
  files: VFile[];
  ok: boolean;
  /** Time spent in modules, load, parse, bibliography and check, in ms. */
  timings: Timings;
}

/** load → parse → check, without a browser. */
export async function checkBrief(path: string, options: Pick<BuildOptions, 'config' | 'strict' | 'cwd'>): Promise<CheckedBrief> {
  const timings: Timings = {};
  const [{ loadBrief, loadBibliography }, { parse }, { check }] = await timed(timings, 'modules', () => Promise.all([
    import('./stages/load.ts'),
    import('./stages/parse.ts'),
    import('./stages/check.ts'),
  ]));
  const severities = severityTable(options.config.rules, options.strict);
  const brief = await timed(timings, 'load', () => loadBrief(path, options.cwd));
  const { file } = brief;
  applySeverity([file], severities);
  let tree: Root = { type: 'root', children: [] };
  let meta: Meta | undefined;
  let bibliography: Bibliography | undefined;
  let setup: Setup | undefined;
  try {
    if (!hasErrors([file]) && checkSourceLimits(file)) {
      ({ tree, meta } = await timed(timings, 'parse', () => parse(file, { template: options.config.template, ...(options.config.csl ? { csl: options.config.csl } : {}) })));
      if (meta && checkTreeLimits(tree, file)) {
        const [m, cacheDir] = [meta, join(options.cwd ?? process.cwd(), BIBLIOGRAPHY_CACHE)];
        useDiskCache(cacheDir); // parsed BibTeX, rendered citations, font coverage (also used by produce)
        const b = (bibliography = await timed(timings, 'bibliography', () => loadBibliography(brief, m, tree, { cacheDir })));
        setup = resolveSetup(meta, options.config, { file, tree, briefDir: brief.dir });
        if (setup) await timed(timings, 'check', () => check(tree, file, { meta: m, bibliography: b, briefDir: brief.dir }));
      }
    }
  } catch (error) {
    // One brief that breaks a parser must not stop the batch.
    const deep = error instanceof RangeError && /call stack/i.test(error.message);
    file.message(deep ? 'Nested too deeply to process (lists, block quotes or HTML thousands of levels deep): flatten the structure' : `Internal error while checking: ${error instanceof Error ? error.message : String(error)}`, {
      ruleId: deep ? RULES.inputLimit : RULES.render,
      source: SOURCE,
    });
  }
  const files = [file, ...bibliographyFiles(bibliography)];
  applySeverity(files, severities);
  return { brief, tree, meta, bibliography, setup, files, ok: Boolean(meta && setup) && !hasErrors(files), timings };
}

/**
 * Build many briefs: unchanged ones are skipped from the manifest (no parse, no
 * browser), the rest are checked and printed `jobs` at a time on a pool of
 * pages of one browser. Results keep the order of `paths`.
 */
export async function buildRun(paths: string[], options: BuildOptions): Promise<BuildRun> {
  const pool = options.pool ?? new PagePool(options.jobs ?? defaultJobs());
  // `seen`: input hashes checked once per run, however many briefs share the file.
  const [timings, launchedBefore, started, seen]: [RunTimings, number, number, Map<string, string>] = [{}, pool.launchMs, performance.now(), new Map()];
  const manifest = loadManifest(options.outDir, options.cwd);
  const before = JSON.stringify(manifest.briefs);
  const context = buildContext(options);
  // Start the browser while the first briefs are parsed and checked, as soon
  // as one brief has to be rebuilt (never when every brief is up to date).
  const stale = options.force || paths.some((p) => !freshEntry(manifest, resolve(options.cwd ?? process.cwd(), p), context, seen));
  timings.manifest = performance.now() - started;
  if (stale) pool.warm(1).catch(() => undefined);
  let done = 0;
  try {
    const results = await mapLimit(paths, options.jobs ?? pool.size, async (path) => {
      const result = await buildOne(path, options, { pool, manifest, context, seen });
      options.onResult?.(result, ++done, paths.length);
      return result;
    });
    return { results, browserStarted: pool.launches > 0, timings };
  } finally {
    timings.launch = pool.launchMs - launchedBefore;
    timings.close = await measure(() => !options.pool && pool.close());
    timings.saveManifest = await measure(() => JSON.stringify(manifest.briefs) !== before && saveManifest(options.outDir, manifest, options.cwd).catch(() => undefined));
  }
}

async function buildOne(path: string, options: BuildOptions, run: { pool: PagePool; manifest: Manifest; context: string; seen: Map<string, string> }): Promise<BriefResult> {
  const started = performance.now();
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  const fresh = options.force ? undefined : freshEntry(run.manifest, absolute, run.context, run.seen);
  if (fresh) {
    return {
      path, slug: basename(Object.values(fresh.outputs).find(Boolean) ?? '').replace(/\.\w+$/, ''), files: [], ok: true, skipped: true, outputs: fresh.outputs,
      ms: performance.now() - started, pages: fresh.pages, pdfBytes: fresh.pdfBytes, epubBytes: fresh.epubBytes, timings: {},
    };
  }
  // Not recorded as built until it is built again.
  delete run.manifest.briefs[absolute];
  const markdownHash = hashFile(absolute);
  const checked = await checkBrief(path, options);
  const result: BriefResult = { path, slug: checked.brief.slug, files: checked.files, ok: false, outputs: {}, ms: 0, timings: checked.timings };
  if (checked.ok && checked.meta && checked.bibliography && checked.setup) {
    try {
      const ready = { ...checked, meta: withMarkings(checked.meta, { classification: options.config.classification, draft: options.draft }), bibliography: checked.bibliography, setup: checked.setup };
      // Briefs in flight share one browser: when it crashes or is killed for
      // hanging, each of them fails. Each tries once more on a browser of its
      // own, so that only the brief that brings Chromium down fails for good.
      const produced = await produce(ready, run.pool, options, result.timings).catch(async (error: unknown) => {
        if (!(error instanceof BrowserFailure)) throw error;
        const alone = new PagePool(1);
        try {
          return await produce(ready, alone, options, result.timings);
        } finally {
          await alone.close();
        }
      });
      result.ok = Boolean(produced.outputs) && !hasErrors(checked.files);
      if (result.ok && produced.outputs) {
        result.outputs = produced.outputs;
        Object.assign(result, produced.stats);
        const inputs = await timed(result.timings, 'record', () => hashInputs(produced.inputs));
        inputs[absolute] = markdownHash;
        run.manifest.briefs[absolute] = { context: run.context, inputs, outputs: produced.outputs, ...produced.stats };
      }
    } catch (error) {
      if (error instanceof BrowserMissingError) throw error;
      // A crash or timeout has already made the pool drop its browser (see PagePool.guarded).
      if (!hasErrors([checked.brief.file])) {
        checked.brief.file.message(`Build failed: ${error instanceof Error ? error.message : String(error)}`, {
          ruleId: RULES.render,
          source: SOURCE,
        });
        applySeverity([checked.brief.file], severityTable(options.config.rules, options.strict));
      }
    }
  }
  result.ms = performance.now() - started;
  return result;
}

/** The settings, besides input files, that change the bytes written. */
function buildContext(options: BuildOptions): string {
  return contextHash({ ...options, cwd: options.cwd ?? process.cwd() });
}

/** render → print PDF / pack EPUB → write, for one checked brief. */
async function produce(
  checked: CheckedBrief & { meta: Meta; bibliography: Bibliography; setup: Setup },
  pool: PagePool,
  options: BuildOptions,
  timings: Timings,
) {
  const { brief, tree, meta, bibliography } = checked;
  const { template, stylePath } = checked.setup;
  const [{ render }, { printPdfOnPage, pictureCover }, { packEpub }, { convertEpubImages }, { setPdfMetadata }, { writeOutputs }, verify, editions] = await timed(timings, 'modules', () => Promise.all([
    import('./stages/render.ts'),
    import('./stages/pdf.ts'),
    import('./stages/epub.ts'),
    import('./stages/images.ts'),
    import('./stages/pdf-postprocess.ts'),
    import('./stages/write.ts'),
    import('./stages/verify.ts'),
    import('./stages/editions.ts'),
  ]));
  const rendered: RenderedBrief = await timed(timings, 'render', () => render({ tree, meta, file: brief.file, briefDir: brief.dir, bibliography, template, stylePath, logo: options.config.logo }));
  const [house, date] = [{ publisher: options.config.publisher, rights: options.config.rights }, outputDate(meta)];
  editions.addEditorialNotes(rendered, checked.files);
  // The EPUB's cover is a picture of the PDF's first page: Chromium takes it
  // while Node sets the PDF's metadata and reads the PDF back, and packing
  // waits for it. WebP images are converted for the EPUB during the print.
  const waiting = performance.now();
  const [title, authors, subject, keywords, lang] = [meta.title, meta.author.map((a) => a.name), meta.subject ?? meta.description ?? meta.subtitle, meta.keywords, meta.lang];
  const extras = editions.pdfExtras(meta, { file: brief.file, files: checked.files, bibliography, severities: severityTable(options.config.rules, options.strict) });
  const pdfMeta = { title, authors, subject, keywords, lang, date, ...extras };
  const [printed, forEpub, finished, cover] = await pool.guarded(brief.slug, async (page, browser) => {
    addTime(timings, 'browser', performance.now() - waiting);
    const [printed, forEpub] = await timed(timings, 'print', () => Promise.all([printPdfOnPage(page, rendered, { briefDir: brief.dir, template, logo: options.config.logo }), convertEpubImages(browser, rendered)]));
    const picturing = timed(timings, 'cover', () => pictureCover(page, printed.coverSection));
    picturing.catch(() => undefined);
    // Author, subject, keywords, language, and fixed dates for reproducible bytes.
    const finished = await timed(timings, 'metadata', () => setPdfMetadata(printed.pdf, pdfMeta));
    // Read the PDF back: the machine-checkable points of PDF/UA (stages/verify.ts).
    await timed(timings, 'verify', () => verify.verifyPdf(finished.bytes, brief.file, { tree, logo: Boolean(options.config.logo) }));
    return [printed, forEpub, finished, await picturing] as const;
  });
  let epub: Uint8Array;
  try {
    epub = await timed(timings, 'pack', () => packEpub(forEpub.rendered, { template, house, modified: date, cover }));
  } finally {
    await forEpub.cleanup();
  }
  for (const url of printed.blocked) {
    brief.file.message(`Blocked a request for \`${url}\`: only files in the brief's folder are used`, { place: rendered.sources.get(url), ruleId: RULES.blockedRequest, source: SOURCE });
  }
  applySeverity([brief.file], severityTable(options.config.rules, options.strict));
  if (hasErrors([brief.file])) return { outputs: undefined, inputs: [], stats: {} };
  const { bytes: pdfBytes, pages } = finished;
  const html = await editions.webEdition(rendered, { config: options.config, template, file: brief.file, house });
  const outputs = await timed(timings, 'write', () => writeOutputs(options.outDir, brief.slug, { pdf: pdfBytes, epub, html }, options.config.formats));
  const urls: string[] = [];
  visit(tree, (node) => void ('url' in node && typeof node.url === 'string' && urls.push(node.url)));
  const inputs = briefInputs({
    markdown: resolve(brief.file.cwd, brief.file.path),
    briefDir: brief.dir,
    bibliographies: bibliography.files,
    urls,
    templateFiles: [...template.files, ...(options.config.logo ? [options.config.logo] : [])],
    fonts: fontsIn(template.fontsCss).map((name) => fontFile(name)),
    style: stylePath,
    cwd: options.cwd ?? process.cwd(),
  });
  return { outputs, inputs, stats: { pages, ...(outputs.pdf ? { pdfBytes: pdfBytes.byteLength } : {}), ...(outputs.epub ? { epubBytes: epub.byteLength } : {}) } };
}

function bibliographyFiles(bibliography: Bibliography | undefined): VFile[] {
  const seen = new Set<VFile>();
  for (const entry of bibliography?.entries ?? []) if (entry.file.messages.length) seen.add(entry.file);
  return [...seen];
}

/** Whether any file has an error (severities already applied: lib/severity.ts). */
export function hasErrors(files: VFile[]): boolean {
  return files.some((f) => f.messages.some((m) => m.fatal === true));
}
