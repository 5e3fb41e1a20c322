/**
 * How a page shows mixed-direction text: for each element matching a
 * selector, its characters line by line in the order they stand on screen
 * (left to right), and whether every line shows them in their logical order.
 * A left-to-right citation that the bidi algorithm tore apart in right-to-left
 * text ("Maritime(" … ")Organization 2023") shows out of order. Measured with
 * the real Chromium, one range per character.
 */
import type { Page } from 'puppeteer';

export interface VisualLines {
  text: string;
  /** Each line's characters, left to right as drawn. */
  lines: string[];
  /** Every line shows its characters in logical order. */
  inOrder: boolean;
}

export async function visualLines(page: Page, selector: string): Promise<VisualLines[]> {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll(sel)].map((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const chars: Array<{ c: string; x: number; top: number; i: number }> = [];
      let i = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n.textContent ?? '';
        for (let k = 0; k < t.length; k++, i++) {
          const range = document.createRange();
          range.setStart(n, k);
          range.setEnd(n, k + 1);
          const rect = range.getClientRects()[0];
          if (rect && rect.width > 0) chars.push({ c: t[k]!, x: rect.left, top: Math.round(rect.top), i });
        }
      }
      const tops = [...new Set(chars.map((c) => c.top))].sort((a, b) => a - b);
      const lines = tops.map((top) => chars.filter((c) => c.top === top).sort((a, b) => a.x - b.x));
      return {
        text: el.textContent ?? '',
        lines: lines.map((line) => line.map((c) => c.c).join('')),
        inOrder: lines.every((line) => line.every((c, k) => k === 0 || c.i > line[k - 1]!.i)),
      };
    });
  }, selector);
}
