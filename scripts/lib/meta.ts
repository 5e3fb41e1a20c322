/**
 * The front matter a brief may carry, as one valibot schema that gives both
 * the type and the validation (as vivliostyle-cli does for its config).
 *
 * It reads front matter as pandoc does: keys it does not know (`output`,
 * `format`, `execute`, `header-includes`, `link-citations`, ...) are ignored;
 * the fields of JOSS, R Markdown and Quarto papers (`authors` with numbered
 * `affiliations`, authors as objects with `orcid` and `email`, `tags`) are
 * read; a date is any string.
 */
import * as v from 'valibot';
import { isoOf, readDate } from './dates.ts';

const text = v.pipe(v.union([v.string(), v.number()]), v.transform(String));

const stringList = v.pipe(
  v.union([text, v.array(text)]),
  v.transform((x) => (Array.isArray(x) ? x : [x])),
);

/** An author as written: a name, or an object in one of the shapes of pandoc, R Markdown, Quarto or JOSS. */
const person = v.union([v.pipe(v.string(), v.minLength(1)), v.looseObject({})], 'Expected a name or a list of names (or of `name:` objects)');
const people = v.union([v.array(person), person], 'Expected a name or a list of names (or of `name:` objects)');

/** Words that mean "the day of the build" in pandoc LaTeX and Quarto front matter. */
const TODAY = new Set(['today', '\\today', 'now', 'last-modified']);

/** Where the PDF puts notes: `footnotes` at the foot of the page (the default), or `endnotes` before the References. */
export const notesPlacement = v.picklist(['footnotes', 'endnotes'], 'Expected `footnotes` or `endnotes`');
/** Note numbers through the brief (`continuous`, the default) or restarting on each page of the PDF (`per-page`). */
export const footnoteNumbering = v.picklist(['continuous', 'per-page'], 'Expected `continuous` or `per-page`');
export type NotesPlacement = v.InferOutput<typeof notesPlacement>;
export type FootnoteNumbering = v.InferOutput<typeof footnoteNumbering>;

/** Handling markings (issue 16): printed on every PDF page and on the title pages. */
const markingFields = {
  /** Free text such as `OFFICIAL`, at the top and bottom of every page; over the house config's. */
  classification: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'Expected a marking such as `OFFICIAL`'))),
  /** `draft` marks every page DRAFT (as `--draft` does). */
  status: v.optional(v.picklist(['draft', 'final'], 'Expected `draft` or `final`')),
};

export const FrontMatter = v.pipe(
  v.object({
    title: v.pipe(v.union([v.string(), v.number()], 'Every brief needs a `title`'), v.transform(String), v.trim(), v.minLength(1, 'Every brief needs a `title`')),
    subtitle: v.optional(text),
    author: v.optional(people),
    /** JOSS writes `authors:`. */
    authors: v.optional(people),
    /** JOSS and Quarto: `[{name, index}]` or `[{id, name}]`, referred to from each author. */
    affiliations: v.optional(v.array(v.union([text, v.looseObject({})]))),
    /** Any string: ISO dates are read; others are kept as written. */
    date: v.optional(v.union([v.string(), v.number(), v.date()])),
    /** BCP 47 language tag; default `en`. */
    lang: v.optional(
      v.pipe(
        v.string(),
        v.transform((x) => x.replace(/_/g, '-')),
        v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language tag such as `en` or `ar`'),
      ),
      'en',
    ),
    dir: v.optional(v.picklist(['ltr', 'rtl'])),
    description: v.optional(text),
    abstract: v.optional(text),
    keywords: v.optional(stringList),
    /** JOSS writes `tags:` for keywords. */
    tags: v.optional(stringList),
    subject: v.optional(text),
    bibliography: v.optional(stringList),
    /** A bundled style name or a path to a `.csl` file; default chicago-author-date. */
    csl: v.optional(v.string()),
    /** Keys as pandoc reads them: `[@a, @b]`, `'@a, @b'` or `@*`. */
    nocite: v.optional(stringList),
    'reference-section-title': v.optional(text),
    /** Table of contents; default: the template's choice. */
    toc: v.optional(v.boolean()),
    /** Lists of figures and of tables after the table of contents (pandoc-crossref's names); default false. */
    lof: v.optional(v.boolean()),
    lot: v.optional(v.boolean()),
    /** In a notes style, put note markers after the punctuation that follows them (pandoc's default, `true`). */
    'notes-after-punctuation': v.optional(v.boolean()),
    /** Notes at the foot of the PDF's pages, or as endnotes; over the house config's. */
    notes: v.optional(notesPlacement),
    /** `per-page` restarts note numbers on each PDF page; over the house config's. */
    footnotes: v.optional(footnoteNumbering),
    template: v.optional(v.string()),
    publisher: v.optional(text),
    series: v.optional(text),
    rights: v.optional(text),
    identifier: v.optional(text),
    ...markingFields,
  }),
  v.transform(({ authors, affiliations, tags, date, ...rest }) => ({
    ...rest,
    author: readAuthors(rest.author ?? authors, affiliations ?? []),
    keywords: rest.keywords ?? tags ?? [],
    nocite: (rest.nocite ?? []).flatMap((x) => x.split(/[\s,;]+/)).map((k) => k.replace(/^@/, '')).filter(Boolean),
    ...readFrontDate(date, buildDay(), rest.lang),
  })),
);

