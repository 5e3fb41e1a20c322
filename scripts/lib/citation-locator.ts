/**
 * Split a citation's suffix into a CSL locator (label and value) and the rest,
 * by pandoc's rules (its citeproc module, Text.Pandoc.Citeproc.Locator, as
 * documented in pandoc's MANUAL under "Citation syntax"):
 *
 * - an optional comma and space, then either a locator in braces
 *   (`{pp. iv, vi-xi}`: anything balanced, the label optional) or a label
 *   followed by locator words (`pp. 33-35`, `Chapter 6`, `sec. 3.1`, `1:12`,
 *   `iv`, `123(4)[5]6`, `33, 35-37`);
 * - labels are the CSL locale's terms for the locator types, any form,
 *   singular or plural, matched case-insensitively, the longest first;
 * - with no label "page" is assumed, and then every locator word needs a
 *   digit; with a label every word needs a digit or is a roman numeral;
 * - when no locator is found, a suffix that does not start with punctuation
 *   or a space gets a comma in front.
 *
 * Re-implemented (not a port): no JavaScript library parses pandoc locators.
 */
import { localeXml } from './csl.ts';

/** One token of the suffix, as pandoc's parser sees it. */
export interface Token {
  kind: 'str' | 'space' | 'node' | 'math';
  /** Plain text (what pandoc's `stringify` gives). */
  text: string;
  /** CSL rich text, for the part of the suffix that stays a suffix. */
  rich: string;
}

export interface Locator {
  label: string;
  locator: string;
}

/** pandoc's list of locator terms (citeproc's locator types that have locale terms). */
const LOCATOR_TERMS = ['book', 'chapter', 'column', 'figure', 'folio', 'issue', 'line', 'note', 'opus', 'page', 'number-of-pages', 'paragraph', 'part', 'section', 'sub-verbo', 'verse', 'volume'];

const maps = new Map<string, Map<string, string>>();

/** Each locale term text (case-folded) → its CSL locator type, for a language. */
export function locatorMap(lang: string): Map<string, string> {
  let map = maps.get(lang);
  if (map) return map;
  map = new Map();
  const xml = localeXml(lang);
  for (const m of xml.matchAll(/<term name="([^"]+)"[^>]*?(?:\/>|>([\s\S]*?)<\/term>)/g)) {
    const name = m[1]!;
    if (!LOCATOR_TERMS.includes(name) || m[2] === undefined) continue;
    const forms = /<single>/.test(m[2]) ? [...m[2].matchAll(/<(?:single|multiple)>([^<]*)</g)].map((f) => f[1]!) : [m[2]];
    for (const form of forms) {
      const text = decode(form).trim().toLowerCase();
      // pandoc builds its map with foldr: for a text two terms share, the first in LOCATOR_TERMS wins.
      if (text && !map.has(text)) map.set(text, name);
    }
  }
  maps.set(lang, map);
  return map;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

const isPunct = (c: string) => /^\p{P}$/u.test(c);
/** Punctuation that ends a locator word: all of it but `-`, `–` (ranges) and `:` (`1:12`). */
const isLocatorPunct = (c: string) => c !== '-' && c !== '–' && c !== ':' && isPunct(c);
const ROMAN = /^M*(?:CM)?D?(?:CD)?C*(?:XC)?L?(?:XL)?X*(?:IX)?V?(?:IV)?I*$/;

type Result<T> = { value: T; next: number } | undefined;

