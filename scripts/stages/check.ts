/**
 * Stage 3, check: the citation-completeness gate. Each rule is a unified
 * plugin that puts positioned messages on the file; nothing is printed here.
 */
import { unified } from 'unified';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import remarkReferenceCheck from '../plugins/remark-reference-check.ts';
import remarkSafeContent from '../plugins/remark-safe-content.ts';
import type { Bibliography } from '../lib/bibliography.ts';
import { refId } from '../lib/csl.ts';
import type { Meta } from '../lib/meta.ts';

/** Run every check over a parsed brief. */
export async function check(tree: Root, file: VFile, options: { meta: Meta; bibliography: Bibliography; briefDir: string }): Promise<void> {
  const processor = unified()
    .use(remarkReferenceCheck, {
      bibliography: options.bibliography,
      nocite: options.meta.nocite,
    })
    .use(remarkSafeContent, { briefDir: options.briefDir, ids: [...options.bibliography.byKey.keys()].map(refId) });
  await processor.run(tree, file);
}
