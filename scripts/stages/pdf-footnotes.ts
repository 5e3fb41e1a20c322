/**
 * Stage 5a, print PDF, footnotes at the foot of the page: the layout runs in
 * the print page (stages/pdf-footnotes-page.ts) on the document as loaded,
 * before Chromium prints it. The brief's layout choice travels in the print
 * HTML (`<body data-notes data-footnotes>`, from the front matter over the
 * house config): `notes: endnotes` leaves the notes where render put them,
 * before the References.
 */
/// <reference lib="dom" />
import type { Page } from 'puppeteer';
import { layoutFootnotes, type FootnoteLayoutOptions, type FootnoteLayoutResult } from './pdf-footnotes-page.ts';

/**
 * Move every note to the foot of the page that refers to it, unless the brief
 * asks for endnotes. `label` names each page's notes block in the page's language.
 */
export async function placeFootnotes(page: Page, label: (lang: string) => string): Promise<FootnoteLayoutResult> {
  const choice = await page.evaluate('({ lang: document.documentElement.lang || "en", notes: document.body?.dataset.notes ?? "footnotes", numbering: document.body?.dataset.footnotes ?? "continuous", any: Boolean(document.querySelector("main section[data-footnotes] li")) })') as { lang: string; notes: string; numbering: string; any: boolean };
  if (choice.notes === 'endnotes' || !choice.any) return { pages: 0, notes: 0 };
  const perPage = choice.numbering === 'per-page';
  const options: Omit<FootnoteLayoutOptions, 'page'> = { perPage, label: label(choice.lang) };
  // The functions' source is sent to the page. tsx and esbuild may wrap named
  // functions in a `__name` helper that exists only in Node: define it there.
  const source = `(() => {
    const __name = (f) => f;
    const result = (${layoutFootnotes.toString()})({ ...${JSON.stringify(options)}, page: (${pageBox.toString()})() });
    (${numberNotes.toString()})(${perPage});
    (${dropDeadTocEntries.toString()})();
    return result;
  })()`;
  return (await page.evaluate(source)) as FootnoteLayoutResult;
}

/**
 * In the page: the content box of a PDF page in CSS pixels, from the page
 * size the template sets (`--page-width`, `--page-height`) less the margins
 * of its `@page` rules (read from the CSSOM, so a template may change them).
 */
function pageBox(): { width: number; height: number } {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;width:0';
  document.body.append(probe);
  const px = (length: string): number => {
    probe.style.height = length || '0';
    return probe.getBoundingClientRect().height;
  };
  const margins = { top: '', right: '', bottom: '', left: '' };
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
      margins.top = rule.style.marginTop || margins.top;
      margins.right = rule.style.marginRight || margins.right;
      margins.bottom = rule.style.marginBottom || margins.bottom;
      margins.left = rule.style.marginLeft || margins.left;
    }
  }
  const root = getComputedStyle(document.documentElement);
  // Two pixels of slack so that rounding never pushes a page box onto a second page.
  const height = Math.floor(px(root.getPropertyValue('--page-height').trim()) - px(margins.top) - px(margins.bottom)) - 2;
  const width = Math.floor(px(root.getPropertyValue('--page-width').trim()) - px(margins.left) - px(margins.right));
  probe.remove();
  return { width, height };
}

/** In the page: the table of contents no longer lists the notes section, whose heading left with it. */
function dropDeadTocEntries(): void {
  for (const a of Array.from(document.querySelectorAll('.toc a[href^="#"]'))) {
    if (!document.getElementById(decodeURIComponent(a.getAttribute('href')!.slice(1)))) a.closest('li')?.remove();
  }
}

/** In the page: number the notes of each page box, through the brief or restarting per page (references and back-links too). */
function numberNotes(perPage: boolean): void {
  const refs = new Map<string, Element[]>();
  for (const a of Array.from(document.querySelectorAll('a[data-footnote-ref]'))) {
    const id = decodeURIComponent(a.getAttribute('href')?.slice(1) ?? '');
    refs.set(id, [...(refs.get(id) ?? []), a]);
  }
  for (const page of Array.from(document.querySelectorAll('main > .fn-page'))) {
    let number = 0;
    for (const li of Array.from(page.querySelectorAll<HTMLLIElement>('.fn-notes li[id]'))) {
      li.value = perPage ? ++number : Number(li.dataset.n);
      if (!perPage) continue;
      for (const a of refs.get(li.id) ?? []) a.textContent = (a.textContent ?? '').replace(/\d+/, String(li.value));
      for (const back of Array.from(li.querySelectorAll('a[data-footnote-backref]'))) back.setAttribute('aria-label', (back.getAttribute('aria-label') ?? '').replace(/\d+$/, String(li.value)));
    }
  }
}
