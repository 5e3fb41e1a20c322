/**
 * Stage 5a, print PDF, footnotes at the foot of the page: the layout runs in
 * the print page (stages/pdf-footnotes-page.ts) on the document as loaded,
 * before Chromium prints it. The brief's layout choice travels in the print
 * HTML (`<body data-notes data-footnotes>`, from the front matter over the
 * house config): `notes: endnotes` leaves the notes where render put them,
 * before the References.
 */
import type { Page } from 'puppeteer';
import { layoutFootnotes, type FootnoteLayoutOptions, type FootnoteLayoutResult } from './pdf-footnotes-page.ts';

/** Move every note to the foot of the page that refers to it, unless the brief asks for endnotes. */
export async function placeFootnotes(page: Page, label: string): Promise<FootnoteLayoutResult> {
  const choice = await page.evaluate('({ notes: document.body?.dataset.notes ?? "footnotes", numbering: document.body?.dataset.footnotes ?? "continuous", any: Boolean(document.querySelector("main section[data-footnotes] li")) })') as { notes: string; numbering: string; any: boolean };
  if (choice.notes === 'endnotes' || !choice.any) return { pages: 0, notes: 0 };
  const options: FootnoteLayoutOptions = { perPage: choice.numbering === 'per-page', label };
  // The function's source is sent to the page. tsx and esbuild may wrap named
  // functions in a `__name` helper that exists only in Node: define it there.
  const source = `(() => { const __name = (f) => f; return (${layoutFootnotes.toString()})(${JSON.stringify(options)}); })()`;
  return (await page.evaluate(source)) as FootnoteLayoutResult;
}
