/**
 * A collection's pipeline (issue 16): `collection.yaml` → one PDF and one EPUB.
 *
 *   load the collection (lib/collection.ts)
 *   → per brief: its cached part, or load → parse → check (build.ts's
 *     checkBrief, so each brief is checked as if built alone) → render →
 *     its part of the volume (stages/volume.ts)
 *   → merge the references (option) → the volume's print HTML and EPUB sections
 *   → print PDF / pack EPUB → metadata → verify → write.
 *
 * A brief with errors fails the collection; its messages stay on its own
 * file. Nothing here prints.
 */
import { relative, resolve, sep } from 'node:path';
import * as v from 'valibot';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { checkBrief, hasErrors, type BriefResult, type BuildOptions } from './build.ts';
import { loadCollection, type Collection } from './lib/collection.ts';
import { briefInputs, contextHash, freshEntry, hashFile, hashInputs, hashText, loadManifest, pipelineHash, saveManifest } from './lib/manifest.ts';
import { fontFile, fontsIn } from './lib/fonts.ts';
import { FrontMatter, direction as textDirection, type Meta } from './lib/meta.ts';
import { outputDate } from './lib/output-date.ts';
import { withMarkings } from './lib/markings.ts';
import { cachedPart, storePart } from './lib/part-cache.ts';
import { PagePool } from './lib/pool.ts';
import { RULES, SOURCE } from './lib/rules.ts';
import { applySeverity, severityTable } from './lib/severity.ts';
import { houseOf } from './lib/setup.ts';
import { loadTemplate } from './lib/template.ts';
import { referencesTerm } from './lib/csl.ts';
import { addTime, timed, type Timings } from './lib/timings.ts';
import type { BriefPart } from './stages/volume.ts';

export type CollectionOptions = Pick<BuildOptions, 'config' | 'outDir' | 'strict' | 'cwd' | 'force' | 'pool'>;

/** What happened to one brief of the collection. */
export interface CollectionBrief {
  path: string;
  slug: string;
  /** `rendered`: loaded, parsed, checked and rendered in this run; `cached`: its part was up to date; `failed`: it has errors. */
  status: 'rendered' | 'cached' | 'failed';
  ms: number;
}

export interface CollectionResult {
  path: string;
  slug: string;
  /** The collection file, then every brief's files that got messages. */
  files: VFile[];
  ok: boolean;
  /** Nothing changed since the last build: nothing was done. */
  skipped?: boolean;
  briefs: CollectionBrief[];
  outputs: { pdf?: string; epub?: string };
  pages?: number;
  pdfBytes?: number;
  epubBytes?: number;
  ms: number;
  timings: Timings;
  /** The collection file and its briefs (what watch mode follows while the collection fails). */
  inputs?: string[];
}

/** Build `collection.yaml` into `<out>/<slug>.pdf` and `.epub`. */
export async function buildCollection(path: string, options: CollectionOptions): Promise<CollectionResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const timings: Timings = {};
  const { collection, file } = loadCollection(path, cwd);
  const result: CollectionResult = { path, slug: collection?.slug ?? '', files: [file], ok: false, briefs: [], outputs: {}, ms: 0, timings };
  const finish = () => ((result.ms = performance.now() - started), result);
  if (!collection) return finish();
  const absolute = resolve(cwd, path);
  const manifest = loadManifest(options.outDir, cwd);
  const context = contextHash({ ...options, cwd, config: { ...options.config, collection: collection.bibliography } as BuildOptions['config'] });
  const fresh = options.force ? undefined : freshEntry(manifest, absolute, context);
  result.inputs = [absolute, ...collection.briefs];
  if (fresh) {
    Object.assign(result, { ok: true, skipped: true, outputs: fresh.outputs, pages: fresh.pages });
    result.briefs = collection.briefs.map((p) => ({ path: p, slug: slugOf(p), status: 'cached' as const, ms: 0 }));
    return finish();
  }
  delete manifest.briefs[absolute];
  const yamlHash = hashFile(absolute);
  // Parts are made the same way whatever the collection: their context leaves the collection out.
  // The pipeline's own hash too: a part made by another version of briefpress is made again.
  const partContext = hashText(`${contextHash({ ...options, cwd })}\0${pipelineHash()}`);
  const parts: BriefPart[] = [];
  const inputs: Record<string, string> = {};
  // The browser starts while the briefs are checked and rendered.
  const pool = options.pool ?? new PagePool(1);
  pool.warm(1).catch(() => undefined);
  let produced: Awaited<ReturnType<typeof produceVolume>>;
  try {
    for (const brief of collection.briefs) {
      const one = await briefPartOf(brief, options, partContext);
      result.briefs.push(one.brief);
      result.files.push(...one.files.filter((f) => f.messages.length));
      if (one.part) parts.push(one.part);
      Object.assign(inputs, one.inputs);
    }
    if (result.briefs.some((b) => b.status === 'failed')) return finish();
    produced = await produceVolume(collection, parts, file, { ...options, pool }, timings);
  } finally {
    if (!options.pool) await pool.close();
  }
  if (produced && !hasErrors([file])) {
    Object.assign(result, { ok: true, outputs: produced.outputs, pages: produced.pages, pdfBytes: produced.pdfBytes, epubBytes: produced.epubBytes });
    inputs[absolute] = yamlHash;
    if (collection.cover) inputs[collection.cover.image] = hashFile(collection.cover.image);
    manifest.briefs[absolute] = { context, inputs, outputs: produced.outputs, pages: produced.pages };
    await saveManifest(options.outDir, manifest, cwd).catch(() => undefined);
  }
  return finish();
}