/** Parse a suffix: the locator, if any, and the tokens that remain the suffix. */
export function parseLocator(tokens: Token[], map: Map<string, string>): { locator?: Locator; rest: Token[] } {
  const n = tokens.length;
  const tok = (i: number) => (i < n ? tokens[i] : undefined);
  const char = (i: number, test: (c: string) => boolean) => {
    const t = tok(i);
    return t?.kind === 'str' && [...t.text].length === 1 && test(t.text);
  };
  const isSpace = (i: number) => tok(i)?.kind === 'space';

  // A run of units separated by periods: `1`, `1.2`, `V.9` (not a trailing `1.`).
  const pageUnit = (i: number): Result<[boolean, string]> => {
    const t = tok(i);
    if (t?.kind === 'str' && ROMAN.test(t.text.toUpperCase()) && t.text !== '') return { value: [true, t.text], next: i + 1 };
    let j = i;
    let s = '';
    while (j < n && !isSpace(j) && !char(j, isLocatorPunct) && tok(j)!.kind !== 'math') s += tok(j++)!.text;
    return j > i ? { value: [/\p{Nd}/u.test(s), s], next: j } : undefined;
  };
  const withPeriod = (i: number): Result<[boolean, string]> => {
    if (!char(i, (c) => c === '.')) return undefined;
    const u = pageUnit(i + 1);
    return u && { value: [u.value[0], `.${u.value[1]}`], next: u.next };
  };
  const pageSeq = (i: number): Result<[boolean, string]> => {
    const first = pageUnit(i) ?? withPeriod(i);
    if (!first) return undefined;
    let [d, s] = first.value;
    let j = first.next;
    for (let w = withPeriod(j); w; w = withPeriod(j)) {
      d ||= w.value[0];
      s += w.value[1];
      j = w.next;
    }
    return { value: [d, s], next: j };
  };
  // One or more of `p` or `(p)`, `[p]`, `{p}` (one level), concatenated: `34(1)(i)`.
  const balanced = (i: number, pairs: string[], p: (i: number) => Result<[boolean, string]>): Result<[boolean, string]> => {
    const isBrace = (c: string) => pairs.some((pair) => pair.includes(c));
    let j = i;
    let d = false;
    let s = '';
    for (;;) {
      let got: Result<[boolean, string]>;
      const open = pairs.find((pair) => char(j, (c) => c === pair[0]));
      if (open) {
        const inner = char(j + 1, isBrace) ? undefined : p(j + 1);
        const k = inner ? inner.next : j + 1;
        if (char(k, (c) => c === open[1])) got = { value: [inner?.value[0] ?? false, `${open[0]}${inner?.value[1] ?? ''}${open[1]}`], next: k + 1 };
      }
      if (!got && !char(j, isBrace)) got = p(j);
      if (!got) break;
      d ||= got.value[0];
      s += got.value[1];
      j = got.next;
    }
    return j > i ? { value: [d, s], next: j } : undefined;
  };
  const word = (i: number, isFirst: boolean): Result<[boolean, string]> => {
    let j = i;
    let punct = '';
    if (!isFirst && char(j, (c) => c === ',' || c === ';')) punct = tok(j++)!.text;
    let sp = '';
    if (isSpace(j)) {
      sp = ' ';
      j++;
    }
    const b = balanced(j, ['()', '[]', '{}'], pageSeq);
    return b && { value: [b.value[0], punct + sp + b.value[1]], next: b.next };
  };
  const romanOrDigits = (r: Result<[boolean, string]>) => (r && r.value[0] ? r : undefined);
  const digits = (r: Result<[boolean, string]>) => (r && /\p{Nd}/u.test(r.value[1]) ? r : undefined);

  // The longest run of tokens that is a term, where `lim` can start after it.
  const label = (i: number, lim: (i: number) => boolean): Result<string> => {
    const go = (acc: string, i: number, depth: number): Result<string> => {
      if (i >= n || depth > 12) return undefined;
      let j = i + 1;
      while (!lim(j)) {
        if (j >= n) return undefined;
        j++;
      }
      const s = acc + tokens.slice(i, j).map((t) => t.text).join('');
      const term = map.get(s.trim().toLowerCase());
      const longer = go(s, j, depth + 1);
      if (longer) return longer;
      return term ? { value: term, next: j } : undefined;
    };
    return go('', i, 0);
  };

  const delimited = (i: number): Result<Locator> => {
    if (!char(i, (c) => c === '{')) return undefined;
    let j = i + 1;
    while (isSpace(j)) j++;
    // The manual: "If no locator term is used, 'page' is assumed."
    const l = label(j, (k) => k < n) ?? { value: 'page', next: j };
    const inner = (k: number): Result<[boolean, string]> => (k < n ? { value: [true, tok(k)!.text], next: k + 1 } : undefined);
    let k = l.next;
    let lo = '';
    for (let g = balanced(k, ['{}', '[]'], inner); g; g = balanced(k, ['{}', '[]'], inner)) {
      lo += g.value[1];
      k = g.next;
    }
    if (!char(k, (c) => c === '}')) return undefined;
    return { value: { label: l.value, locator: lo }, next: k + 1 };
  };

  const integrated = (i: number): Result<Locator> => {
    const explicit = label(i, (k) => Boolean(romanOrDigits(word(k, true))));
    const implicit = !explicit && digits(word(i, true)) ? { value: 'page', next: i } : undefined;
    const l = explicit ?? implicit;
    if (!l) return undefined;
    const modifier = explicit ? romanOrDigits : digits;
    const g = modifier(word(l.next, Boolean(explicit)));
    if (!g) return undefined;
    let lo = g.value[1];
    let k = g.next;
    for (let w = modifier(word(k, false)); w; w = modifier(word(k, false))) {
      lo += w.value[1];
      k = w.next;
    }
    return { value: { label: l.value, locator: lo }, next: k };
  };

  let i = 0;
  if (char(i, (c) => c === ',')) i++;
  if (isSpace(i)) i++;
  const found = delimited(i) ?? integrated(i);
  if (!found || !found.value.locator.trim()) return { rest: maybeAddComma(found ? tokens.slice(found.next) : tokens) };
  return { locator: { label: found.value.label, locator: found.value.locator.trim() }, rest: tokens.slice(found.next) };
}

function maybeAddComma(tokens: Token[]): Token[] {
  const first = tokens[0];
  if (!first || first.kind === 'space' || (first.kind === 'str' && isPunct([...first.text][0] ?? ''))) return tokens;
  return [{ kind: 'str', text: ',', rich: ',' }, { kind: 'space', text: ' ', rich: ' ' }, ...tokens];
}

/** Tokens of a text the way pandoc splits a suffix: spaces, each punctuation mark but `:`, words. */
export function tokenize(text: string, rich = (s: string) => s): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/(\s+)|([\p{P}](?<!:))|([^\s\p{P}]|:)+/gu)) {
    if (m[1]) out.push({ kind: 'space', text: ' ', rich: rich(m[1]) });
    else out.push({ kind: 'str', text: m[0], rich: rich(m[0]) });
  }
  return out;
}
