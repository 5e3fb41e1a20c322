/**
 * remark plugin (check): cross-references resolve and labels are unique.
 *
 * Rules: missing-crossref (a reference to no label, with "did you mean", to
 * a code chunk's output, or to a kind that is not numbered: listings, theorems…),
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
import { chunkLabels, collectLabels, crossrefOf, hasReservedPrefix, labelKind, looksLikeCrossref, type Label } from '../lib/crossref.ts';
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
    const chunks = chunkLabels(tree);
    visit(tree, 'citation', (node: Citation) => {
      for (const item of node.items) {
        const entry = bibliography.byKey.get(item.key);
        const ref = crossrefOf(item.key, labels);
        if (entry && (ref || hasReservedPrefix(item.key))) {
          const cause = new VFileMessage('Bibliography entry', { place: entry.place, ruleId: RULES.reservedKey, source: SOURCE });
          cause.file = entry.file.path;
          const why = ref && !hasReservedPrefix(item.key) ? `is also a label in this brief (\`#${ref.id}\`)` : `starts with \`${item.key.slice(0, item.key.indexOf(':') + 1)}\`, which is reserved for cross-references`;
          file.message(`Citation key \`${item.key}\` ${why}: rename the entry in the bibliography`, { place: item.position, ruleId: RULES.reservedKey, source: SOURCE, cause });
          continue;
        }
        if (entry || ref?.id && labels.has(ref.id)) continue;
        // `fig:x` with no such label, or Quarto's `fig-x` that is neither a label nor a key.
        const id = item.key[0]!.toLowerCase() + item.key.slice(1);
        if (!looksLikeCrossref(item.key)) continue;
        if (!labelKind(id)) {
          file.message(`Cross-reference \`@${item.key}\` is of a kind briefpress does not number (it numbers figures, tables, sections and equations: \`fig\`, \`tbl\`, \`sec\`, \`eq\`)`, { place: item.position, ruleId: RULES.missingCrossref, source: SOURCE });
          continue;
        }
        // A chunk's label, or one of its numbered parts (`fig-x-1`, `fig-x-2`: a chunk with several plots).
        const chunk = chunks.has(id) ? id : [...chunks.keys()].find((c) => id.startsWith(`${c}-`) && /^\d+$/.test(id.slice(c.length + 1)));
        const hint = chunk ? undefined : nearest(id, ids);
        const reason = chunk
          ? `Cross-reference \`@${item.key}\` points at the output of a code chunk (line ${chunks.get(chunk)?.start.line ?? '?'}), which briefpress does not run: put the figure or table in the brief with the label \`{#${id}}\``
          : `Cross-reference \`@${item.key}\` points at no label${hint ? `; did you mean \`@${hint}\`?` : ''}`;
        file.message(reason, { place: item.position, ruleId: RULES.missingCrossref, source: SOURCE });
      }
    });
  };
}
