/**
 * remark plugin: pandoc-crossref's and Quarto's equation labels, `$$ … $$ {#eq:id}`
 * (Quarto `{#eq-id}`), on display math: in a paragraph (`$$E = mc^2$$ {#eq:e}`)
 * the braces after the formula, and on a `$$` block the braces after its
 * closing `$$`. The id goes on the math node (`data.hProperties.id`) and the
 * braces are removed. Run after remark-pandoc-math.
 *
 * micromark closes a `$$` block only on a line with nothing after the `$$`:
 * the parse stage reads the brief with those labels blanked out
 * (`maskEquationLabels`, same length, so every position is kept) and this
 * plugin reads them from the brief itself.
 */
import type { Root, PhrasingContent } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { parseAttributes } from '../lib/pandoc-attributes.ts';
import { labelKind } from '../lib/crossref.ts';

const CLOSING = /^([ \t]*\$\$)([ \t]*\{#eq[:-][^{}\n]*\})([ \t]*)$/gm;

/** The source with the label after each closing `$$` of a math block replaced by spaces (positions unchanged). */
export function maskEquationLabels(source: string): string {
  return source.includes('{#eq') ? source.replace(CLOSING, (_, fence: string, label: string, rest: string) => fence + ' '.repeat(label.length) + rest) : source;
}

export default function remarkEquationLabels() {
  return function transform(tree: Root, file: VFile): void {
    const source = String(file);
    if (!source.includes('{#eq')) return;
    const lines = source.split(/\r?\n/);
    visit(tree, (node, index, parent) => {
      if (node.type === 'math') {
        const last = lines[(node.position?.end.line ?? 0) - 1] ?? '';
        const m = /\$\$[ \t]*(\{#eq[:-][^{}]*\})[ \t]*$/.exec(last);
        if (m) label(node, m[1]!);
        return;
      }
      const className = node.type === 'inlineMath' ? node.data?.hProperties?.className : undefined;
      if (!parent || index === undefined || !Array.isArray(className) || !className.includes('math-display')) return;
      const next = (parent.children as PhrasingContent[])[index + 1];
      const m = next?.type === 'text' ? /^[ \t]*(\{#eq[:-][^{}]*\})/.exec(next.value) : null;
      if (!next || next.type !== 'text' || !m || !label(node, m[1]!)) return;
      next.value = next.value.slice(m[0].length);
      const start = next.position?.start;
      if (start?.offset !== undefined) next.position = { ...next.position!, start: { ...start, column: start.column + m[0].length, offset: start.offset + m[0].length } };
      if (next.value === '') (parent.children as PhrasingContent[]).splice(index + 1, 1);
    });
  };
}

function label(node: { data?: { hProperties?: Record<string, unknown> } }, braces: string): boolean {
  const id = parseAttributes(braces)?.id;
  if (!id || labelKind(id) !== 'eq') return false;
  node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id } };
  return true;
}
