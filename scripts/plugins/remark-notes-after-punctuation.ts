/**
 * remark plugin (render, notes styles): note markers after punctuation, as
 * pandoc places them (its `notes-after-punctuation`, on by default):
 *
 *   `Kerman [@a].`          → `Kerman.¹`
 *   `the “attack” [@a].`    → `the “attack.”¹` (en-US puts the stop inside the quote)
 *   `“… in Kerman [@a]”.`  → `“… in Kerman.”¹`
 *
 * For every footnote reference in running text (a citation made a note, or the
 * brief's own `[^n]` and `^[…]`): the space before it is dropped, and the
 * closing quotes and punctuation (`.`, `,`, `;`, `:`, `!`, `?`) right after it
 * move before it. Where the CSL locale sets `punctuation-in-quote` (en-US),
 * a full stop or comma goes inside the closing quote.
 * Runs after remark-citation-notes; does nothing in an author-date style or
 * when front matter sets `notes-after-punctuation: false` (`enabled: false`).
 */
import type { Root, Parent, PhrasingContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import './remark-render-citations.ts';
import { localeXml } from '../lib/csl.ts';

export interface Options {
  /** The brief's language: its CSL locale's `punctuation-in-quote` decides (en-US: inside). */
  lang?: string;
  /** Front matter `notes-after-punctuation`; default true. */
  enabled?: boolean;
}

const CLOSING_QUOTES = '"”’»›\'';
/** Quotes that close a quotation when they end the text before a marker (not apostrophes). */
const QUOTES_BEFORE = '"”»›';
/** Closing quotes and punctuation right after a marker, as one run. */
const AFTER = new RegExp(`^[${CLOSING_QUOTES}.,;:!?]+`);

export default function remarkNotesAfterPunctuation(options?: Options | null) {
  const inQuote = /punctuation-in-quote="true"/.test(localeXml(options?.lang ?? 'en-US'));
  return function transform(tree: Root, file: VFile) {
    if (options?.enabled === false || !file.data.renderedCitations?.isNoteStyle) return;
    visit(tree, (node) => {
      if (node.type === 'footnoteDefinition') return 'skip';
      if (!('children' in node)) return undefined;
      const kids = (node as Parent).children as PhrasingContent[];
      for (let i = 0; i < kids.length; i++) {
        if (kids[i]!.type !== 'footnoteReference') continue;
        // Markers side by side (`[@a][^1]`) move as one.
        let last = i;
        while (kids[last + 1]?.type === 'footnoteReference') last++;
        const before = kids[i - 1];
        const after = kids[last + 1];
        if (before?.type === 'text') before.value = before.value.replace(/[ \t\n]+$/, '');
        const run = after?.type === 'text' ? (AFTER.exec(after.value)?.[0] ?? '') : '';
        if (run) {
          (after as Text).value = (after as Text).value.slice(run.length);
          let punct = run;
          let head = before?.type === 'text' ? before.value : '';
          // `“attack” [@a].` with punctuation inside quotes: `“attack.”`.
          const trailingQuotes = new RegExp(`[${QUOTES_BEFORE}]+$`).exec(head)?.[0] ?? '';
          const quotesFirst = new RegExp(`^([${CLOSING_QUOTES}]*)([.,]?)(.*)$`).exec(punct)!;
          if (inQuote && (trailingQuotes || quotesFirst[1]) && quotesFirst[2]) {
            const quotes = trailingQuotes + quotesFirst[1];
            head = head.slice(0, head.length - trailingQuotes.length) + quotesFirst[2] + quotes;
            punct = quotesFirst[3]!;
          }
          if (before?.type === 'text') before.value = head + punct;
          else kids.splice(i, 0, { type: 'text', value: punct });
        }
        i = last + (run && before?.type !== 'text' ? 1 : 0);
      }
      return undefined;
    });
  };
}
