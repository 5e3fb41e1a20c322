/**
 * remark plugin: turn Pandoc-style citations in text into `citation` nodes.
 *
 * Written by hand because no maintained micromark extension parses the whole
 * Pandoc syntax (`[see @a, p. 4; -@b]`, narrative `@a [p. 4]`, `\@`) with the
 * per-key positions our checks need; rehype-citation only works on hast text and
 * keeps no Markdown positions.
 *
 * Never citations: an `@` inside a word (e-mail addresses), inside code, link
 * text or targets (GFM turns bare e-mails and URLs into links), or escaped `\@`.
 */
import type { Root, Text, Parent, PhrasingContent } from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { Citation, CitationItem } from '../lib/types.ts';

/** Pandoc's key rule: starts with a letter, digit or `_`; internal punctuation allowed. */
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`;
const KEY_AT = new RegExp(String.raw`^(-?)@(?:\{([^{}\s]+)\}|(${KEY}))`, 'u');
const WORD_BEFORE = /[\p{L}\p{N}_\\]/u;

/** Locator terms a pandoc user writes, mapped to CSL labels. */
const LABELS: Record<string, string> = {
  'p.': 'page', 'pp.': 'page', page: 'page', pages: 'page', p: 'page', pp: 'page',
  'ch.': 'chapter', 'chap.': 'chapter', 'chaps.': 'chapter', chapter: 'chapter', chapters: 'chapter',
  'sec.': 'section', 'secs.': 'section', section: 'section', sections: 'section', '§': 'section', '§§': 'section',
  'para.': 'paragraph', 'paras.': 'paragraph', paragraph: 'paragraph', '¶': 'paragraph',
  'vol.': 'volume', 'vols.': 'volume', volume: 'volume',
  'fig.': 'figure', 'figs.': 'figure', figure: 'figure',
  'n.': 'note', 'nn.': 'note', note: 'note',
  'l.': 'line', 'll.': 'line', line: 'line',
  'col.': 'column', 'cols.': 'column', column: 'column',
  'bk.': 'book', 'bks.': 'book', book: 'book',
  'pt.': 'part', 'pts.': 'part', part: 'part',
  'v.': 'verse', 'vv.': 'verse', verse: 'verse',
  'fol.': 'folio', 'fols.': 'folio', 'no.': 'issue', 'op.': 'opus', 's.v.': 'sub verbo',
};
const LABEL_RE = Object.keys(LABELS)
  .sort((a, b) => b.length - a.length)
  .map((l) => l.replace(/[.$?*+()[\]{}|^\\]/g, '\\$&'))
  .join('|');
const NUMBERISH = String.raw`[\p{N}ivxlcdmIVXLCDM]+[a-z]?(?:\s*[-–—]\s*[\p{N}ivxlcdmIVXLCDM]+[a-z]?)?`;
const LOCATOR_RE = new RegExp(
  String.raw`^(?:(${LABEL_RE})\s*)?(\{[^{}]*\}|${NUMBERISH}(?:\s*(?:,|&|and)\s*${NUMBERISH})*)(?=$|[\s,;:)])`,
  'u',
);

export interface Options {
  /** Parse narrative citations (`@key` outside brackets); default `true`. */
  narrative?: boolean;
}

/** Split a text node's source into Pandoc citations, keeping positions. */
export default function remarkCitations(options?: Options | null) {
  const narrative = options?.narrative ?? true;
  return function transform(tree: Root, file: VFile) {
    const source = String(file);
    const loc = location(file);
    visitParents(tree, (node, ancestors) => {
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'definition') return SKIP;
      if (node.type !== 'text') return;
      const parent = ancestors.at(-1) as Parent | undefined;
      if (!parent || !node.position || node.value.indexOf('@') === -1) return;
      const start = node.position.start.offset;
      const end = node.position.end.offset;
      if (start === undefined || end === undefined) return;
      const parts = splitText(node, source, start, end, loc, narrative);
      if (!parts) return;
      const index = parent.children.indexOf(node as never);
      parent.children.splice(index, 1, ...(parts as never[]));
      return index + parts.length;
    });
  };
}

type Loc = ReturnType<typeof location>;

/** Map each character of a text node's value to its offset in the source. */
function align(value: string, source: string, from: number, to: number) {
  const offsets: number[] = [];
  const escaped: boolean[] = [];
  let s = from;
  for (let v = 0; v < value.length; v++) {
    const ch = value[v];
    let isEscaped = false;
    // Skip what Markdown removed from the value: escapes, line prefixes, indentation.
    while (s < to && source[s] !== ch) {
      if (source[s] === '\\' && source[s + 1] === ch) {
        isEscaped = true;
        s++;
        break;
      }
      if (source[s] === '&') {
        const semi = source.indexOf(';', s);
        if (semi !== -1 && semi - s < 12) {
          s = semi + 1;
          offsets.push(s - 1);
          escaped.push(true);
          break;
        }
      }
      s++;
    }
    if (offsets.length === v + 1) continue; // a character reference was consumed
    offsets.push(Math.min(s, to));
    escaped.push(isEscaped);
    s++;
  }
  offsets.push(to);
  return { offsets, escaped };
}

function splitText(
  node: Text,
  source: string,
  from: number,
  to: number,
  loc: Loc,
  narrative: boolean,
): PhrasingContent[] | undefined {
  const value = node.value;
  const { offsets, escaped } = align(value, source, from, to);
  const pos = (a: number, b: number): Position => ({
    start: loc.toPoint(offsets[a] ?? to) as Point,
    end: loc.toPoint(b >= value.length ? to : (offsets[b] ?? to)) as Point,
  });
  const out: PhrasingContent[] = [];
  let last = 0;
  const pushText = (a: number, b: number) => {
    if (b > a) out.push({ type: 'text', value: value.slice(a, b), position: pos(a, b) });
  };
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch === '[' && !escaped[i]) {
      const close = findClose(value, escaped, i);
      if (close !== -1) {
        const items = parseBracketed(value, escaped, i + 1, close, pos);
        if (items) {
          pushText(last, i);
          out.push({
            type: 'citation',
            mode: 'normal',
            value: source.slice(offsets[i], (offsets[close] ?? to) + 1),
            items,
            position: pos(i, close + 1),
          });
          i = last = close + 1;
          continue;
        }
      }
    }
    if (narrative && ch === '@' && !escaped[i] && (i === 0 || !WORD_BEFORE.test(value[i - 1] ?? ''))) {
      const m = KEY_AT.exec(value.slice(i));
      if (m) {
        const keyEnd = i + m[0].length;
        const item: CitationItem = {
          key: m[2] ?? m[3] ?? '',
          prefix: '',
          suffix: '',
          suppressAuthor: false,
          position: pos(i, keyEnd),
        };
        let endAt = keyEnd;
        // `@key [p. 4]`: a bracket right after is the locator and suffix.
        const after = /^ ?\[/.exec(value.slice(keyEnd));
        if (after) {
          const open = keyEnd + after[0].length - 1;
          const close = findClose(value, escaped, open);
          const inner = close === -1 ? '' : value.slice(open + 1, close);
          if (close !== -1 && !/(^|[\s;])-?@/.test(inner)) {
            Object.assign(item, parseSuffix(inner));
            endAt = close + 1;
          }
        }
        pushText(last, i);
        out.push({
          type: 'citation',
          mode: 'narrative',
          value: source.slice(offsets[i], endAt >= value.length ? to : offsets[endAt]),
          items: [item],
          position: pos(i, endAt),
        });
        i = last = endAt;
        continue;
      }
    }
    i++;
  }
  if (last === 0) return undefined;
  pushText(last, value.length);
  return out;
}

function findClose(value: string, escaped: boolean[], open: number): number {
  for (let j = open + 1; j < value.length; j++) {
    if (escaped[j]) continue;
    if (value[j] === '[') return -1;
    if (value[j] === ']') return j;
  }
  return -1;
}

/** Parse `see @a, p. 4; -@b` into items, or undefined when it is not a citation. */
function parseBracketed(
  value: string,
  escaped: boolean[],
  from: number,
  to: number,
  pos: (a: number, b: number) => Position,
): CitationItem[] | undefined {
  const items: CitationItem[] = [];
  let start = from;
  for (let j = from; j <= to; j++) {
    if (j < to && (value[j] !== ';' || escaped[j])) continue;
    const item = parseItem(value, escaped, start, j, pos);
    if (!item) return undefined;
    items.push(item);
    start = j + 1;
  }
  return items.length > 0 ? items : undefined;
}

function parseItem(
  value: string,
  escaped: boolean[],
  from: number,
  to: number,
  pos: (a: number, b: number) => Position,
): CitationItem | undefined {
  for (let j = from; j < to; j++) {
    if (value[j] !== '@' || escaped[j]) continue;
    const dash = value[j - 1] === '-' && j - 1 >= from;
    const before = dash ? j - 1 : j;
    if (before > from && !/\s/.test(value[before - 1] ?? '')) continue;
    const m = KEY_AT.exec(value.slice(j, to));
    if (!m) continue;
    const keyEnd = j + m[0].length;
    return {
      key: m[2] ?? m[3] ?? '',
      prefix: value.slice(from, before).trim(),
      suppressAuthor: dash,
      position: pos(before, keyEnd),
      ...parseSuffix(value.slice(keyEnd, to)),
    };
  }
  return undefined;
}

/** Split `, p. 4 and elsewhere` into a CSL label, locator and suffix. */
export function parseSuffix(text: string): Pick<CitationItem, 'label' | 'locator' | 'suffix'> {
  const trimmed = text.replace(/^\s*,?\s*/, '');
  const m = LOCATOR_RE.exec(trimmed);
  if (!m || (!m[1] && !/^[\p{N}{]/u.test(trimmed))) return { suffix: text.trim() };
  const locator = (m[2] ?? '').replace(/^\{|\}$/g, '').trim();
  const rest = trimmed.slice(m[0].length).trim();
  return { label: LABELS[(m[1] ?? 'p.').toLowerCase()] ?? 'page', locator, suffix: rest };
}
