/**
 * Cross-reference labels, as pandoc-crossref and Quarto write them: `{#fig:id}`
 * (Quarto `{#fig-id}`) on an image alone in its paragraph, `{#tbl:id}` on a
 * table's caption (`: Caption {#tbl:id}`), `{#sec:id}` on a heading, and
 * Quarto's float divs (`::: {#fig-id}` … caption paragraph `:::`), whose
 * labelled figures or tables are its parts (`2 (a)`). Which
 * citation keys are cross-references, the labels of a tree in reading order
 * with their numbers, and how a group of references is written (pandoc-crossref's
 * default: sorted, three or more consecutive numbers as a range, `, ` between).
 */
import type { Root, Heading, Image, Nodes, Paragraph, PhrasingContent } from 'mdast';
import type { PandocDiv } from './types.ts';
import type { Position } from 'unist';
import { SKIP, visit } from 'unist-util-visit';

export type CrossrefKind = 'fig' | 'tbl' | 'sec' | 'eq';

/** A numbered target of cross-references. */
export interface Label {
  id: string;
  kind: CrossrefKind;
  /** `1`, `2`; sections `3.2` (by the heading levels). */
  number: string;
  /** Position in reading order among labels of its kind (for sorting and ranges). */
  order: number;
  /** The caption (figures, tables) or the heading's text, for lists of figures and tables. */
  caption: PhrasingContent[];
  /** Where the label (the node that carries it) is written. */
  position: Position | undefined;
  /** A part of a Quarto float div (`::: {#fig-x}`): the div's id, and the part's letter. */
  parent?: string;
  sub?: string;
}

declare module 'mdast' {
  interface ParagraphData {
    /** pandoc's table caption (`: Caption` or `Table: Caption`), for the table beside it (plugins/remark-table-captions.ts). */
    tableCaption?: boolean;
  }
}

/** pandoc-crossref's prefixes are always cross-references; Quarto's only when the label exists. */
const COLON = /^([FfTtSsEe])(ig|bl|ec|q):/;
const DASH = /^([FfTtSsEe])(ig|bl|ec|q)-/;

/** The kind a label id declares, if it is a cross-reference label (`fig:x`, `tbl-x`…). */
export function labelKind(id: string): CrossrefKind | undefined {
  const m = /^(fig|tbl|sec|eq)[:-]\S/.exec(id);
  return m ? (m[1] as CrossrefKind) : undefined;
}

/**
 * Whether a citation key is a cross-reference: `fig:`, `tbl:`, `sec:` always
 * (any case of the first letter: `@Fig:x` capitalises the word), Quarto's
 * `fig-`, `tbl-`, `sec-` when a label of that id exists.
 */
export function crossrefOf(key: string, labels: ReadonlyMap<string, Label>): { id: string; kind: CrossrefKind; capital: boolean } | undefined {
  const m = COLON.exec(key) ?? DASH.exec(key);
  if (!m) return undefined;
  const id = key[0]!.toLowerCase() + key.slice(1);
  const kind = labelKind(id);
  if (!kind || (DASH.test(key) && !labels.has(id))) return undefined;
  return { id, kind, capital: m[1] !== m[1]!.toLowerCase() };
}

/**
 * Keys of the shape of a cross-reference of any kind, not citations unless the
 * bibliography has them: pandoc-crossref's `@fig:map`, `@tbl:x`, `@eq:x`,
 * `@sec:x`, `@lst:x` and Quarto's `@fig-map`, `@tbl-x`, `@sec-x` and its
 * other kinds (equations, theorems, callouts…), of which briefpress numbers
 * figures, tables and sections.
 */
const ANY_KIND = /^(?:(?:fig|tbl|eq|sec|lst|table|figure|equation|section):|(?:fig|tbl|lst|tip|nte|wrn|imp|cau|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|eq|sec|apx)-)\S/i;

/** Whether a key has the shape of a cross-reference of any kind (`@eq:x`, `@thm-x`…). */
export function looksLikeCrossref(key: string): boolean {
  return ANY_KIND.test(key);
}

