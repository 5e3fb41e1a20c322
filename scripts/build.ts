/**
 * The pipeline, one brief at a time:
 * load → parse → check → render → print PDF / pack EPUB → write.
 * Nothing here prints; results carry vfile messages for the CLI to report.
 */
import { join } from 'node:path';
import type { VFile } from 'vfile';
import type { Root } from 'mdast';
import { loadBrief, loadBibliography, type BriefFile } from './stages/load.ts';
import { parse } from './stages/parse.ts';
import { check } from './stages/check.ts';
import { render, type RenderedBrief } from './stages/render.ts';
import { printPdf } from './stages/pdf.ts';
import { packEpub } from './stages/epub.ts';
import { convertEpubImages } from './stages/images.ts';
import { writeAtomic } from './stages/write.ts';
import { setPdfMetadata } from './lib/pdf-metadata.ts';
import { guarded, launchBrowser, type BrowserSession } from './lib/browser.ts';
import { resolveStyle } from './lib/csl.ts';
import { checkSourceLimits, checkTreeLimits } from './lib/limits.ts';
import { loadTemplate, type Template } from './lib/template.ts';
import type { Bibliography } from './lib/bibliography.ts';
import type { Config } from './lib/config.ts';
import type { Meta } from './lib/meta.ts';
import { RULES, SOURCE } from './lib/rules.ts';

export interface BuildOptions {
  config: Config;
  /** Folder the outputs go to. */
  outDir: string;
  /** Treat warnings as errors. Default false. */
  strict?: boolean;
  cwd?: string;
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
}

/** A brief that passed load, parse and check. */
export interface CheckedBrief {
  brief: BriefFile;
  tree: Root;
  meta: Meta | undefined;
  bibliography: Bibliography | undefined;
  files: VFile[];
  ok: boolean;
}

/** load → parse → check, without a browser. */
export async function checkBrief(path: string, options: Pick<BuildOptions, 'config' | 'strict' | 'cwd'>): Promise<CheckedBrief> {
  const brief = await loadBrief(path, options.cwd);
  const { file } = brief;
  let tree: Root = { type: 'root', children: [] };
  let meta: Meta | undefined;
  let bibliography: Bibliography | undefined;
  try {
    if (!hasErrors([file], false) && checkSourceLimits(file)) {
      ({ tree, meta } = await parse(file, { template: options.config.template, ...(options.config.csl ? { csl: options.config.csl } : {}) }));
      if (meta && checkTreeLimits(tree, file)) {
        bibliography = await loadBibliography(brief, meta, tree);
        if (checkSetup(meta, options.config, brief, tree)) await check(tree, file, { meta, bibliography, briefDir: brief.dir });
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
  return { brief, tree, meta, bibliography, files, ok: Boolean(meta) && !hasErrors(files, false) };
}

/** Build many briefs with one browser, opened only if some brief passes its checks. */
export async function buildBriefs(paths: string[], options: BuildOptions): Promise<BriefResult[]> {
  const results: BriefResult[] = [];
  let session: BrowserSession | undefined;
  try {
    for (const path of paths) {
      const started = performance.now();
      const checked = await checkBrief(path, options);
      const result: BriefResult = { path, slug: checked.brief.slug, files: checked.files, ok: false, outputs: {}, ms: 0 };
      results.push(result);
      if (checked.ok && checked.meta && checked.bibliography) {
        try {
          session ??= await launchBrowser();
          result.outputs = await produce({ ...checked, meta: checked.meta, bibliography: checked.bibliography }, session, options);
          result.ok = !hasErrors(checked.files, false);
        } catch (error) {
          if (error instanceof Error && error.name === 'BrowserMissingError') throw error;
          // A crashed or timed-out browser has been closed: the next brief gets a new one.
          if (session && (error instanceof Error && error.name === 'BrowserFailure' || !session.browser.connected)) {
            await session.close();
            session = undefined;
          }
          if (!hasErrors([checked.brief.file], false)) {
            checked.brief.file.message(`Build failed: ${error instanceof Error ? error.message : String(error)}`, {
              ruleId: RULES.render,
              source: SOURCE,
            }).fatal = true;
          }
        }
      }
      result.ms = performance.now() - started;
    }
  } finally {
    await session?.close();
  }
  return results;
}

/** render → print PDF / pack EPUB → write, for one checked brief. */
async function produce(
  checked: CheckedBrief & { meta: Meta; bibliography: Bibliography },
  session: BrowserSession,
  options: BuildOptions,
) {
  const { brief, tree, meta, bibliography } = checked;
  const template = resolveTemplate(meta, options.config, brief.file);
  const rendered: RenderedBrief = render({ tree, meta, file: brief.file, dir: brief.dir, bibliography, template, logo: options.config.logo });
  const house = { publisher: options.config.publisher, rights: options.config.rights };
  const date = modifiedDate(meta);
  // The EPUB's cover is a picture of the PDF's first page, so packing waits for the print.
  const [printed, forEpub] = await guarded(session, brief.slug, () =>
    Promise.all([
      printPdf(session.browser, rendered, { briefDir: brief.dir, template, logo: options.config.logo, cover: true }),
      convertEpubImages(session.browser, rendered),
    ]),
  );
  let epub: Uint8Array;
  try {
    epub = await packEpub(forEpub.rendered, { template, house, modified: date, cover: printed.cover });
  } finally {
    await forEpub.cleanup();
  }
  const pdfBytes = await setPdfMetadata(printed.pdf, {
    title: meta.title,
    authors: meta.author.map((a) => a.name),
    subject: meta.subject ?? meta.description ?? meta.subtitle,
    keywords: meta.keywords,
    lang: meta.lang,
    date,
  });
  for (const url of printed.blocked) {
    brief.file.message(`Blocked a request for \`${url}\`: only files in the brief's folder are used`, {
      place: rendered.sources.get(url),
      ruleId: RULES.blockedRequest,
      source: SOURCE,
    }).fatal = true;
  }
  if (hasErrors([brief.file], false)) return {};
  const pdf = join(options.outDir, `${brief.slug}.pdf`);
  const epubPath = join(options.outDir, `${brief.slug}.epub`);
  await Promise.all([writeAtomic(pdf, pdfBytes), writeAtomic(epubPath, epub)]);
  return { pdf, epub: epubPath };
}

/**
 * The template and citation style a brief asks for must exist: checked here so
 * that `check` catches them, not only `build`. False when one is unknown.
 */
function checkSetup(meta: Meta, config: Config, brief: BriefFile, tree: Root): boolean {
  const yaml = tree.children.find((n) => n.type === 'yaml');
  const at = (key: string) => {
    const start = yaml?.position?.start.line;
    const index = yaml && 'value' in yaml ? yaml.value.split('\n').findIndex((l) => l.startsWith(`${key}:`)) : -1;
    return start !== undefined && index !== -1 ? { line: start + 1 + index, column: 1 } : yaml?.position;
  };
  const name = meta.template ?? config.template;
  const template = loadTemplate(name, { publisher: config.publisher, series: config.series, rights: config.rights, logo: config.logo, paper: config.paper });
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

function resolveTemplate(meta: Meta, config: Config, file: VFile): Template {
  const name = meta.template ?? config.template;
  const template = loadTemplate(name, { publisher: config.publisher, series: config.series, rights: config.rights, logo: config.logo, paper: config.paper });
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
