/**
 * The one mdast → hast processor, shared by the check stage (which reports what
 * it removes) and render (which localises the footnote labels): headings
 * shifted under the title, Markdown to HTML, raw HTML parsed and made safe,
 * heading ids. Built once per setting and frozen, then run on every brief
 * (Astro's `createMarkdownProcessor` does the same per configuration).
 */
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import type { Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import { EXIT, visit } from 'unist-util-visit';
import rehypeSanitize from 'rehype-sanitize';
import remarkShiftHeadings from './remark-shift-headings.ts';
import rehypeSafeHtml, { schema } from './rehype-safe-html.ts';
import rehypeHeadingIds from './rehype-heading-ids.ts';

export interface ToHastSettings {
  /** Put an `unsafe-content` warning on the file for each removal (the check stage). */
  report: boolean;
  /** Title of the notes section (default: remark-rehype's `Footnotes`). */
  notes?: string;
  /** Label of a note's link back to the text, followed by the note's number. */
  backToText?: string;
}

/**
 * rehype-raw, skipped for a tree without raw HTML. hast-util-raw otherwise
 * runs every node of the document through parse5, a quarter of what the
 * check of a brief costs. Only for the check (`report`): a tree without raw
 * nodes comes out of it with the same elements, and render keeps the full
 * pass so that its bytes never depend on this shortcut.
 */
function rehypeRawWhenPresent() {
  const raw = rehypeRaw();
  return (tree: HastRoot, file: VFile) => {
    let present = false;
    visit(tree, 'raw', () => {
      present = true;
      return EXIT;
    });
    return present ? raw(tree, file) : tree;
  };
}

/** Build the chain: the one place it is assembled. */
function create(settings: ToHastSettings) {
  const { backToText } = settings;
  return unified()
    .use(remarkShiftHeadings)
    .use(remarkRehype, {
      allowDangerousHtml: true,
      ...(settings.notes ? { footnoteLabel: settings.notes } : {}),
      ...(backToText ? { footnoteBackLabel: (n: number) => `${backToText} ${n + 1}` } : {}),
    })
    // Raw HTML is parsed, then made safe.
    .use(settings.report ? rehypeRawWhenPresent : rehypeRaw)
    .use(rehypeSafeHtml, { report: settings.report })
    .use(rehypeSanitize, schema)
    .use(rehypeHeadingIds)
    .freeze();
}

const built = new Map<string, ReturnType<typeof create>>();

/** The frozen processor for these settings, built on first use. */
export function toHast(settings: ToHastSettings): ReturnType<typeof create> {
  const key = JSON.stringify([settings.report, settings.notes, settings.backToText]);
  let processor = built.get(key);
  if (!processor) {
    processor = create(settings);
    built.set(key, processor);
  }
  return processor;
}
