/**
 * Read bibliography files (BibTeX/BibLaTeX, CSL-JSON, CSL-YAML) into CSL items,
 * keeping where each entry starts so that checks can point into the file.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { location } from 'vfile-location';
import { VFile } from 'vfile';
import type { Point } from 'unist';
import type { plugins } from '@citation-js/core';
import { hashText, pipelineHash } from './manifest.ts';
import { writeAtomic } from './write.ts';
import { isoOf, readDate, readNumericDate } from './dates.ts';

// citation-js is loaded on the first BibTeX file parsed, not before: a run
// whose BibTeX files are all in the cache (see parseBibtex) never loads it.
let bibtexPlugins: Promise<typeof import('@citation-js/core').plugins> | undefined;
function bibtexParser() {
  bibtexPlugins ??= (async () => {
    const core = await import('@citation-js/core');
    // CommonJS: `default` is its module.exports, under tsx and bundled alike
    // (the bundle has no named exports for it).
    const { plugins } = core.default ?? core;
    await import('@citation-js/plugin-bibtex');
    // BibTeX titles are in title case with {braces} protecting proper nouns; CSL
    // expects sentence case with protected spans, and styles re-case as they need
    // (what pandoc does too). citation-js does this when asked.
    plugins.config.get('@bibtex').parse.sentenceCase = 'english';
    return plugins;
  })();
  return bibtexPlugins;
}

/** A CSL-JSON item as citeproc reads it. */
export type CslItem = Record<string, unknown> & { id: string; type: string };

/** One entry as written in one bibliography file. */
export interface BibEntry {
  id: string;
  item: CslItem;
  /** The bibliography file, as a VFile whose path is relative to the cwd. */
  file: VFile;
  place: Point;
}

export interface Bibliography {
  /** Every entry in file order, duplicates included. */
  entries: BibEntry[];
  /** The first entry of each key: what citations resolve to. */
  byKey: Map<string, BibEntry>;
  /** Absolute paths of the files named or found. */
  files: string[];
  /** Some file could not be read or parsed (already reported). */
  failed?: boolean;
}

export class BibliographyError extends Error {
  constructor(
    message: string,
    readonly place?: Point,
  ) {
    super(message);
  }
}

/** The folder, in the project folder, where parsed BibTeX is cached (in .gitignore). */
export const BIBLIOGRAPHY_CACHE = '.briefpress-cache';

const parsedCache = new Map<string, { text: string; items: CslItem[]; places: Map<string, Point[]> }>();

/** Forget the bibliographies parsed in this process (the on-disk cache stays). */
export function forgetParsedBibliographies(): void {
  parsedCache.clear();
}

/**
 * Parse one bibliography file; throws BibliographyError with the parser's line.
 * With `cacheDir`, parsed BibTeX is kept there by content hash for the next run.
 */
export async function readBibliography(path: string, displayPath: string, cacheDir?: string): Promise<BibEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BibliographyError(`Cannot read bibliography \`${displayPath}\``);
  }
  const file = new VFile({ path: displayPath, value: text });
  // A bibliography shared by many briefs is parsed once per process (while its
  // text is unchanged); each brief gets its own copy of the items and its own
  // VFile, since checks put messages on both.
  const ext = extname(path).toLowerCase();
  let parsed = parsedCache.get(path);
  if (!parsed || parsed.text !== text) {
    parsed = { text, items: await parseItems(text, ext, displayPath, path, cacheDir), places: entryPlaces(text, ext, file) };
    parsedCache.set(path, parsed);
  }
  const items = structuredClone(parsed.items);
  const places = parsed.places;
  const seen = new Map<string, number>();
  return items.map((raw) => {
    const item = cleanItem(raw);
    const n = seen.get(item.id) ?? 0;
    seen.set(item.id, n + 1);
    const place = places.get(item.id)?.[n] ?? { line: 1, column: 1 };
    return { id: item.id, item, file, place };
  });
}

/** Merge several files' entries; the first entry of a key wins. */
export function mergeBibliographies(lists: BibEntry[][], files: string[]): Bibliography {
  const entries = lists.flat();
  const byKey = new Map<string, BibEntry>();
  for (const entry of entries) if (!byKey.has(entry.id)) byKey.set(entry.id, entry);
  return { entries, byKey, files };
}

