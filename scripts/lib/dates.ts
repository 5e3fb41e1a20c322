/**
 * Dates as authors and reference managers write them, read by an explicit
 * list of formats (date-fns `parse`), never by `new Date(string)`, whose
 * reading of anything but ISO depends on the engine.
 */
import { isValid, parse, type Locale } from 'date-fns';
import { de, es, fr, it, pt } from 'date-fns/locale';

/** Year, and month and day when written. */
export type DateParts = [number] | [number, number] | [number, number, number];

/**
 * Written forms accepted besides ISO 8601, with English month names (full or
 * abbreviated, a period after the abbreviation allowed, ordinals allowed).
 * Each pattern says which parts it gives.
 */
const WRITTEN: Array<[pattern: string, parts: 1 | 2 | 3]> = [
  ['d MMMM yyyy', 3], // 21 January 2023
  ['do MMMM yyyy', 3], // 21st January 2023
  ['d MMM yyyy', 3], // 21 Jan 2023
  ['do MMM yyyy', 3],
  ['MMMM d, yyyy', 3], // March 21, 2021
  ['MMMM do, yyyy', 3], // March 21st, 2021
  ['MMM d, yyyy', 3], // Mar 21, 2021
  ['MMM do, yyyy', 3],
  ['MMMM d yyyy', 3],
  ['MMM d yyyy', 3],
  ['d MMMM, yyyy', 3],
  ['MMMM yyyy', 2], // January 2023
  ['MMMM, yyyy', 2],
  ['MMM yyyy', 2], // Jan 2023
  ['yyyy/MM/dd', 3], // 2023/01/21
  ['yyyy/M/d', 3],
  ['dd.MM.yyyy', 3], // 21.01.2023 (day first, as in German and Russian usage)
  ['d.M.yyyy', 3],
];

/** Dates written in other languages, read when the brief is in that language. */
const LOCAL: Record<string, { locale: Locale; patterns: string[] }> = {
  es: { locale: es, patterns: ["d 'de' MMMM 'de' yyyy", 'd MMMM yyyy', "MMMM 'de' yyyy"] },
  pt: { locale: pt, patterns: ["d 'de' MMMM 'de' yyyy", 'd MMMM yyyy', "MMMM 'de' yyyy"] },
  fr: { locale: fr, patterns: ['d MMMM yyyy', 'MMMM yyyy'] },
  de: { locale: de, patterns: ['d. MMMM yyyy', 'd MMMM yyyy', 'MMMM yyyy'] },
  it: { locale: it, patterns: ['d MMMM yyyy', 'MMMM yyyy'] },
};

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Read a date written as ISO (`2023`, `2023-01`, `2023-01-21`, with an
 * optional time) or in one of the written forms above (or, for a brief in
 * Spanish, Portuguese, French, German or Italian, in that language's usual
 * form, as `20 de enero de 2014`); undefined otherwise.
 */
export function readDate(text: string, lang = 'en'): DateParts | undefined {
  const value = text.trim().replace(/\s+/g, ' ');
  const iso = ISO.exec(value);
  if (iso) {
    const parts = [iso[1], iso[2], iso[3]].filter((x) => x !== undefined).map(Number) as DateParts;
    return valid(parts) ? parts : undefined;
  }
  // `Jan.` and `Sept` as date-fns's `MMM` (`Jan`, `Sep`) reads them.
  const normal = value.replace(/\b([A-Za-z]{3,4})\./g, '$1').replace(/\bSept\b/gi, 'Sep');
  const local = LOCAL[lang.split('-')[0]!.toLowerCase()];
  const tries: Array<[string, number, Locale | undefined]> = [
    ...WRITTEN.map(([p, n]): [string, number, undefined] => [p, n, undefined]),
    ...(local?.patterns ?? []).map((p): [string, number, Locale] => [p, /d/.test(p.replace(/'[^']*'/g, '')) ? 3 : 2, local!.locale]),
  ];
  for (const [pattern, count, locale] of tries) {
    const date = parse(normal, pattern, new Date(2000, 0, 1), locale ? { locale } : {});
    // date-fns's `yyyy` also takes one or two digits: a year is written in full.
    if (!isValid(date) || !new RegExp(`(^|\\D)${date.getFullYear()}(\\D|$)`).test(normal) || date.getFullYear() < 1000) continue;
    const parts = [date.getFullYear(), date.getMonth() + 1, date.getDate()].slice(0, count) as DateParts;
    return parts;
  }
  return undefined;
}

/**
 * A numeric date as reference managers export access dates (`01/02/13`,
 * `1/2/2013`): day and month are told apart only when one is above 12; when
 * both could be either, only the year is read. Undefined when not of that form.
 */
export function readNumericDate(text: string): DateParts | undefined {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  let year = Number(m[3]);
  // Two-digit years: the nearest century that does not lie in the future.
  if (m[3]!.length === 2) year += year <= (new Date().getUTCFullYear() % 100) + 1 ? 2000 : 1900;
  const parts: DateParts | undefined = a > 12 && b <= 12 ? [year, b, a] : b > 12 && a <= 12 ? [year, a, b] : a === b ? [year, a, b] : [year];
  return valid(parts) ? parts : undefined;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function isoOf(parts: DateParts): string {
  return parts.map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

function valid(parts: DateParts): boolean {
  const [y, m, d] = parts;
  if (y < 1 || y > 9999) return false;
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  return d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
