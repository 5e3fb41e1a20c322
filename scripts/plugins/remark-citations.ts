/**
 * remark plugin: pandoc citations as `citation` nodes, by pandoc's grammar
 * (its Markdown reader's `cite`; MANUAL, "Citation syntax"):
 *
 * - `[prefix @key suffix; …]`: a cluster of items over the whole inline content
 *   of the brackets (text, emphasis, code, links, math), `;` between items,
 *   `-@key` to suppress the author; not followed by `(`, `[` or `{` (a link, a
 *   reference or a span);
 * - `@key` in the text (narrative), optionally followed by `[locator, suffix]`
 *   or by `[…; @other]` or by a whole bracketed cluster, which then joins it
 *   (`@a [p. 33; @b]`, `@a [@b; @c]`: one cluster); `-@key` outside brackets
 *   suppresses the author;
 * - keys start with a letter, digit or `_` and may hold single internal
 *   punctuation (`:.#$%&-+?<>~/`, and `://`), or are anything without spaces
 *   in balanced braces (`@{https://example.com/bib?a=1&b=2}`);
 * - an `@` right after a letter or digit (an e-mail), escaped (`\@`), or in
 *   code, a link or a URL is no citation;
 * - the suffix's locator is split off by pandoc's rules (lib/citation-locator).
 *
 * GFM turns URLs into links before this runs: a link that directly follows
 * `@` or `@{` is turned back into text first, so URL keys stay keys.
 *
 * Hand-written: no micromark or remark extension parses pandoc's citations, and
 * rehype-citation only reads hast text (no Markdown positions, no emphasis
 * inside brackets). Positions: each item's is its key's (`-@key`), exact.
 */
import type { Root, PhrasingContent, Parent } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { Citation, CitationItem } from '../lib/types.ts';
import { locatorMap, parseLocator, tokenize, type Token } from '../lib/citation-locator.ts';
import { position, rebuild, richText, slice, sourceOf, unitsOf, type Source, type Span, type Unit } from '../lib/phrasing-units.ts';
import { unlinkKeys } from '../lib/url-keys.ts';

export interface Options {
  /** Parse narrative citations (`@key` outside brackets); default `true`. */
  narrative?: boolean;
}

const REGCHAR = /^[\p{L}\p{N}_]$/u;
const INTERNAL = ':.#$%&-+?<>~/';

export default function remarkCitations(options?: Options | null) {
  const narrative = options?.narrative ?? true;
  return function transform(tree: Root, file: VFile) {
    const src = sourceOf(file);
    const map = locatorMap(langOf(tree));
    unlinkKeys(tree, src);
    visit(tree, (node) => {
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'definition') return SKIP;
      // Every citation has its `@` in a text node: other parents are not read unit by unit.
      if (!('children' in node) || !node.children.some((c) => c.type === 'text' && c.value.includes('@'))) return;
      const children = node.children as PhrasingContent[];
      const units = unitsOf(children, src);
      if (!units) return;
      const spans = new CiteParser(units, src, map, narrative).spans();
      if (spans.length > 0) (node as Parent).children = rebuild(units, spans, src);
    });
  };
}

/** The brief's `lang` (its CSL locale gives the locator terms), en-US without one. */
function langOf(tree: Root): string {
  const yaml = tree.children.find((n) => n.type === 'yaml');
  const m = yaml && 'value' in yaml ? /^lang:\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/m.exec(yaml.value) : null;
  return m?.[1] ?? 'en-US';
}

interface Key {
  key: string;
  suppress: boolean;
  from: number;
  next: number;
}
type Got<T> = { value: T; next: number } | undefined;

class CiteParser {
  /** For each unit, the first unescaped `;` or `]` at or after it (linear scans stay linear). */
  private stop: Int32Array;
  /** For each unit, whether an unescaped `]` comes at or after it: without one no bracket closes. */
  private closes: Uint8Array;

