/**
 * remark plugin for the check stage: converts (a copy of) the brief to HTML the
 * way render does (raw HTML parsed with rehype-raw) and reports unsafe HTML,
 * images and links at their Markdown positions, without a browser. The tree
 * itself is left untouched (other checks, e.g. `<!-- cite-ok -->`, read it).
 */
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import rehypeSafeHtml, { schema } from './rehype-safe-html.ts';
import rehypeResources from './rehype-resources.ts';
import { addHeadingIds, shiftHeadings } from '../lib/slug.ts';

export interface Options {
  /** Folder of the Markdown file: images and links resolve from here. */
  briefDir: string;
  /** Ids that render will add (`ref-<key>` of the References). */
  ids?: Iterable<string>;
}

export default function remarkSafeContent(options: Options) {
  return function transform(tree: Root, file: VFile) {
    const copy = structuredClone(tree);
    shiftHeadings(copy);
    const hast = unified()
      .use(remarkRehype, { allowDangerousHtml: true, handlers: { citation: () => undefined } as never })
      .use(rehypeRaw)
      .use(rehypeSafeHtml, { report: true })
      .use(rehypeSanitize, schema)
      .runSync(copy as never, file);
    addHeadingIds(hast);
    unified().use(rehypeResources, { briefDir: options.briefDir, ids: options.ids, report: true }).runSync(hast, file);
  };
}
