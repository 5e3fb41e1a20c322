/**
 * Citation rendering with citeproc-js (the CSL processor Zotero uses), with
 * styles and locales shipped in `templates/csl/` so nothing is fetched.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type CSLModule from 'citeproc';
import type { CslItem } from './bibliography.ts';
import type { CitationItem } from './types.ts';
import { PROJECT_ROOT } from './paths.ts';
import { cached } from './disk-cache.ts';
import { bibliographyFor, engineFor, registration } from './csl-reuse.ts';

const CSL_DIR = join(PROJECT_ROOT, 'templates', 'csl');

// citeproc-js (1 MB of CommonJS) is loaded on the first citation rendered, not
// by the checks that only need the helpers below: `check` never loads it.
const require = createRequire(import.meta.url);
let CSL: typeof CSLModule | undefined;
const citeproc = (): typeof CSLModule => (CSL ??= require('citeproc') as typeof CSLModule);

/** Styles bundled by name; `csl:` may also name a `.csl` file. */
export const BUNDLED_STYLES = ['chicago-author-date', 'chicago-note-bibliography', 'apa', 'harvard-cite-them-right'] as const;
const STYLE_ALIASES: Record<string, string> = {
  chicago: 'chicago-author-date',
  'chicago-notes': 'chicago-note-bibliography',
  'chicago-note': 'chicago-note-bibliography',
  'chicago-fullnote-bibliography': 'chicago-note-bibliography',
  harvard: 'harvard-cite-them-right',
};

/** Resolve `csl:` (a bundled name or a path relative to `baseDir`) to a file, or undefined. */
export function resolveStyle(name: string, baseDir: string): string | undefined {
  const bundled = STYLE_ALIASES[name] ?? name;
  if ((BUNDLED_STYLES as readonly string[]).includes(bundled)) return join(CSL_DIR, 'styles', `${bundled}.csl`);
  if (name.endsWith('.csl')) {
    const path = resolve(baseDir, name);
    return existsSync(path) ? path : undefined;
  }
  return undefined;
}

const styleCache = new Map<string, { mtimeMs: number; xml: string }>();

/** A style's XML, read again only when the file changes (a watch session renders often). */
export function readStyle(path: string): string {
  const { mtimeMs } = statSync(path);
  const cached = styleCache.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.xml;
  const xml = readFileSync(path, 'utf8');
  styleCache.set(path, { mtimeMs, xml });
  return xml;
}

const localeCache = new Map<string, string>();

/** The CSL locale XML for a language tag, falling back to its base language, then en-US. */
export function localeXml(lang: string): string {
  const base = lang.split('-')[0] ?? 'en';
  const candidates = [lang, base, ...readLocaleList().filter((l) => l.startsWith(`${base}-`)), 'en-US'];
  for (const tag of candidates) {
    const path = join(CSL_DIR, 'locales', `locales-${tag}.xml`);
    const cached = localeCache.get(path);
    if (cached) return cached;
    if (existsSync(path)) {
      const xml = readFileSync(path, 'utf8');
      localeCache.set(path, xml);
      return xml;
    }
  }
  throw new Error('The en-US CSL locale is missing from templates/csl/locales');
}

let localeList: string[] | undefined;

/** The locale tags shipped in templates/csl/locales, en-US first. */
function readLocaleList(): string[] {
  localeList ??= readdirSync(join(CSL_DIR, 'locales'))
    .map((f) => /^locales-(.+)\.xml$/.exec(f)?.[1])
    .filter((t): t is string => Boolean(t))
    .sort((a, b) => Number(b === 'en-US') - Number(a === 'en-US') || a.localeCompare(b));
  return localeList;
}

/** The localised word for "References" (CSL term `reference`, plural). */
export function referencesTerm(lang: string): string {
  const m = /<term name="reference">\s*<single>[^<]*<\/single>\s*<multiple>([^<]+)<\/multiple>/.exec(localeXml(lang));
  const word = m?.[1] ?? 'references';
  return word.charAt(0).toLocaleUpperCase(lang) + word.slice(1);
}

/** A stable, XML-safe element id for a bibliography key. */
export function refId(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_.-]/g, '-');
  return safe === key ? `ref-${key}` : `ref-${safe}-${hash(key)}`;
}

function hash(text: string): string {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return (h >>> 0).toString(36);
}

export interface Cluster {
  items: CitationItem[];
  mode: 'normal' | 'narrative';
  /** The footnote number the citation sits in (notes styles); 0 for body text. */
  noteIndex: number;
}

export interface RenderedCitations {
  isNoteStyle: boolean;
  /** HTML for each cluster, in the order given. */
  clusters: string[];
  /** In a notes style, the author part of each narrative cluster ("Hallaq"), for the text. */
  authors: string[];
  /** Bibliography entries in style order, HTML each. */
  entries: Array<{ id: string; html: string }>;
}

/** Render every citation cluster of a document and its bibliography in one pass. */
export function renderCitations(options: CitationInput): RenderedCitations {
  // Cached on disk when the build asks (lib/disk-cache.ts): the key is
  // everything the result depends on, the items as CSL-JSON included.
  const key = { ...options, items: [...options.items].sort(([a], [b]) => (a < b ? -1 : 1)), locale: localeXml(options.lang) };
  return cached('citations', key, () => renderUncached(options));
}

interface CitationInput {
  styleXml: string;
  lang: string;
  items: Map<string, CslItem>;
  clusters: Cluster[];
  /** Keys to list even though they are not cited (`nocite`). */
  uncited: string[];
}

