/**
 * The front matter a brief may carry, as one valibot schema that gives both
 * the type and the validation (as vivliostyle-cli does for its config).
 */
import * as v from 'valibot';

const stringList = v.pipe(
  v.union([v.string(), v.array(v.string())]),
  v.transform((x) => (Array.isArray(x) ? x : [x])),
);

const author = v.union([
  v.pipe(v.string(), v.minLength(1)),
  v.object({ name: v.pipe(v.string(), v.minLength(1)), affiliation: v.optional(v.string()) }),
]);

/** A YAML date (`2024-01-05`) arrives as a string; a bare year as a number. */
const date = v.pipe(
  v.union([v.string(), v.number(), v.date()]),
  v.transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d))),
  v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'Expected a date as YYYY, YYYY-MM or YYYY-MM-DD'),
);

export const FrontMatter = v.object({
  title: v.pipe(v.string('Every brief needs a `title`'), v.trim(), v.minLength(1, 'Every brief needs a `title`')),
  subtitle: v.optional(v.string()),
  author: v.optional(
    v.pipe(
      v.union([author, v.array(author)]),
      v.transform((a) => (Array.isArray(a) ? a : [a]).map((x) => (typeof x === 'string' ? { name: x } : x))),
    ),
    [],
  ),
  date: v.optional(date),
  /** BCP 47 language tag; default `en`. */
  lang: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language tag such as `en` or `ar`')), 'en'),
  dir: v.optional(v.picklist(['ltr', 'rtl'])),
  description: v.optional(v.string()),
  abstract: v.optional(v.string()),
  keywords: v.optional(stringList, []),
  subject: v.optional(v.string()),
  bibliography: v.optional(stringList),
  /** A bundled style name or a path to a `.csl` file; default chicago-author-date. */
  csl: v.optional(v.string()),
  nocite: v.optional(stringList, []),
  'reference-section-title': v.optional(v.string()),
  /** Table of contents; default: the template's choice. */
  toc: v.optional(v.boolean()),
  /** In a notes style, put note markers after the punctuation that follows them (pandoc's default, `true`). */
  'notes-after-punctuation': v.optional(v.boolean()),
  template: v.optional(v.string()),
  publisher: v.optional(v.string()),
  series: v.optional(v.string()),
  rights: v.optional(v.string()),
  identifier: v.optional(v.string()),
});

export type Meta = v.InferOutput<typeof FrontMatter>;

const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** Writing direction of a brief: `dir` if given, otherwise from its language. */
export function direction(meta: Pick<Meta, 'lang' | 'dir'>): 'ltr' | 'rtl' {
  return meta.dir ?? (RTL_LANGS.has(meta.lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');
}