  constructor(
    private u: Unit[],
    private src: Source,
    private map: Map<string, string>,
    private narrative: boolean,
  ) {
    const n = u.length;
    this.stop = new Int32Array(n + 2).fill(n);
    this.closes = new Uint8Array(n + 2);
    for (let i = n - 1; i >= 0; i--) {
      const c = this.ch(i);
      this.stop[i] = c === ';' || c === ']' ? i : this.stop[i + 1]!;
      this.closes[i] = c === ']' ? 1 : this.closes[i + 1]!;
    }
  }

  /** An unescaped character at `i`. */
  ch(i: number): string | undefined {
    const x = this.u[i];
    return x?.kind === 'char' && !x.escaped ? x.ch : undefined;
  }
  ws(i: number): boolean {
    const x = this.u[i];
    return x?.kind === 'char' && /\s/.test(x.ch);
  }
  spnl(i: number): number {
    while (this.ws(i)) i++;
    return i;
  }

  spans(): Span[] {
    const out: Span[] = [];
    for (let i = 0; i < this.u.length; ) {
      const c = this.ch(i);
      const got = c === '[' ? this.normalCite(i) : this.narrative && (c === '@' || (c === '-' && this.ch(i + 1) === '@')) ? this.textualCite(i) : undefined;
      if (!got) {
        i++;
        continue;
      }
      const [mode, items] = got.value;
      const from = this.u[i]!.offset;
      const to = this.u[got.next - 1]!.end;
      const node: Citation = { type: 'citation', mode, items, value: this.src.text.slice(from, to), position: position(this.src, from, to) };
      out.push({ from: i, to: got.next, node });
      i = got.next;
    }
    return out;
  }

  citeKey(i: number): Got<Key> {
    const prev = this.u[i - 1];
    if (prev?.kind === 'char' && !prev.escaped && /^[\p{L}\p{N}.]$/u.test(prev.ch)) return undefined;
    if (this.ch(i) === '-' && prev?.kind === 'char' && prev.ch === '-') return undefined;
    let j = i;
    // `--@b`: pandoc's smart typography has made the dashes a dash already.
    const suppress = this.ch(j) === '-' && !(prev?.kind === 'char' && prev.ch === '-');
    if (suppress) j++;
    if (this.ch(j) !== '@') return undefined;
    j++;
    if (this.ch(j) === '{') {
      // Balanced braces, no spaces; the key is the source between them.
      let depth = 0;
      for (let k = j; k < this.u.length; k++) {
        if (this.ws(k)) return undefined;
        const c = this.ch(k);
        if (c === '{') depth++;
        else if (c === '}' && --depth === 0) {
          const key = this.src.text.slice(this.u[j]!.end, this.u[k]!.offset);
          return { value: { key, suppress, from: i, next: k + 1 }, next: k + 1 };
        }
      }
      return undefined;
    }
    const first = this.ch(j);
    if (!first || !/^[\p{L}\p{N}_*]$/u.test(first)) return undefined;
    let k = j + 1;
    for (;;) {
      const c = this.ch(k);
      if (c === undefined) break;
      if (REGCHAR.test(c)) k++;
      else if (INTERNAL.includes(c) && REGCHAR.test(this.ch(k + 1) ?? '')) k++;
      else if ((c === ':' || c === '/') && this.ch(k + 1) === '/') k++;
      else break;
    }
    const key = this.u.slice(j, k).map((x) => (x.kind === 'char' ? x.ch : '')).join('');
    return { value: { key, suppress, from: i, next: k }, next: k };
  }

  /** `[` citeList `]`, not followed by a link target, a reference or attributes. */
  normalCite(i: number): Got<['normal' | 'narrative', CitationItem[]]> {
    if (this.ch(i) !== '[' || !this.closes[i]) return undefined;
    const list = this.citeList(this.spnl(i + 1));
    if (!list) return undefined;
    const close = this.spnl(list.next);
    if (this.ch(close) !== ']' || !this.free(close + 1)) return undefined;
    return { value: ['normal', list.value], next: close + 1 };
  }

