/**
 * Map the value of an mdast `text` node back to the Markdown it came from.
 *
 * micromark drops from a text's value what is Markdown, not text: backslash
 * escapes (`\*` → `*`), character references (`&amp;` → `&`, `&#x41;` → `A`),
 * and, across soft line breaks, the line prefixes of block quotes and list
 * items, indentation and trailing spaces. Everything else is kept in order, so
 * one walk over the source, matching each character of the value in turn,
 * finds where each came from. This replaces the guessing loops (look ahead up
 * to 12 characters) the citation parser and the claim check each had.
 *
 * Written by hand: mdast keeps positions per node only, and no utility of the
 * unified collective maps offsets inside a text node.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';

/** Where each UTF-16 unit of a text value sits in the source: `[start[i], end[i])`. */
export interface TextMap {
  start: number[];
  end: number[];
  /** True where the character was written escaped (`\[`) or as a character reference. */
  escaped: boolean[];
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const REFERENCE = /^&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/;

/** Decode a character reference at `at` in `source`: its text and length in the source. */
function reference(source: string, at: number): { text: string; length: number } | undefined {
  const m = REFERENCE.exec(source.slice(at, at + 40));
  if (!m) return undefined;
  let text: string | false;
  if (m[1] !== undefined || m[2] !== undefined) {
    const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number.parseInt(m[2] ?? '', 10);
    text = code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  } else text = decodeNamedCharacterReference(m[3] ?? '');
  return text ? { text, length: m[0].length } : undefined;
}

/**
 * Align `value` (a text node's value) with `source.slice(from, to)` (the
 * node's span in the document). A character the walk cannot find maps to the
 * position where the walk stands, never outside `[from, to]`.
 */
export function mapText(value: string, source: string, from: number, to: number): TextMap {
  const start: number[] = [];
  const end: number[] = [];
  const escaped: boolean[] = [];
  let s = from;
  let v = 0;
  while (v < value.length) {
    const ch = value[v] as string;
    let found = false;
    for (let k = s; k < to; k++) {
      const c = source[k];
      if (c === '\\' && source[k + 1] === ch && ASCII_PUNCTUATION.test(ch)) {
        start.push(k);
        end.push(k + 2);
        escaped.push(true);
        s = k + 2;
        v++;
        found = true;
        break;
      }
      if (c === '&') {
        const ref = reference(source, k);
        if (ref && value.startsWith(ref.text, v)) {
          for (let i = 0; i < ref.text.length; i++) {
            start.push(k);
            end.push(k + ref.length);
            escaped.push(true);
          }
          s = k + ref.length;
          v += ref.text.length;
          found = true;
          break;
        }
      }
      if (c === ch) {
        start.push(k);
        end.push(k + 1);
        escaped.push(false);
        s = k + 1;
        v++;
        found = true;
        break;
      }
      // Only what Markdown drops may be skipped: whitespace, line prefixes.
      if (!/[\s>]/.test(c ?? '')) break;
    }
    if (!found) {
      start.push(Math.min(s, to));
      end.push(Math.min(s + 1, to));
      escaped.push(false);
      s = Math.min(s + 1, to);
      v++;
    }
  }
  return { start, end, escaped };
}
