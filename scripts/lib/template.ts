/**
 * Templates are folders under `templates/`: an ejs layout for print, a title
 * block for the EPUB, print and EPUB CSS, and `template.json`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { TEMPLATES_DIR } from './paths.ts';
import type { FootnoteNumbering, Meta, NotesPlacement } from './meta.ts';

export interface Strings {
  notes: string;
  backToText: string;
  contents: string;
  by: string;
  page: string;
  keyPoints: string;
  landmarks: string;
  titlePage: string;
  /** Before a collection's editors on its cover. */
  editedBy: string;
  /** Cross-references and captions (lib/crossref.ts): `Figure`, `Figures`… as written mid-sentence. */
  figure: string;
  figures: string;
  table: string;
  tables: string;
  section: string;
  sections: string;
  equation: string;
  equations: string;
  /** Between the numbers of a group of references: `, ` (Arabic `، `). */
  listDelimiter: string;
  listOfFigures: string;
  listOfTables: string;
}

/** A list of figures or of tables, for the print layout (front matter `lof`, `lot`). */
export interface FigureList {
  /** `lof` or `lot`. */
  kind: string;
  title: string;
  entries: Array<{ id: string; label: string; text: string }>;
}

/** House settings that reach the templates (from the project config). */
export interface House {
  publisher?: string;
  series?: string;
  rights?: string;
  /** Absolute path of the house logo, if any. */
  logo?: string;
  paper: 'A4' | 'Letter';
  /** Where the PDF puts notes (a brief's front matter wins); default `footnotes`, at the foot of the page. */
  notes?: NotesPlacement;
  /** Note numbers through the brief, or restarting on each page of the PDF; default `continuous`. */
  footnotes?: FootnoteNumbering;
}

/** A heading for the table of contents. */
export interface TocEntry {
  depth: number;
  text: string;
  id: string;
}

export interface Template {
  name: string;
  /** The template's folders, most specific first (a template may extend another). */
  dirs: string[];
  defaultStyle: string;
  /** `toc: true` by default (a report template). */
  defaultToc: boolean;
  epubCss: string;
  fontsCss: string;
  /** Every file that shapes the output, for change detection. */
  files: string[];
  strings(lang: string): Strings;
  renderPrint(data: { meta: Meta; dir: string; body: string; toc: TocEntry[] | undefined; lists?: FigureList[]; logo?: string }): string;
  renderEpubSection(data: { meta: Meta; index: number; body: string }): string;
}

export const PAPER = {
  A4: { width: '210mm', height: '297mm' },
  Letter: { width: '8.5in', height: '11in' },
} as const;

const stringsTable = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'strings.json'), 'utf8')) as Record<string, Strings>;

interface TemplateJson {
  description?: string;
  /** Another template whose files this one falls back to; its CSS comes first. */
  extends?: string;
  defaultStyle?: string;
  toc?: boolean;
}

const cache = new Map<string, Template>();

/** Forget loaded templates, so that edited template files are read again (watch mode). */
export function clearTemplateCache(): void {
  cache.clear();
}

/** Load a template by name; undefined when there is no such template. */
export function loadTemplate(name: string, house: House): Template | undefined {
  const key = `${name}\0${JSON.stringify(house)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const chain: Array<{ dir: string; json: TemplateJson }> = [];
  for (let at: string | undefined = name; at; ) {
    const dir = join(TEMPLATES_DIR, at);
    if (!/^[\w-]+$/.test(at) || !existsSync(join(dir, 'template.json')) || chain.some((c) => c.dir === dir)) return undefined;
    const json = JSON.parse(readFileSync(join(dir, 'template.json'), 'utf8')) as TemplateJson;
    chain.push({ dir, json });
    at = json.extends;
  }
  const dirs = chain.map((c) => c.dir);
  const read = (file: string) => templateFile({ name, dirs }, file);
  const cascade = (file: string) => cascadedFile({ dirs }, file);
  const setting = <K extends keyof TemplateJson>(k: K) => chain.find((c) => c.json[k] !== undefined)?.json[k];
  const printLayout = ejs.compile(read('print.html.ejs'));
  const titleBlock = ejs.compile(read('epub-title.html.ejs'));
  const printCss = cascade('print.css');
  const fontsCss = readFileSync(join(TEMPLATES_DIR, 'fonts.css'), 'utf8');
  const strings = (lang: string): Strings => stringsTable[lang.split('-')[0]!.toLowerCase()] ?? stringsTable.en!;
  const common = (meta: Meta) => ({
    meta,
    authors: meta.author.map((a) => a.name),
    // A date written out (`21 January 2023`, `Spring 2023`) is shown as written, as pandoc does.
    date: meta.dateText ?? formatDate(meta.date, meta.lang),
    series: meta.series ?? house.series,
    publisher: meta.publisher ?? house.publisher,
    rights: meta.rights ?? house.rights,
    subject: meta.subject ?? meta.description ?? meta.abstract,
    paper: house.paper,
    notes: meta.notes ?? house.notes ?? 'footnotes',
    footnotes: meta.footnotes ?? house.footnotes ?? 'continuous',
    page: PAPER[house.paper],
    strings: strings(meta.lang),
    cssString,
  });
  const template: Template = {
    name,
    dirs,
    defaultStyle: (setting('defaultStyle') as string | undefined) ?? 'chicago-author-date',
    defaultToc: (setting('toc') as boolean | undefined) ?? false,
    epubCss: cascade('epub.css'),
    fontsCss,
    files: [
      ...dirs.flatMap((d) => readdirSync(d).map((f) => join(d, f))),
      join(TEMPLATES_DIR, 'fonts.css'),
      join(TEMPLATES_DIR, 'strings.json'),
    ],
    strings,
    renderPrint: ({ meta, dir: textDir, body, toc, lists, logo }) =>
      printLayout({ ...common(meta), dir: textDir, body, toc, lists: lists ?? [], logo, css: `${fontsCss}\n${printCss}` }),
    renderEpubSection: ({ meta, index, body }) => (index === 0 ? titleBlock(common(meta)) : '') + body,
  };
  cache.set(key, template);
  return template;
}

/** The most specific template folder's copy of a file (a template may extend another). */
export function templateFile(template: Pick<Template, 'name' | 'dirs'>, file: string): string {
  const dir = template.dirs.find((d) => existsSync(join(d, file)));
  if (!dir) throw new Error(`Template \`${template.name}\` has no ${file}`);
  return readFileSync(join(dir, file), 'utf8');
}

/** A stylesheet from every template folder that has one, the base first (CSS cascades from the base). */
export function cascadedFile(template: Pick<Template, 'dirs'>, file: string): string {
  return [...template.dirs].reverse().filter((d) => existsSync(join(d, file))).map((d) => readFileSync(join(d, file), 'utf8')).join('\n');
}

/** A value safe inside a CSS string literal. */
export function cssString(value: string): string {
  return value.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3C ');
}

/** `2024-01-05` → "5 January 2024" in the brief's language (month precision when given). */
export function formatDate(date: string | undefined, lang: string): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', timeZone: 'UTC' };
  if (m) options.month = 'long';
  if (d) options.day = 'numeric';
  try {
    return new Intl.DateTimeFormat(lang, options).format(at);
  } catch {
    return date;
  }
}
