/**
 * remark plugin, after remark-math: TeX math as pandoc reads it
 * (`tex_math_dollars`), and each formula checked.
 *
 * - `$…$` is inline math only when the opening `$` has a non-space right after
 *   it, the closing `$` a non-space right before it and no digit right after it
 *   (so `$5 and $10` stays text, as in pandoc); micromark-extension-math reads
 *   `$…$` like a code span, so what pandoc would not read as math is turned
 *   back into text here.
 * - `$$…$$` inside a paragraph is display math, as in pandoc (remark-math
 *   reads it as inline math); `$$` fenced blocks are display math.
 * - Each formula is converted with temml once: a formula that does not parse
 *   is a `math-error` at its position (the output shows its TeX source).
 *   temml (about 20 ms to load) is loaded only when the document has math.
 */
import type { Root, Text, PhrasingContent } from 'mdast';
import type { InlineMath, Math } from 'mdast-util-math';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { RULES, SOURCE } from '../lib/rules.ts';

export const MATH_INLINE = 'math-inline';
export const MATH_DISPLAY = 'math-display';

export default function remarkPandocMath() {
  return async function transform(tree: Root, file: VFile) {
    const source = String(file);
    const formulas: Array<[InlineMath | Math, boolean]> = [];
    visit(tree, (node, index, parent) => {
      if (node.type !== 'inlineMath' && node.type !== 'math') return;
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      const raw = source.slice(start, end);
      let display = node.type === 'math';
      if (node.type === 'inlineMath') {
        display = raw.startsWith('$$');
        const v = node.value;
        const pandocMath = display || (v !== '' && !/^\s/.test(v) && !/\s$/.test(v) && !/^\d/.test(source[end] ?? ''));
        if (!pandocMath && parent && index !== undefined) {
          const text: Text = { type: 'text', value: raw, position: node.position };
          (parent.children as PhrasingContent[]).splice(index, 1, text);
          return index + 1;
        }
      }
      const math = node as InlineMath | Math;
      math.data = {
        ...math.data,
        hProperties: { className: ['language-math', display ? MATH_DISPLAY : MATH_INLINE] },
      };
      formulas.push([math, display]);
      return undefined;
    });
    if (formulas.length === 0) return;
    const { default: temml } = await import('temml');
    for (const [math, display] of formulas) {
      try {
        temml.renderToString(math.value, { displayMode: display, throwOnError: true });
      } catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^Temml parse error:\s*/i, '') : String(error);
        file.message(`Math does not parse: ${reason}`, { place: math.position, ruleId: RULES.mathError, source: SOURCE });
      }
    }
  };
}