/** `check <collection.yaml>`: the collection file, then each brief checked as if alone; the files with messages. */
export async function checkCollection(path: string, options: Pick<BuildOptions, 'config' | 'strict' | 'cwd'>): Promise<VFile[]> {
  const { collection, file } = loadCollection(path, options.cwd);
  const files = [file];
  for (const brief of collection?.briefs ?? []) files.push(...(await checkBrief(brief, options)).files);
  return files;
}

/** One brief's part: from the cache when its files are unchanged, else checked and rendered now. */
async function briefPartOf(path: string, options: CollectionOptions, context: string) {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const key = `${resolve(cwd, options.outDir)}\0${path}`;
  const done = (status: CollectionBrief['status'], slug: string) => ({ path, slug, status, ms: performance.now() - started });
  // Under --force too: a part is a pure function of the inputs its hashes cover.
  const cached = await cachedPart<BriefPart>(cwd, key, context);
  if (cached) return { brief: done('cached', cached.part.slug), part: cached.part, files: [] as VFile[], inputs: cached.inputs };
  const markdownHash = hashFile(path);
  const checked = await checkBrief(path, options);
  const { meta, bibliography, setup } = checked;
  if (!checked.ok || !meta || !bibliography || !setup) return { brief: done('failed', checked.brief.slug), part: undefined, files: checked.files, inputs: {} };
  const [{ render }, { briefPart }, { checkAsBuiltAlone }] = await Promise.all([import('./stages/render.ts'), import('./stages/volume.ts'), import('./stages/volume-checks.ts')]);
  const rendered = render({ tree: checked.tree, meta, file: checked.brief.file, briefDir: checked.brief.dir, bibliography, template: setup.template, stylePath: setup.stylePath });
  checkAsBuiltAlone(checked.tree, checked.brief.file);
  applySeverity(checked.files, severityTable(options.config.rules, options.strict));
  if (hasErrors(checked.files)) return { brief: done('failed', checked.brief.slug), part: undefined, files: checked.files, inputs: {} };
  const part = briefPart(rendered, { slug: checked.brief.slug, dir: checked.brief.dir });
  const urls: string[] = [];
  visit(checked.tree, (node) => void ('url' in node && typeof node.url === 'string' && urls.push(node.url)));
  const inputs = hashInputs(briefInputs({
    markdown: path, briefDir: checked.brief.dir, bibliographies: bibliography.files, urls,
    templateFiles: setup.template.files, fonts: fontsIn(setup.template.fontsCss).map((name) => fontFile(name)), style: setup.stylePath, cwd,
  }));
  inputs[path] = markdownHash;
  await storePart(cwd, key, context, part, inputs).catch(() => undefined);
  return { brief: done('rendered', part.slug), part, files: checked.files, inputs };
}