async function parseItems(text: string, ext: string, displayPath: string, path: string, cacheDir: string | undefined): Promise<CslItem[]> {
  try {
    if (ext === '.bib' || ext === '.bibtex') return await parseBibtex(text, path, cacheDir);
    if (ext === '.json') return asList(JSON.parse(text), displayPath);
    if (ext === '.yaml' || ext === '.yml') {
      const doc = YAML.parseDocument(text, { prettyErrors: true });
      const error = doc.errors[0];
      if (error) {
        const pos = error.linePos?.[0];
        throw new BibliographyError(`Cannot parse \`${displayPath}\`: ${error.message.split('\n')[0]}`, pos && { line: pos.line, column: pos.col });
      }
      return asList(doc.toJS(), displayPath);
    }
  } catch (error) {
    if (error instanceof BibliographyError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const m = /line (\d+)(?: col(?:umn)? (\d+))?/.exec(message) ?? /position (\d+)/.exec(message);
    let place: Point | undefined;
    if (m && m[0].startsWith('line')) place = { line: Number(m[1]), column: Number(m[2] ?? 1) };
    else if (m) place = location(text).toPoint(Number(m[1])) ?? undefined;
    throw new BibliographyError(`Cannot parse \`${displayPath}\`: ${message.split('\n')[0]}`, place);
  }
  throw new BibliographyError(`Unknown bibliography format \`${ext}\` for \`${displayPath}\` (use .bib, .json or .yaml)`);
}

/**
 * BibTeX to CSL items with citation-js, in two steps, so that the dates
 * reference managers write are read between them (see readManagerDates).
 */
export function bibtexToItems(citationJs: typeof plugins, text: string): CslItem[] {
  const entries = citationJs.input.chain(text, { forceType: '@biblatex/text', target: '@biblatex/entries+list', generateGraph: false }) as RawEntry[];
  for (const entry of entries) readManagerDates(entry.properties);
  const items = citationJs.input.chain(entries, { forceType: '@biblatex/entries+list', generateGraph: false }) as CslItem[];
  const raw = new Map(entries.map((e) => [e.label, e.properties]));
  return items.map((item) => keepLegalFields(item, raw.get(item.id)));
}

/**
 * citation-js drops the fields that name a court decision in BibLaTeX
 * (`@jurisdiction` with `court`, `journaltitle`, `number`, as biblatex's
 * legal styles write them): put them where CSL keeps them (`authority`,
 * `container-title`, `number`), so that citeproc prints them and the check
 * sees them.
 */
function keepLegalFields(item: CslItem, fields: Record<string, unknown> | undefined): CslItem {
  if (!fields || !['legal_case', 'legislation', 'bill', 'regulation', 'treaty'].includes(item.type)) return item;
  const text = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : undefined);
  const out: CslItem = { ...item };
  const authority = text(fields.court) ?? text(fields.authority) ?? text(fields.institution);
  if (authority && out.authority === undefined) out.authority = authority;
  const container = text(fields.journaltitle) ?? text(fields.journal) ?? text(fields.reporter);
  if (container && out['container-title'] === undefined) out['container-title'] = container;
  const number = text(fields.number);
  if (number && out.number === undefined) out.number = number;
  return out;
}

/** A BibTeX entry as citation-js reads it, before mapping to CSL. */
interface RawEntry {
  type: string;
  label: string;
  properties: Record<string, unknown>;
}

/**
 * Dates as reference managers and hand-written files have them, which
 * citation-js (reading BibLaTeX's EDTF dates) misreads or drops:
 * `urldate = {01/02/13}`, `date = {21 January 2023}`, `month = {Jan.}`, an
 * `accessed` field, and Wikipedia's `note = {[Online; accessed 4-March-2021]}`.
 * Each is rewritten as the ISO date citation-js reads.
 */
