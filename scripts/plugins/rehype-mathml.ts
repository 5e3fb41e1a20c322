/**
 * rehype plugin: TeX math (the `code.language-math` elements that remark-math
 * and remark-pandoc-math leave) as MathML Core, with temml; Chromium prints
 * MathML and EPUB 3 allows it. Runs after rehype-sanitize: the MathML comes
 * from temml, not from the brief (raw `<math>` in a brief is still removed).
 * A formula that does not parse (reported as `math-error` by the check) keeps
 * its TeX source in code.
 */
import type { Root, Element, ElementContent } from 'hast';
import { visit, SKIP } from 'unist-util-visit';
import { fromHtml } from 'hast-util-from-html';
import temml from 'temml';
import { h } from 'hastscript';

const classes = (el: Element): string[] => (Array.isArray(el.properties.className) ? el.properties.className.map(String) : []);

export default function rehypeMathml() {
  return function transform(tree: Root) {
    visit(tree, 'element', (el: Element, index, parent) => {
      if (!parent || index === undefined) return undefined;
      // A display block is `<pre><code class="language-math math-display">`.
      const code = el.tagName === 'pre' && el.children.length === 1 && el.children[0]?.type === 'element' ? el.children[0] : el;
      if (code.tagName !== 'code' || !classes(code).includes('language-math')) return undefined;
      const display = classes(code).includes('math-display');
      const tex = code.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      let mathml: string;
      try {
        mathml = temml.renderToString(tex, { displayMode: display, throwOnError: true, annotate: true });
      } catch {
        return SKIP;
      }
      const math = fromHtml(mathml, { fragment: true }).children.find((c): c is Element => c.type === 'element');
      if (!math) return SKIP;
      math.properties = { ...math.properties, display: display ? 'block' : 'inline' };
      // A labelled equation (`{#eq:id}`, plugins/remark-equation-labels.ts) keeps its id on a wrapper, the target of its references.
      const id = code.properties.id ?? el.properties.id;
      const node = typeof id === 'string' ? h('span', { className: ['equation'], id }, [math as ElementContent]) : (math as ElementContent);
      parent.children.splice(index, 1, node);
      return SKIP;
    });
  };
}