/** Whether a key has a reserved cross-reference prefix (`fig:`, `tbl:`, `sec:`, `eq:`). */
export function hasReservedPrefix(key: string): boolean {
  return COLON.test(key);
}

/** Every label of a tree in reading order (duplicates included, for the check), numbered by kind. */
export function collectLabels(tree: Root): Label[] {
  const labels: Label[] = [];
  const counts: Record<CrossrefKind, number> = { fig: 0, tbl: 0, sec: 0, eq: 0 };
  const sections = sectionNumbers(tree);
  // Inside a Quarto float div (`::: {#fig-x}`), labelled figures and tables are its parts: `2 (a)`.
  let float: { label: Label; parts: number } | undefined;
  const add = (id: unknown, kind: CrossrefKind, number: string | undefined, caption: PhrasingContent[], position: Position | undefined): Label | undefined => {
    if (typeof id !== 'string' || labelKind(id) !== kind) return undefined;
    if (float && (kind === 'fig' || kind === 'tbl')) {
      const sub = String.fromCharCode(97 + (float.parts++ % 26));
      const label: Label = { id, kind, number: `${float.label.number}\u00A0(${sub})`, order: float.label.order, caption, position, parent: float.label.id, sub };
      labels.push(label);
      return label;
    }
    const label: Label = { id, kind, number: number ?? String(counts[kind] + 1), order: counts[kind]++, caption, position };
    labels.push(label);
    return label;
  };
  visit(tree, (node) => {
    if (node.type === 'heading') {
      add(node.data?.hProperties?.id, 'sec', sections.get(node), node.children, node.position);
      return SKIP;
    }
    if (node.type === 'pandocDiv' && !float) {
      const id = node.data?.hProperties?.id;
      const kind = typeof id === 'string' ? labelKind(id) : undefined;
      if (kind !== 'fig' && kind !== 'tbl') return undefined;
      const caption = floatCaption(node);
      const label = add(id, kind, undefined, caption?.children ?? [], node.position);
      if (!label) return undefined;
      float = { label, parts: 0 };
      for (const child of node.children) visit(child, collect);
      float = undefined;
      return SKIP;
    }
    if ((node.type === 'math' || node.type === 'inlineMath') && typeof node.data?.hProperties?.id === 'string') add(node.data.hProperties.id, 'eq', undefined, [], node.position);
    return collect(node);
  });
  function collect(node: Nodes): typeof SKIP | undefined {
    if (node.type !== 'paragraph') return undefined;
    // Display math in a paragraph, `$$E = mc^2$$ {#eq:e}` (plugins/remark-equation-labels.ts).
    for (const child of node.children) if (child.type === 'inlineMath') add(child.data?.hProperties?.id, 'eq', undefined, [], child.position);
    if (node.data?.tableCaption) add(node.data.hProperties?.id, 'tbl', undefined, node.children, node.position);
    const image = figureImage(node);
    if (image) add(image.data?.hProperties?.id, 'fig', undefined, image.title ? [{ type: 'text', value: image.title }] : [{ type: 'text', value: image.alt ?? '' }], image.position);
    return SKIP;
  }
  return labels;
}

/** A Quarto float div's caption: its last paragraph, unless that is a figure or a table caption. */
export function floatCaption(div: PandocDiv): Paragraph | undefined {
  const last = div.children.at(-1);
  return last?.type === 'paragraph' && !figureImage(last) && !last.data?.tableCaption ? last : undefined;
}

/** The image of a paragraph that holds only an image (a figure, as plugins/rehype-figures.ts makes it). */
export function figureImage(paragraph: Paragraph): Image | undefined {
  const kids = paragraph.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return kids.length === 1 && kids[0]!.type === 'image' ? kids[0] : undefined;
}