  /** Nothing after a closing bracket that would make it a link, a reference or a span. */
  free(i: number): boolean {
    const x = this.u[i];
    if (x?.kind === 'node') return x.node.type !== 'linkReference' && x.node.type !== 'link';
    const c = this.ch(i);
    return c !== '(' && c !== '[' && c !== '{';
  }

  citeList(i: number): Got<CitationItem[]> {
    const items: CitationItem[] = [];
    let j = i;
    for (;;) {
      const item = this.citation(j);
      if (!item) return undefined;
      items.push(item.value);
      j = item.next;
      if (this.ch(j) !== ';') return { value: items, next: j };
      j = this.spnl(j + 1);
    }
  }

  citation(i: number): Got<CitationItem> {
    let k = i;
    let key: Got<Key>;
    for (;;) {
      if (k >= this.u.length) return undefined;
      key = this.citeKey(k);
      if (key) break;
      const c = this.ch(k);
      if (c === ']' || c === ';') return undefined;
      k++;
    }
    const prefix = richText(trim(slice(this.u, i, k, this.src))).trim();
    const suffix = this.suffix(key.next);
    return { value: this.item(key.value, prefix, suffix.value), next: suffix.next };
  }

  /** Units up to `;` or `]`, as locator tokens (a leading space when one was written). */
  suffix(i: number): { value: Token[]; next: number } {
    const hasSpace = this.ws(i);
    const from = this.spnl(i);
    const k = this.stop[from] ?? this.u.length;
    if (k >= this.u.length) return { value: [], next: k };
    const tokens = tokensOf(trim(slice(this.u, from, k, this.src)));
    if (hasSpace && tokens.length > 0) tokens.unshift({ kind: 'space', text: ' ', rich: ' ' });
    return { value: tokens, next: k };
  }

  item(key: Key, prefix: string, suffix: Token[]): CitationItem {
    const { locator, rest } = parseLocator(suffix, this.map);
    const from = this.u[key.from]!.offset;
    const to = this.u[key.next - 1]!.end;
    return {
      key: key.key,
      prefix,
      suffix: rest.map((t) => t.rich).join('').trim(),
      ...(locator ? { label: locator.label, locator: locator.locator.replace(/--/g, '–') } : {}),
      suppressAuthor: key.suppress,
      position: position(this.src, from, to),
    };
  }

  /** `@key`, then a bracketed cluster that joins it, or `[locator, suffix; more]`. */
  textualCite(i: number): Got<['normal' | 'narrative', CitationItem[]]> {
    const key = this.citeKey(i);
    if (!key) return undefined;
    const first = this.item(key.value, '', []);
    const mode = key.value.suppress ? 'normal' : 'narrative';
    const open = this.spnl(key.next);
    const cluster = this.normalCite(open);
    if (cluster) return { value: [mode, [first, ...cluster.value[1]]], next: cluster.next };
    if (this.ch(open) === '[' && this.ch(open + 1) !== '^' && this.closes[open]) {
      const suffix = this.suffix(open + 1);
      let j = suffix.next;
      let rest: CitationItem[] = [];
      if (this.ch(j) === ';') {
        const list = this.citeList(this.spnl(j + 1));
        if (list) {
          rest = list.value;
          j = list.next;
        }
      }
      j = this.spnl(j);
      if (this.ch(j) === ']' && this.free(j + 1)) return { value: [mode, [this.item(key.value, '', suffix.value), ...rest]], next: j + 1 };
    }
    return { value: [mode, [first]], next: key.next };
  }
}

/** Leading and trailing whitespace off a run of nodes (pandoc's trimInlines). */
function trim(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = nodes.slice();
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.replace(/^\s+/, '') };
  const last = out.at(-1);
  if (last?.type === 'text') out[out.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

/** Locator tokens of phrasing content: text split as pandoc splits a suffix, other nodes whole. */
function tokensOf(nodes: PhrasingContent[]): Token[] {
  return nodes.flatMap((node): Token[] =>
    node.type === 'text'
      ? tokenize(node.value)
      : [{ kind: (node.type as string) === 'inlineMath' ? 'math' : 'node', text: toString(node), rich: richText([node]) }],
  );
}