/** Assemble, print and pack the volume, then write it; undefined when it failed (messages on `file`). */
async function produceVolume(collection: Collection, parts: BriefPart[], file: VFile, options: CollectionOptions & { pool: PagePool }, timings: Timings) {
  const { config } = options;
  const template = loadTemplate(config.template, houseOf(config));
  if (!template) {
    file.message(`Unknown template \`${config.template}\``, { ruleId: RULES.unknownTemplate, source: SOURCE });
    applySeverity([file]);
    return undefined;
  }
  const [volume, volumeEpub, volumeReferences, { printPdfOnPage }, { packEpub }, { convertEpubImages }, { setPdfMetadata }, { verifyPdf }, { writeOutputs }] = await Promise.all([
    import('./stages/volume.ts'),
    import('./stages/volume-epub.ts'),
    import('./stages/volume-references.ts'),
    import('./stages/pdf.ts'),
    import('./stages/epub.ts'),
    import('./stages/images.ts'),
    import('./stages/pdf-postprocess.ts'),
    import('./stages/verify.ts'),
    import('./stages/write.ts'),
  ]);
  const meta: Meta = withMarkings(v.parse(FrontMatter, {
    title: collection.title, lang: collection.lang, author: collection.editors,
    ...(collection.subtitle ? { subtitle: collection.subtitle } : {}),
    ...(collection.date !== undefined ? { date: collection.date } : {}),
    ...(collection.description ? { description: collection.description } : {}),
  }), { classification: collection.classification ?? config.classification });
  const direction = textDirection(meta);
  const merged = collection.bibliography === 'merged' ? volumeReferences.mergeReferences(parts, { title: referencesTerm(meta.lang), lang: meta.lang }) : undefined;
  const logo = config.logo ? `house/logo${config.logo.slice(config.logo.lastIndexOf('.'))}` : undefined;
  const printHtml = volume.volumePrintHtml(merged?.parts ?? parts, {
    meta, direction, template, dir: collection.dir, ...(logo ? { logo } : {}),
    ...(collection.cover ? { cover: { src: encodeURI(relative(collection.dir, collection.cover.image).split(sep).join('/')), alt: collection.cover.alt } } : {}),
    ...(merged ? { references: [merged.print] } : {}),
  });
  const rendered = volumeEpub.volumeRendered(merged?.parts ?? parts, { meta, direction, template, printHtml, ...(merged ? { references: merged.epub } : {}) });
  const { pool } = options;
  const waiting = performance.now();
  const [printed, forEpub] = await pool.guarded(collection.slug, (page, browser) => {
    addTime(timings, 'browser', performance.now() - waiting);
    const print = printPdfOnPage(page, rendered, { briefDir: collection.dir, template, ...(config.logo ? { logo: config.logo } : {}), cover: true });
    return timed(timings, 'print', () => Promise.all([print, convertEpubImages(browser, rendered)]));
  });
  const house = { publisher: config.publisher, rights: config.rights };
  const date = outputDate(meta);
  let epub: Uint8Array;
  try {
    epub = await timed(timings, 'pack', () => packEpub(forEpub.rendered, { template, house, modified: date, ...(printed.cover ? { cover: printed.cover } : {}) }));
  } finally {
    await forEpub.cleanup();
  }
  for (const url of printed.blocked) file.message(`Blocked a request for \`${url}\`: only files in the collection's folder are used`, { ruleId: RULES.blockedRequest, source: SOURCE });
  const { bytes: pdf, pages } = await timed(timings, 'metadata', () => setPdfMetadata(printed.pdf, {
    title: meta.title, authors: meta.author.map((a) => a.name), subject: meta.description ?? meta.subtitle, keywords: [], lang: meta.lang, date,
  }));
  await timed(timings, 'verify', () => verifyPdf(pdf, file, { tree: { type: 'root', children: [] }, logo: Boolean(config.logo) || Boolean(collection.cover) }));
  applySeverity([file], severityTable(config.rules, options.strict));
  if (hasErrors([file])) return undefined;
  const formats = config.formats.filter((f) => f !== 'html');
  const outputs = await timed(timings, 'write', () => writeOutputs(options.outDir, collection.slug, { pdf, epub }, formats.length ? formats : ['pdf', 'epub']));
  return { outputs, pages, pdfBytes: pdf.byteLength, epubBytes: epub.byteLength };
}

/** The collection as one row of a batch (watch mode shows and follows it like a brief). */
export function asBriefResult(r: CollectionResult): BriefResult & { inputs?: string[] } {
  return { path: r.path, slug: r.slug, files: r.files, ok: r.ok, outputs: r.outputs, ms: r.ms, timings: r.timings, ...(r.skipped ? { skipped: true } : {}), ...(r.pages ? { pages: r.pages } : {}), ...(r.pdfBytes ? { pdfBytes: r.pdfBytes, epubBytes: r.epubBytes } : {}), ...(r.inputs ? { inputs: r.inputs } : {}) };
}

const slugOf = (path: string) => path.split(sep).at(-1)!.replace(/\.\w+$/, '');