/** Hierarchical numbers of the numbered headings (`{-}`/`.unnumbered` are not numbered), from the shallowest level used. */
function sectionNumbers(tree: Root): Map<Heading, string> {
  const headings: Heading[] = [];
  visit(tree, 'heading', (h: Heading) => void headings.push(h));
  const top = Math.min(...headings.map((h) => h.depth));
  const counters: number[] = [];
  const numbers = new Map<Heading, string>();
  for (const h of headings) {
    const className: unknown = h.data?.hProperties?.className;
    if ((Array.isArray(className) ? (className as unknown[]) : [className]).includes('unnumbered')) continue;
    const level = h.depth - top;
    counters.length = level + 1;
    for (let i = 0; i < level; i++) counters[i] ??= 0;
    counters[level] = (counters[level] ?? 0) + 1;
    numbers.set(h, counters.join('.'));
  }
  return numbers;
}

/** How a group of references is written. */
export interface GroupWords {
  singular: string;
  plural: string;
  /** Between numbers: `, ` (Arabic `، `). */
  delimiter: string;
}

/** One piece of a written reference: text, or a number that links to its label. */
export type Piece = { text: string } | { text: string; id: string };

/**
 * A group of references of one kind, as pandoc-crossref writes it by default:
 * the word (plural for more than one reference, capitalised on request), a
 * no-break space, then the numbers in reading order without repeats, three or
 * more consecutive ones as a range (`1–3`; pandoc-crossref's default range
 * delimiter is a hyphen, an en dash is the typographic one). `bare` (`-@fig:x`)
 * leaves the word out. A single reference is one link, word included.
 */
export function writeGroup(labels: Label[], words: GroupWords, options: { capital: boolean; bare: boolean; count: number }): Piece[] {
  const sorted = [...new Map(labels.map((l) => [l.id, l])).values()].sort((a, b) => a.order - b.order);
  const word = options.count > 1 ? words.plural : words.singular;
  const prefix = options.bare ? '' : `${options.capital ? capitalise(word) : word}\u00A0`;
  if (sorted.length === 1) return [{ text: `${prefix}${sorted[0]!.number}`, id: sorted[0]!.id }];
  const runs: Label[][] = [];
  for (const label of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && follows(last, label)) run.push(label);
    else runs.push([label]);
  }
  const items = runs.flatMap((run): Piece[][] =>
    run.length > 2 ? [[{ text: run[0]!.number, id: run[0]!.id }, { text: '–' }, { text: run.at(-1)!.number, id: run.at(-1)!.id }]] : run.map((l) => [{ text: l.number, id: l.id }]),
  );
  const pieces: Piece[] = prefix ? [{ text: prefix }] : [];
  items.forEach((item, i) => pieces.push(...(i ? [{ text: words.delimiter }] : []), ...item));
  return pieces;
}

/** Whether `b` is the number right after `a` (`2` after `1`, `4.3` after `4.2`). */
function follows(a: Label, b: Label): boolean {
  const [x, y] = [a.number.split('.'), b.number.split('.')];
  return x.length === y.length && x.slice(0, -1).join('.') === y.slice(0, -1).join('.') && Number(y.at(-1)) === Number(x.at(-1)) + 1;
}

/** The first letter in upper case (locale-aware). */
export function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase() + word.slice(1);
}

/**
 * Labels of executable code chunks (R Markdown and Quarto: ```` ```{r fig-x} ````
 * or `#| label: fig-x`): their figures and tables exist only when the code
 * runs, which briefpress never does.
 */
export function chunkLabels(tree: Root): Map<string, Position | undefined> {
  const found = new Map<string, Position | undefined>();
  visit(tree, 'code', (node) => {
    const header = `${node.lang ?? ''} ${node.meta ?? ''}`;
    if (!header.startsWith('{')) return;
    const inline = /^\{\w+[\s,]+([A-Za-z][\w-]*)\s*[,}]/.exec(header)?.[1];
    const option = /^#\|\s*label:\s*["']?([\w:-]+)/m.exec(node.value)?.[1];
    for (const id of [inline, option]) if (id && labelKind(id) && !found.has(id)) found.set(id, node.position);
  });
  return found;
}
