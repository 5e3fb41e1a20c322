/**
 * Mixed-direction text that reads in order, on the page and in the PDF's text
 * layer. In right-to-left text, each in-text citation whose text is
 * left-to-right, and each Latin-script run that holds digits or punctuation
 * (`MEPC.377(80)`, `S/2023/549`), becomes one left-to-right isolate, so the
 * bidi algorithm cannot tear it apart when it wraps; its parentheses stay in
 * it. Every isolate whose direction differs from its surroundings (these, and
 * the `<bdi dir="rtl">` runs that render puts around Arabic in English text)
 * also gets a direction mark (LRM/RLM) just inside each end: a PDF keeps no
 * isolates, and without the marks an extractor such as pdftotext moves the
 * closing parenthesis of a wrapped citation to the other end of its line
 * (measured: see the notes in the README).
 */
import type { Root, Element, ElementContent, Text, Properties } from 'hast';
import { SKIP, visitParents } from 'unist-util-visit-parents';

export interface Options {
  /** The document's direction. */
  dir: 'ltr' | 'rtl';
}

type Dir = 'ltr' | 'rtl';

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const LTR_LETTER = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/u;
const MARK: Record<Dir, string> = { ltr: '\u200E', rtl: '\u200F' };

/**
 * A Latin-script run: from a Latin letter or digit (or an opening bracket
 * before one) to the last Latin letter, digit, closing bracket or percent sign
 * before right-to-left text; it may hold spaces and punctuation in between.
 */
const LATIN_RUN = /[([]?[A-Za-z0-9\u00C0-\u024F](?:[A-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF .,:;/\\_+&#%'’()[\]\u2010-\u2013-]*[A-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF)\]%])?/gu;

/** Elements whose text is never split: code keeps its characters, and an isolate is already one. */
const KEEP = new Set(['code', 'pre', 'kbd', 'samp', 'bdi', 'script', 'style', 'math', 'svg']);

/** The direction of the first strong character, if any (what `dir="auto"` computes). */
export function firstStrong(text: string): Dir | undefined {
  for (const c of text) {
    if (RTL_LETTER.test(c)) return 'rtl';
    if (LTR_LETTER.test(c)) return 'ltr';
  }
  return undefined;
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

const hasClass = (el: Element, name: string) => Array.isArray(el.properties.className) && el.properties.className.includes(name);

/** The direction an element sets for its content, if it sets one. */
function ownDir(el: Element): Dir | undefined {
  const dir = el.properties.dir;
  if (dir === 'ltr' || dir === 'rtl') return dir;
  if (dir === 'auto' || el.tagName === 'bdi') return firstStrong(textOf(el));
  const lang = typeof el.properties.lang === 'string' ? el.properties.lang.toLowerCase() : '';
  if (/^(ar|fa|he|ur|ps|ckb|yi|dv|syr)(-|$)/.test(lang)) return 'rtl';
  return undefined;
}

function mark(el: Element, dir: Dir): void {
  const m = MARK[dir];
  const first = el.children[0];
  const last = el.children.at(-1);
  if (!(first?.type === 'text' && first.value.startsWith(m))) el.children.unshift({ type: 'text', value: m });
  if (!(last?.type === 'text' && last.value.endsWith(m))) el.children.push({ type: 'text', value: m });
}

function isolate(text: string, dir: Dir, properties: Properties = {}): Element {
  return { type: 'element', tagName: 'bdi', properties: { ...properties, dir }, children: [{ type: 'text', value: `${MARK[dir]}${text}${MARK[dir]}` }] };
}

/** Drop brackets that a run does not close (or open) itself: they belong to the text around it. */
function balance(run: string): [string, number] {
  let start = 0;
  let end = run.length;
  const count = (s: string, c: string) => s.split(c).length - 1;
  for (;;) {
    const s = run.slice(start, end);
    if ((s.startsWith('(') && count(s, '(') > count(s, ')')) || (s.startsWith('[') && count(s, '[') > count(s, ']'))) start++;
    else if ((s.endsWith(')') && count(s, ')') > count(s, '(')) || (s.endsWith(']') && count(s, ']') > count(s, '['))) end--;
    else break;
  }
  const trimmed = run.slice(start, end).replace(/[\s.,:;]+$/u, '');
  return [trimmed, start];
}

/** Split the Latin runs with digits or punctuation out of right-to-left text. */
function splitLatinRuns(value: string): ElementContent[] | undefined {
  const out: ElementContent[] = [];
  let last = 0;
  for (const m of value.matchAll(LATIN_RUN)) {
    const [run, offset] = balance(m[0]);
    // A plain word in Latin letters needs nothing: only digits or punctuation get reordered.
    if (!/[0-9\p{P}\p{S}]/u.test(run) || !/[A-Za-z0-9]/.test(run)) continue;
    const at = m.index + offset;
    if (at > last) out.push({ type: 'text', value: value.slice(last, at) } satisfies Text);
    out.push(isolate(run, 'ltr'));
    last = at + run.length;
  }
  if (last === 0) return undefined;
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

export default function rehypeIsolateBidi(options: Options) {
  return (tree: Root): void => {
    const dirOf = new Map<Element, Dir>();
    visitParents(tree, (node, ancestors) => {
      const parent = ancestors.at(-1);
      const context: Dir = (parent?.type === 'element' ? dirOf.get(parent) : undefined) ?? options.dir;
      if (node.type === 'element') {
        const own = ownDir(node);
        const dir = own ?? context;
        dirOf.set(node, dir);
        if (hasClass(node, 'citation')) {
          // dir="auto" computes this too; a fixed direction lets the marks match it.
          if (own) node.properties.dir = own;
          if (own && own !== context) mark(node, own);
          return SKIP;
        }
        if (own && own !== context && (node.tagName === 'bdi' || node.tagName === 'span')) mark(node, own);
        if (KEEP.has(node.tagName)) return SKIP;
        return undefined;
      }
      if (node.type !== 'text' || context !== 'rtl' || !parent || parent.type !== 'element') return undefined;
      const parts = splitLatinRuns(node.value);
      if (!parts) return undefined;
      const index = parent.children.indexOf(node);
      parent.children.splice(index, 1, ...parts);
      return index + parts.length;
    });
  };
}
