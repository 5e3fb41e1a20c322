/// <reference lib="dom" />
/**
 * Runs INSIDE the print page (through puppeteer's `page.evaluate`, which works
 * with the document's own JavaScript off): footnotes at the foot of the page.
 * Chromium has no `float: footnote`, and Paged.js would mean running a layout
 * engine in the page; instead this paginates `main` itself, page by page, with
 * Chromium's own fragmentation: the rest of the body is set in a multicolumn
 * box one page-body high (`column-fill: auto`), so the first column is what a
 * page holds (widows, orphans, `break-inside: avoid` and `break-after: avoid`
 * all apply), and the first DOM position of the second column is where the
 * page ends. The notes referenced before that point go under the page's body;
 * their height shortens the body, which may push a reference out, so the count
 * is settled in at most three layouts (see `settle`). Each page becomes an
 * explicit box one page high: its body slice, then its notes. A note too long
 * for its page is split the same way and continues on the next one.
 *
 * Self-contained on purpose: puppeteer sends this function's source to the
 * page, so it may use nothing from outside its own body.
 */
export interface FootnoteLayoutOptions {
  /** Restart note numbers on each page (`footnotes: per-page`). */
  perPage: boolean;
  /** Accessible name of each page's notes block. */
  label: string;
  /** The page's content box in CSS pixels (see `pageBox`). */
  page: { width: number; height: number };
}

export interface FootnoteLayoutResult {
  pages: number;
  notes: number;
}

