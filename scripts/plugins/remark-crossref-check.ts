/**
 * remark plugin (check): cross-references resolve and labels are unique.
 *
 * Rules: missing-crossref (a reference to no label, with "did you mean"),
 * duplicate-label (the first definition in `cause`), reserved-key (a cited
 * bibliography key with a cross-reference prefix: `fig:`, `tbl:`, `sec:`
 * always; Quarto's `fig-`, `tbl-`, `sec-` when the brief has that label, so
 * the key could be read either way). Severity comes from lib/rules.ts.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { visit } from 'unist-util-visit';
import type { Bibliography } from '../lib/bibliography.ts';
import type { Citation } from '../lib/types.ts';
import { collectLabels, crossrefOf, hasReservedPrefix, labelKind, type Label } from '../lib/crossref.ts';
import { RULES, SOURCE } from '../lib/rules.ts';
import { nearest } from './remark-reference-check.ts';

export interface Options {
  bibliography: Bibliography;
}

export default function remarkCrossrefCheck(options: Options) {
  const { bibliography } = options;
  return function transform(tree: Root, file: VFile): void {
    const labels = new Map<string, Label>();
    for (const label of collectLabels(tree)) {
      const first = labels.get(label.id);
      if (!first) {
        labels.set(label.id, label);
        continue;
      }
      const cause = new VFileMessage('First defined here', { place: first.position, ruleId: RULES.duplicateLabel, source: SOURCE });
      file.message(`Label \`#${label.id}\` is defined twice: references would point at the first`, { place: label.position, ruleId: RULES.duplicateLabel, source: SOURCE, cause });
    }
    const ids = [...labels.keys()];
    visit(tree, 'citation', (node: Citation) => {
      for (const item of node.items) {
        const entry = bibliography.byKey.get(item.key);
        const ref = crossrefOf(item.key, labels);
        if (entry && (ref || hasReservedPrefix(item.key))) {
          const cause = new VFileMessage('Bibliography entry', { place: entry.place, ruleId: RULES.reservedKey, source: SOURCE });
          cause.file = entry.file.path;
          const why = ref && !hasReservedPrefix(item.key) ? `is also a label in this brief (\`#${ref.id}\`)` : `starts with \`${item.key.slice(0, 4)}\`, which is reserved for cross-references`;
          file.message(`Citation key \`${item.key}\` ${why}: rename the entry in the bibliography`, { place: item.position, ruleId: RULES.reservedKey, source: SOURCE, cause });
          continue;
        }
        if (entry || ref?.id && labels.has(ref.id)) continue;
        // `fig:x` with no such label, or Quarto's `fig-x` that is neither a label nor a key.
        const id = item.key[0]!.toLowerCase() + item.key.slice(1);
        if (!hasReservedPrefix(item.key) && !(labelKind(id) && /^[FfTtSs](?:ig|bl|ec)-/.test(item.key))) continue;
        const hint = nearest(id, ids);
        file.message(`Cross-reference \`@${item.key}\` points at no label${hint ? `; did you mean \`@${hint}\`?` : ''}`, { place: item.position, ruleId: RULES.missingCrossref, source: SOURCE });
      }
    });
  };
}
