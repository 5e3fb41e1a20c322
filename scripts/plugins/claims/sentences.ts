/**
 * Sentences of a flattened paragraph, as `[start, end)` offsets into its text.
 *
 * The unified collective's English parser (`parse-english`, the parser behind
 * retext-english) finds the sentences; three repairs follow, each for a case
 * it does not know about:
 *
 * - a citation or note marker (and closing quotes or brackets) right after a
 *   full stop belongs to the sentence before it: `….[^1] Next` (the markers
 *   are private-use placeholders the parser does not know);
 * - a sentence that ends inside an open quotation goes on to its end:
 *   “It is over. We won,” he said.
 * - after a number (“more than 400. Two weeks later”) the parser does not
 *   end a sentence: it is split there;
 * - a sentence that starts with a lower-case letter, or follows an
 *   abbreviation the parser does not know (`Gen.`, `No. 5`), continues the one
 *   before: “Why?” he asked.
 */
import type { Root as NlcstRoot } from 'nlcst';
import { ParseEnglish } from 'parse-english';
import { CITE, NOTE } from './flatten.ts';

const parser = new ParseEnglish();

/** Abbreviations whose full stop does not end a sentence (lower case, no final dot). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen col lt sgt capt maj adm cmdr rep sen gov pres st jr sr vs v p pp vol vols fig figs ' +
    'cf al approx inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec art sec ch ca c est dept ' +
    'univ mt ft op ed eds trans para paras cl n nn nos e.g i.e a.m p.m u.s u.k u.n e.u a.k.a viz ibid no'
  ).split(' '),
);
const LEAD = new RegExp(`^[${CITE}${NOTE}”»’')\\]]+`, 'u');
const SPEAKER_AFTER =
  /^(?:[\p{Lu}][\p{L}'’-]*\s+){1,4}(?:said|asked|inquired|wrote|added|noted|replied|explained|stated|declared|insisted|remarked|warned|told|argued|wondered|exclaimed)\b/u;

/** Split a paragraph's text into sentences. */
export function splitSentences(text: string): Array<[number, number]> {
  const tree: NlcstRoot = parser.parse(text);
  const raw: Array<[number, number]> = [];
  for (const paragraph of tree.children) {
    if (paragraph.type !== 'ParagraphNode') continue;
    for (const sentence of paragraph.children) {
      if (sentence.type !== 'SentenceNode') continue;
      const a = sentence.position?.start.offset;
      const b = sentence.position?.end.offset;
      if (a !== undefined && b !== undefined) raw.push([a, b]);
    }
  }
  const out: Array<[number, number]> = [];
  for (const [a0, b] of raw) {
    let a = a0;
    const last = out.at(-1);
    if (last) {
      // Markers and closers right after the full stop go back to the sentence before.
      const lead = LEAD.exec(text.slice(last[1], b))?.[0] ?? '';
      if (lead) {
        last[1] += lead.length;
        a = Math.max(a, last[1]);
      }
      if (continues(text, last, a)) {
        last[1] = b;
        continue;
      }
    }
    if (a < b) out.push([a, b]);
  }
  return out.flatMap(([a, b]) => splitAfterNumbers(text, a, b)).filter(([a, b]) => text.slice(a, b).trim().length > 0);
}

/** parse-english does not end a sentence after a number (“more than 400. Two weeks later”): split there. */
function splitAfterNumbers(text: string, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = a;
  const re = /\d[.!?]([”"’)\]\uE001\uE002]*)(\s+)(?=[“"‘(]?\p{Lu}\p{Ll})/gu;
  re.lastIndex = a;
  for (let m = re.exec(text); m && m.index < b; m = re.exec(text)) {
    const end = m.index + 2 + (m[1]?.length ?? 0);
    if (/\b(?:No|Nos|pp?|Vol|vol|Art|art|Sec|sec|Fig|fig|v)\.\s*\d+[.]$/u.test(text.slice(Math.max(a, m.index - 12), m.index + 2))) continue;
    if (openQuote(text.slice(start, end))) continue;
    out.push([start, end]);
    start = end + (m[2]?.length ?? 0);
  }
  out.push([start, b]);
  return out;
}

function continues(text: string, last: [number, number], next: number): boolean {
  const before = text.slice(last[0], last[1]);
  if (openQuote(before)) return true;
  const rest = text.slice(next).trimStart();
  const start = rest[0] ?? '';
  // “…?” Al-Zawahiri inquired: a quotation closed by ? or ! and then its speaker.
  if (/[?!][”»"]\s*$/u.test(before) && SPEAKER_AFTER.test(rest)) return true;
  if (/[\p{Ll},;:]/u.test(start)) return true;
  const word = /([\p{L}.]+)\.[\s\uE001\uE002]*$/u.exec(before)?.[1];
  if (!word) return false;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: J. Smith
  const lower = word.toLowerCase();
  if (lower === 'no') return /^\d/u.test(start);
  return ABBREVIATIONS.has(lower);
}

/** Whether a quotation is still open at the end of the text. */
function openQuote(s: string): boolean {
  let depth = 0;
  let straight = 0;
  for (const ch of s) {
    if (ch === '“' || ch === '«' || ch === '„') depth++;
    else if (ch === '”' || ch === '»') depth = Math.max(0, depth - 1);
    else if (ch === '"') straight++;
  }
  return depth > 0 || straight % 2 === 1;
}