function renderUncached(options: CitationInput): RenderedCitations {
  const { items, clusters } = options;
  const isNoteStyle = /<style[^>]*\sclass="note"/.test(options.styleXml);

  const known = clusters.map((c) => ({ ...c, items: c.items.filter((i) => items.has(i.key)) }));
  // citeproc-js's composite mode repeats the first item's suffix after the
  // author ("Council, p. 4 (2023, p. 4)"): a narrative citation whose first
  // item has affixes is rendered as pandoc does, author alone, then the rest.
  const split = new Set<number>();
  const citations = known.flatMap((cluster, index) => {
    if (cluster.items.length === 0) return [];
    const first = cluster.items[0]!;
    const narrative = cluster.mode === 'narrative' && !isNoteStyle;
    if (narrative && (first.prefix || first.suffix)) split.add(index);
    return [{
      citationID: `c${index}`,
      properties: { noteIndex: cluster.noteIndex, ...(narrative && !split.has(index) ? { mode: 'composite' } : {}) },
      citationItems: cluster.items.map((i, at) => ({
        ...(split.has(index) && at === 0 ? { 'suppress-author': true } : {}),
        id: i.key,
        ...(i.locator ? { locator: i.locator, label: i.label ?? 'page' } : {}),
        // A private-use marker in front of each item finds it again in the output
        // (citeproc-js's own entry wrapper drops the cluster's affixes); the key is
        // written in hex, which citeproc leaves alone (it escapes `&` in a URL key).
        prefix: `${MARK_OPEN}${Buffer.from(i.key).toString('hex')}${MARK_CLOSE}${i.prefix ? `${i.prefix} ` : ''}`,
        ...(i.suffix ? { suffix: /^[,;.]/.test(i.suffix) ? i.suffix : ` ${i.suffix}` } : {}),
        ...(i.suppressAuthor ? { 'suppress-author': true } : {}),
      })),
    }];
  });
  const uncited = options.uncited.filter((k) => items.has(k));
  const ids = [...new Set(citations.flatMap((c) => c.citationItems.map((i) => i.id)))];
  const reg = registration(options.styleXml, options.lang, items, ids, uncited);
  const engine = engineFor(reg, () => {
    const sys = {
      retrieveLocale: (lang: string) => localeXml(lang),
      retrieveItem: (id: string) => items.get(id),
    };
    const made = new (citeproc().Engine)(sys, options.styleXml, options.lang, true);
    made.opt.development_extensions.wrap_url_and_doi = true;
    made.setOutputFormat('html');
    return made;
  });
  // One pass over the whole document: every item is registered up front, so
  // citeproc does not re-render earlier clusters as each new item arrives
  // (processCitationCluster one by one was O(n²) and most of a build's time).
  const processed = engine.rebuildProcessorState(citations, 'html', uncited);
  const clustersHtml: string[] = new Array(clusters.length).fill('');
  for (const [citationID, , html] of processed) clustersHtml[Number(citationID.slice(1))] = linkItems(html);
  for (const index of split) {
    const at = citations.findIndex((c) => c.citationID === `c${index}`);
    const citation = citations[at]!;
    const pre = citations.slice(0, at).map((c): [string, number] => [c.citationID, c.properties.noteIndex]);
    const [head] = citation.citationItems;
    const authorOnly = { ...citation, citationItems: [{ id: head!.id, prefix: head!.prefix.slice(0, head!.prefix.indexOf(MARK_CLOSE) + 1) }], properties: { ...citation.properties, mode: 'author-only' } };
    clustersHtml[index] = `${linkItems(engine.previewCitationCluster(authorOnly, pre, [], 'html'))} ${clustersHtml[index]}`;
  }

  // In a notes style a narrative citation keeps its author in the text: ask
  // citeproc for the author alone, without changing its state.
  const authors: string[] = new Array(clusters.length).fill('');
  if (isNoteStyle) {
    citations.forEach((citation, at) => {
      const index = Number(citation.citationID.slice(1));
      if (clusters[index]?.mode !== 'narrative') return;
      const pre = citations.slice(0, at).map((c): [string, number] => [c.citationID, c.properties.noteIndex]);
      const authorOnly = { ...citation, properties: { ...citation.properties, mode: 'author-only' } };
      authors[index] = linkItems(engine.previewCitationCluster(authorOnly, pre, [], 'html'));
    });
  }

  const bib = bibliographyFor(reg, () => engine.makeBibliography());
  const entries: Array<{ id: string; html: string }> = [];
  if (bib) {
    bib[0].entry_ids.forEach((ids, i) => {
      const id = ids[0] ?? '';
      entries.push({ id, html: (bib[1][i] ?? '').trim() });
    });
  }
  return { isNoteStyle, clusters: clustersHtml, authors, entries };
}

const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARKED = new RegExp(`${MARK_OPEN}([^${MARK_CLOSE}]*)${MARK_CLOSE}`, 'g');

/** Turn each marked item of a rendered cluster into a link to its entry. */
function linkItems(html: string): string {
  // Narrative (composite) citations render an item's mark twice: keep the first.
  let last = '';
  html = html.replace(MARKED, (all, key: string) => {
    const again = key === last;
    last = key;
    return again ? '' : all;
  });
  const marks = [...html.matchAll(MARKED)];
  if (marks.length === 0) return html;
  let out = html.slice(0, marks[0]!.index);
  marks.forEach((m, n) => {
    const from = m.index + m[0].length;
    const to = marks[n + 1]?.index ?? html.length;
    const region = html.slice(from, to);
    // Keep the delimiter and closing punctuation outside the link.
    const tail = /[\s;,.:)\]]*$/.exec(region)?.[0] ?? '';
    const body = region.slice(0, region.length - tail.length);
    const key = Buffer.from(m[1] ?? '', 'hex').toString();
    out += body ? `<a class="citation-link" href="#${refId(key)}">${body}</a>${tail}` : tail;
  });
  return out;
}