function readManagerDates(fields: Record<string, unknown>): void {
  if (fields.urldate === undefined && fields.accessed !== undefined) fields.urldate = fields.accessed;
  if (fields.urldate === undefined && typeof fields.note === 'string') {
    const m = /\baccessed:?\s*(?:on\s+)?([^\];]+?)\s*\]?\s*$/i.exec(fields.note);
    const parts = m && (readDate(m[1]!.replace(/-/g, ' ')) ?? readDate(m[1]!) ?? readNumericDate(m[1]!));
    if (parts) fields.urldate = isoOf(parts);
  }
  for (const field of ['urldate', 'date', 'eventdate', 'origdate']) {
    const value = fields[field];
    if (typeof value !== 'string' || /^\d{4}(?:-\d{2}){0,2}(?:[/T]|$)/.test(value.trim())) continue;
    const parts = readDate(value) ?? readNumericDate(value);
    if (parts) fields[field] = isoOf(parts);
  }
  const month = fields.month;
  if (typeof month === 'string' && /^[A-Za-z]{3,}\.?$/.test(month.trim())) fields.month = month.trim().slice(0, 3).toLowerCase();
}

/** CSL-JSON is an array; CSL-YAML (pandoc) is an array or `references:`. */
function asList(data: unknown, displayPath: string): CslItem[] {
  const list = Array.isArray(data) ? data : (data as { references?: unknown } | null)?.references;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'object' || x === null || typeof x.id !== 'string')) {
    throw new BibliographyError(`\`${displayPath}\` is not a list of CSL items, each with an \`id\``);
  }
  return list.map((x) => ({ type: 'document', ...x, id: String(x.id) }) as CslItem);
}

/** Find where each entry starts in its file (citation-js keeps no positions). */
function entryPlaces(text: string, ext: string, file: VFile): Map<string, Point[]> {
  const pattern =
    ext === '.json'
      ? /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/g
      : ext === '.yaml' || ext === '.yml'
        ? /^[ \t]*-?[ \t]*id:[ \t]*["']?([^\s"'#]+)/gm
        : /@[A-Za-z]+[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,/g;
  const loc = location(file);
  const places = new Map<string, Point[]>();
  for (const m of text.matchAll(pattern)) {
    const key = m[1] ?? '';
    const point = loc.toPoint(m.index + m[0].lastIndexOf(key)) as Point;
    places.set(key, [...(places.get(key) ?? []), point]);
  }
  return places;
}

/** Undo TeX escapes that reference managers leave in verbatim fields. */
function cleanItem(item: CslItem): CslItem {
  const out: CslItem = { ...item };
  for (const field of ['URL', 'DOI'] as const) {
    const value = out[field];
    // citation-js keeps `\_` as is, or percent-encodes the backslash (`%5C_`).
    if (typeof value === 'string') out[field] = value.replace(/(?:\\|%5C)([_&%#$~{}])/gi, '$1').trim();
  }
  if (typeof out.issued === 'string') out.issued = { raw: out.issued };
  if (typeof out.accessed === 'string') out.accessed = { raw: out.accessed };
  return out;
}

/**
 * BibTeX through citation-js, the slowest part of a check (a 40 KB export takes
 * 100–200 ms, and loading citation-js as much again): the items are kept in
 * `cacheDir` under the hash of the text and of the pipeline (package-lock.json
 * and scripts/, so a new citation-js or new parse options miss), one file per
 * bibliography path (an older version of the same file is removed).
 */
async function parseBibtex(text: string, path: string, cacheDir: string | undefined): Promise<CslItem[]> {
  const prefix = `bibtex-${hashText(resolve(path)).slice(0, 16)}-`;
  const name = `${prefix}${hashText(`${pipelineHash()}\0${text}`).slice(0, 32)}.json`;
  if (cacheDir) {
    try {
      const cached: unknown = JSON.parse(await readFile(join(cacheDir, name), 'utf8'));
      if (Array.isArray(cached)) return cached as CslItem[];
    } catch {
      // not cached yet, or unreadable: parse
    }
  }
  const items = bibtexToItems(await bibtexParser(), text);
  if (cacheDir) {
    const stale = (await readdir(cacheDir).catch(() => [] as string[])).filter((f) => f.startsWith(prefix) && f !== name);
    await Promise.all([writeAtomic(join(cacheDir, name), JSON.stringify(items)), ...stale.map((f) => rm(join(cacheDir, f), { force: true }))]).catch(() => undefined);
  }
  return items;
}
