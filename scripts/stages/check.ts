/**
 * Stage 3, check: the citation-completeness gate and the safety of the
 * content. Each rule is a unified plugin that puts positioned messages on the
 * file; nothing is printed here.
 */
import { unified } from 'unified';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import remarkReferenceCheck from '../plugins/remark-reference-check.ts';
import remarkCrossrefCheck from '../plugins/remark-crossref-check.ts';
import remarkClaimCheck from '../plugins/remark-claim-check.ts';
import remarkSafeContent from '../plugins/remark-safe-content.ts';
import remarkGlyphCheck from '../plugins/remark-glyph-check.ts';
import type { Bibliography } from '../lib/bibliography.ts';
import { refId, referencesTerm } from '../lib/csl.ts';
import type { Meta } from '../lib/meta.ts';
import { diskMemo } from '../lib/disk-cache.ts';

/** Run every check over a parsed brief. */
export async function check(tree: Root, file: VFile, options: { meta: Meta; bibliography: Bibliography; briefDir: string }): Promise<void> {
  const { meta, bibliography } = options;
  // What the claim rules found in each sentence at the last run (kept only when the build has a cache folder).
  const memo = diskMemo<unknown>('claims', file.path);
  const processor = unified()
    .use(remarkReferenceCheck, { bibliography, nocite: meta.nocite })
    .use(remarkCrossrefCheck, { bibliography })
    .use(remarkClaimCheck, { referencesTitle: meta['reference-section-title'] ?? referencesTerm(meta.lang), lang: meta.lang, memo, isEntry: (key) => bibliography.byKey.has(key) })
    .use(remarkSafeContent, { briefDir: options.briefDir, ids: [...bibliography.byKey.keys()].map(refId) })
    .use(remarkGlyphCheck);
  await processor.run(tree, file);
  memo.save();
}
