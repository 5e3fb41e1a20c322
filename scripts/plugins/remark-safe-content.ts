/**
 * remark plugin for the check stage: converts (a copy of) the brief to HTML
 * with the processor render uses (plugins/to-hast.ts) and reports unsafe HTML,
 * images and links at their Markdown positions, without a browser. The tree
 * itself is left untouched (other checks, e.g. `<!-- cite-ok -->`, read it).
 */
import { unified } from 'unified';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { toHast } from './to-hast.ts';
import rehypeResources from './rehype-resources.ts';

export interface Options {
  /** Folder of the Markdown file: images and links resolve from here. */
  briefDir: string;
  /** Ids that render will add (`ref-<key>` of the References). */
  ids?: Iterable<string>;
}

export default function remarkSafeContent(options: Options) {
  return function transform(tree: Root, file: VFile) {
    const copy = structuredClone(tree);
    // Citations are not rendered yet: they carry no HTML, links or ids.
    visit(copy, 'citation', (_node, index, parent) => {
      if (!parent || index === undefined) return undefined;
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
    const hast = toHast({ report: true }).runSync(copy, file);
    unified().use(rehypeResources, { briefDir: options.briefDir, ids: options.ids, report: true }).runSync(hast, file);
  };
}