export function layoutFootnotes(options: FootnoteLayoutOptions): FootnoteLayoutResult {
  const main = document.querySelector('main');
  const section = main?.querySelector('section[data-footnotes]');
  if (!main || !section) return { pages: 0, notes: 0 };
  const items = new Map<string, HTMLLIElement>();
  for (const li of Array.from(section.querySelectorAll<HTMLLIElement>(':scope > ol > li'))) items.set(li.id, li);
  section.remove();
  // remark-rehype numbers the notes in the order of their list.
  [...items.values()].forEach((li, i) => (li.dataset.n = String(i + 1)));
  const dir = getComputedStyle(document.documentElement).direction === 'rtl' ? 'rtl' : 'ltr';

  const { height: H, width: W } = options.page;
  const G = 48;
  const line = parseFloat(getComputedStyle(main).lineHeight) || 16;
  /** The notes may take the page but for six lines of body. */
  const M = H - 6 * line;

  // The rest of the body: `flow` is measured; `rest` waits, out of layout, so
  // that each measure lays out about two pages, not the whole brief.
  const flow = document.createElement('div');
  flow.className = 'fn-flow';
  flow.style.cssText = `width:${W}px;column-count:1;column-gap:${G}px;column-fill:auto;height:${H}px`;
  const rest = document.createElement('div');
  rest.style.display = 'none';
  rest.append(...Array.from(main.childNodes));
  main.append(flow, rest);
  const shelf = document.createElement('div');
  shelf.className = 'fn-page';
  shelf.style.cssText = `position:absolute;visibility:hidden;width:${W}px`;
  main.append(shelf);

  const column = (r: DOMRect, box: DOMRect): number => Math.floor(((dir === 'ltr' ? r.left - box.left : box.right - r.right) + 0.5) / (W + G));
  const rects = (node: Node): DOMRect[] => {
    const range = document.createRange();
    if (!(node instanceof Element)) range.selectNodeContents(node);
    return Array.from(node instanceof Element ? node.getClientRects() : range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
  };
  type Position = { node: Node; offset: number };
  /** Where a cut falls: `starts(r)`, a box lies wholly after it; `reaches(r)`, some of it does. */
  type Cut = { starts: (r: DOMRect) => boolean; reaches: (r: DOMRect) => boolean };
  /** The first position under `parent` whose content lies after the cut (content in document order is in page order). */
  const findFirst = (parent: Node, after: Cut): Position | undefined => {
    const kids = Array.from(parent.childNodes);
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      if (kid instanceof Element && kid.tagName === 'THEAD') continue;
      const boxes = rects(kid);
      if (!boxes.length) continue;
      if (after.starts(boxes[0]!)) return { node: parent, offset: i };
      if (!after.reaches(boxes.at(-1)!)) continue;
      if (kid instanceof Text) {
        const range = document.createRange();
        const at = (k: number): boolean | undefined => {
          range.setStart(kid, k);
          range.setEnd(kid, k + 1);
          const r = Array.from(range.getClientRects()).find((x) => x.width > 0 || x.height > 0);
          return r && after.starts(r);
        };
        let [lo, hi] = [0, kid.length - 1];
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          let k = mid;
          let v = at(k);
          while (v === undefined && k < hi) v = at(++k);
          if (v) hi = mid;
          else lo = k + 1;
        }
        return { node: kid, offset: lo };
      }
      const inner = findFirst(kid, after);
      if (inner) return inner;
    }
    return undefined;
  };
  const inLaterColumn = (box: DOMRect): Cut => ({ starts: (r) => column(r, box) >= 1, reaches: (r) => column(r, box) >= 1 });
  /** Move a position at the very start of its parent up to before the parent (no empty clones). */
  const hoist = (p: Position, top: Node): Position => {
    while (p.node !== top && p.node.parentNode) {
      const before = p.node instanceof Text ? p.offset === 0 : Array.from(p.node.childNodes).slice(0, p.offset).every((n) => !rects(n).length);
      if (!before) break;
      const parent: Node = p.node.parentNode;
      p = { node: parent, offset: Array.from(parent.childNodes).indexOf(p.node as ChildNode) };
    }
    return p;
  };
  /** Cut `box` at `p`: what follows, with the cut ancestors cloned (ids removed, marked as continued). */
  const cut = (box: Element, p: Position): DocumentFragment => {
    const chain: Element[] = [];
    for (let n: Node | null = p.node instanceof Text ? p.node.parentNode : p.node; n && n !== box; n = n.parentNode) if (n instanceof Element) chain.unshift(n);
    if (p.node instanceof Text && p.node.data.slice(0, p.offset).endsWith('\u00AD')) {
      const hyphen = document.createElement('span');
      hyphen.className = 'fn-hyphen';
      hyphen.textContent = '-';
      p.node.parentNode?.insertBefore(hyphen, p.node.splitText(p.offset));
      p = { node: hyphen.parentNode!, offset: Array.from(hyphen.parentNode!.childNodes).indexOf(hyphen) + 1 };
    }
    const range = document.createRange();
    range.setStart(p.node, p.offset);
    range.setEnd(box, box.childNodes.length);
    const fragment = range.extractContents();
    let clone: Node | null = fragment.firstChild;
    for (const original of chain) {
      if (!(clone instanceof Element)) break;
      clone.removeAttribute('id');
      clone.classList.add('fn-continued');
      original.classList.add('fn-split');
      if (original.tagName === 'P' && getComputedStyle(original).textAlign === 'justify') (original as HTMLElement).style.textAlignLast = 'justify';
      if (original.tagName === 'OL') {
        const start = Number(original.getAttribute('start') ?? 1);
        const split = chain.some((el) => el.tagName === 'LI' && el.parentNode === original);
        clone.setAttribute('start', String(start + original.querySelectorAll(':scope > li').length - (split ? 1 : 0)));
      }
      const head = original.tagName === 'TABLE' ? original.querySelector(':scope > thead') : null;
      if (head) clone.prepend(head.cloneNode(true));
      clone = clone.firstChild;
    }
    return fragment;
  };
  const hasContent = (el: Element) => Array.from(el.childNodes).some((n) => rects(n).length > 0);

  /** A notes block: any continued notes, then these. */
  const notesBlock = (carry: HTMLOListElement | undefined, notes: HTMLLIElement[]): HTMLElement => {
    const aside = document.createElement('aside');
    aside.className = carry ? 'fn-notes fn-notes-continued' : 'fn-notes';
    aside.setAttribute('aria-label', options.label);
    aside.dir = dir;
    if (carry) aside.append(carry);
    const ol = document.createElement('ol');
    ol.append(...notes);
    if (notes.length) aside.append(ol);
    return aside;
  };
  const height = (el: Element) => el.getBoundingClientRect().height;

  let carry: HTMLOListElement | undefined;
  const pages: HTMLElement[] = [];
  const placed = new Set<string>();
  // Notes referenced from outside the body (say, from the abstract on the cover) go on the first page.
  const referenced = new Set(Array.from(main.querySelectorAll('a[data-footnote-ref]'), (a) => decodeURIComponent(a.getAttribute('href')?.slice(1) ?? '')));
  let strays = [...items.values()].filter((li) => !referenced.has(li.id));
  for (let guard = 0; guard < 5000; guard++) {
    // Fill the measured flow with more than a page, a dozen nodes at a time (each look is a layout).
    flow.style.height = `${H}px`;
    while (rest.firstChild) {
      const last = flow.lastElementChild;
      const box = flow.getBoundingClientRect();
      if (last && rects(last).some((r) => column(r, box) >= 1)) break;
      flow.append(...Array.from(rest.childNodes).slice(0, 12));
    }
    if (!hasContent(flow) && !carry) break;
    // The notes whose first reference is in the flow, in order of reference.
    const pending: Array<{ li: HTMLLIElement; ref: Element }> = [];
    for (const a of Array.from(flow.querySelectorAll('a[data-footnote-ref]'))) {
      const id = decodeURIComponent(a.getAttribute('href')?.slice(1) ?? '');
      const li = items.get(id);
      if (li && !placed.has(id) && !pending.some((p) => p.li === li)) pending.push({ li, ref: a });
    }
    /** Lay the page out with the first n pending notes: where the body ends and how many references precede it. */
    const measure = (n: number) => {
      const notes = [...strays, ...pending.slice(0, n).map((p) => p.li)];
      const aside = notesBlock(carry, notes);
      shelf.replaceChildren(aside);
      const asideTop = aside.getBoundingClientRect().top;
      // A note that starts too low for two of its lines to fit counts as not fitting.
      let fit = Infinity;
      for (let k = 0; k < n && fit === Infinity; k++) if (pending[k]!.li.getBoundingClientRect().top - asideTop + 2 * line > M) fit = k;
      const notesHeight = Math.min(height(aside), M);
      flow.style.height = `${H - notesHeight}px`;
      const box = flow.getBoundingClientRect();
      const end = findFirst(flow, inLaterColumn(box));
      const range = document.createRange();
      range.setStart(flow, 0);
      if (end) range.setEnd(end.node, end.offset);
      else range.setEnd(flow, flow.childNodes.length);
      let before = 0;
      while (before < pending.length && range.intersectsNode(pending[before]!.ref)) before++;
      return { before: Math.min(before, fit), refs: before, end, aside };
    };
    // f(n) = references before the end with n notes placed; f never grows
    // with n, so the n with f(n) ≥ n are 0…n*: f(0) is an upper bound and
    // f(f(0)) a lower one; a binary search between them finds n*.
    let hi = measure(0).before;
    let n = hi;
    let m = measure(hi);
    if (m.before < hi) {
      n = m.before;
      while (hi - n > 1) {
        const mid = (n + hi) >> 1;
        if (measure(mid).before >= mid) n = mid;
        else hi = mid;
      }
      m = measure(n);
    }
    let end = m.end;
    const box = flow.getBoundingClientRect();
    if (m.refs > n) {
      // A reference whose note did not fit: the page ends before its line.
      // A line's boxes start below `top`; the line before ends above it.
      const ref = rects(pending[n]!.ref)[0]!;
      const [c, top] = [column(ref, box), ref.bottom - line];
      const later = (r: DOMRect, y: number) => column(r, box) > c || (column(r, box) === c && y > top);
      end = findFirst(flow, { starts: (r) => later(r, r.top), reaches: (r) => later(r, r.bottom) }) ?? end;
    }
    const aside = m.aside;
    // Notes longer than the room left continue on the next page.
    carry = undefined;
    if (height(aside) > M) {
      aside.style.cssText = `box-sizing:border-box;column-count:1;column-gap:${G}px;column-fill:auto;height:${M}px`;
      const at = findFirst(aside, inLaterColumn(aside.getBoundingClientRect()));
      if (at) {
        const moved = cut(aside, hoist(at, aside));
        const ol = moved.querySelector('ol');
        if (ol) {
          ol.append(...Array.from(moved.querySelectorAll('ol > li')).filter((li) => li.parentNode !== ol));
          carry = ol;
        }
      }
      aside.style.cssText = '';
    }
    // The page's body: at least its first block, even if that is taller than a page.
    let start = end ? hoist(end, flow) : undefined;
    if (start && start.node === flow && start.offset === 0) {
      const first = Array.from(flow.childNodes).findIndex((c) => rects(c).length > 0);
      start = { node: flow, offset: first + 1 };
    }
    // A heading stays with what follows it, as `break-after: avoid` asks.
    while (start && start.offset > 1 && !(start.node instanceof Text)) {
      const previous = Array.from(start.node.childNodes).slice(0, start.offset).reverse().find((c) => rects(c).length > 0);
      if (!(previous instanceof Element) || !/^avoid/.test(getComputedStyle(previous).breakAfter)) break;
      start = { node: start.node, offset: Array.from(start.node.childNodes).indexOf(previous as ChildNode) };
    }
    const remainder = start ? cut(flow, start) : undefined;
    let room = 0;
    const footer = document.querySelector('body > footer');
    if (!remainder && !rest.firstChild && footer) {
      // The last page: leave room for the colophon when it fits.
      const wanted = height(footer) + parseFloat(getComputedStyle(footer).marginTop);
      flow.style.height = `${H - height(aside) - wanted}px`;
      if (!findFirst(flow, inLaterColumn(flow.getBoundingClientRect()))) room = wanted;
    }
    const page = document.createElement('div');
    page.className = 'fn-page';
    const body = document.createElement('div');
    body.className = 'fn-body';
    body.append(...Array.from(flow.childNodes));
    page.style.cssText = `position:relative;width:${W}px;height:${H - room}px;break-inside:avoid;break-after:page`;
    page.append(body);
    if (aside.childNodes.length) {
      aside.style.cssText = 'position:absolute;inset-inline:0;bottom:0';
      page.append(aside);
    }
    for (const li of Array.from(aside.querySelectorAll('li[id]'))) placed.add(li.id);
    strays = [];
    main.insertBefore(page, flow);
    pages.push(page);
    if (remainder) flow.append(remainder);
    if (!hasContent(flow) && !rest.firstChild && !carry) break;
  }
  pages.at(-1)?.style.setProperty('break-after', 'auto');
  flow.remove();
  rest.remove();
  shelf.remove();
  return { pages: pages.length, notes: placed.size };
}
