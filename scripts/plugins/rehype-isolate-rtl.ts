/**
 * rehype plugin: in a left-to-right brief, each run of right-to-left text is
 * wrapped in `<bdi dir="rtl">` so that Chromium and e-readers lay it out in the
 * right order (unisolated inline Arabic comes out scrambled, see the shared
 * notes). Elements that already set `dir`, and `<bdi>`, are left alone. A
 * right-to-left brief is left as it is.
 */
import type { Root, Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';

/** Arabic, Persian, Hebrew, Syriac, Thaana… letters, and what may stand between them in a run. */
const RTL_RUN = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF](?:[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200C\u200D\s\d.,،؛:«»()-]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF])?/g;
const HAS_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export interface Options {
  /** The brief's text direction. */
  direction: 'ltr' | 'rtl';
}

export default function rehypeIsolateRtl(options: Options) {
  return function transform(tree: Root): void {
    if (options.direction !== 'ltr') return;
    visit(tree, 'element', (el: Element) => {
      if (el.tagName === 'bdi' || el.tagName === 'script' || el.tagName === 'style' || el.properties.dir) return SKIP;
      if (!el.children.some((c) => c.type === 'text' && HAS_RTL.test(c.value))) return undefined;
      el.children = el.children.flatMap((child): ElementContent[] => {
        if (child.type !== 'text') return [child];
        const out: ElementContent[] = [];
        let last = 0;
        for (const m of child.value.matchAll(RTL_RUN)) {
          if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
          out.push(h('bdi', { dir: 'rtl' }, m[0]));
          last = m.index + m[0].length;
        }
        if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
        return out;
      });
      return undefined;
    });
  };
}