export type Meta = v.InferOutput<typeof FrontMatter>;

export interface Author {
  name: string;
  affiliation?: string;
}

/**
 * The date fields of a brief: `date`, ISO (YYYY, YYYY-MM or YYYY-MM-DD) when
 * the written date could be read (what EPUB and PDF metadata and the
 * reproducible build date use), and `dateText`, the date as written when that
 * is not ISO (what the cover shows). `today`, `\today`, `now`, Quarto's
 * `last-modified` and R Markdown's inline R are the day of the build
 * (`SOURCE_DATE_EPOCH` when set).
 */
export function readFrontDate(value: string | number | Date | undefined, now = buildDay(), lang = 'en'): { date?: string; dateText?: string } {
  if (value === undefined) return {};
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? {} : { date: value.toISOString().slice(0, 10) };
  const written = String(value).trim();
  if (written === '') return {};
  // R Markdown computes its date with inline R (`` `r Sys.Date()` ``): the day it is knitted.
  if (TODAY.has(written.toLowerCase()) || /^`r\s[^`]*`$/.test(written)) return { date: now.toISOString().slice(0, 10) };
  const parts = readDate(written, lang);
  const date = parts && isoOf(parts);
  return { ...(date && { date }), ...(date !== written && { dateText: written }) };
}

/** The day a build happens: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now. */
export function buildDay(): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

type Person = string | Record<string, unknown>;

/** Authors as `{name, affiliation}`, affiliations resolved from JOSS indices or Quarto ids. */
function readAuthors(input: Person | Person[] | undefined, affiliations: Array<string | Record<string, unknown>>): Author[] {
  const list = input === undefined ? [] : Array.isArray(input) ? input : [input];
  const named = new Map<string, string>();
  for (const a of affiliations) {
    if (typeof a === 'string') continue;
    const name = nameOf(a);
    for (const key of [a.index, a.id, a.ref]) if (name && (typeof key === 'string' || typeof key === 'number')) named.set(String(key), name);
  }
  const affiliation = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.flatMap(affiliation);
    if (typeof value === 'number') return [named.get(String(value)) ?? String(value)];
    if (typeof value === 'string') {
      // JOSS: `affiliation: "1, 2"` names affiliations by index.
      const refs = value.split(/\s*,\s*/);
      return refs.every((r) => named.has(r)) ? refs.map((r) => named.get(r)!) : [value];
    }
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      const ref = o.ref ?? o.id;
      return [(typeof ref === 'string' && named.get(ref)) || nameOf(o) || ''].filter(Boolean);
    }
    return [];
  };
  return list.flatMap((p): Author[] => {
    if (typeof p === 'string') return [{ name: p }];
    const name = nameOf(p);
    if (!name) return [];
    const affs = [...affiliation(p.affiliation), ...affiliation(p.affiliations)];
    return [affs.length ? { name, affiliation: affs.join('; ') } : { name }];
  });
}

/** A person's or organisation's name in the shapes pandoc, Quarto, CSL and JOSS use. */
function nameOf(o: Record<string, unknown>): string | undefined {
  const name = o.name;
  if (typeof name === 'string' && name.trim()) return name.trim();
  const parts = name && typeof name === 'object' ? (name as Record<string, unknown>) : o;
  if (typeof parts.literal === 'string') return parts.literal;
  const full = [parts.given ?? parts['given-names'], parts['dropping-particle'], parts['non-dropping-particle'], parts.family ?? parts.surname]
    .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
    .join(' ');
  return full || undefined;
}

const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a brief: `dir` if given, otherwise from its language. */
export function direction(meta: Pick<Meta, 'lang' | 'dir'>): 'ltr' | 'rtl' {
  return meta.dir ?? (RTL_LANGS.has(meta.lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');
}
