/**
 * rehype plugin: soft hyphens for print, by language. Chromium on Linux gets its hyphenation
 * dictionaries through the component updater, which briefpress keeps off (no
 * network), so `hyphens: auto` alone would never break a word; the `hyphen`
 * package brings TeX's patterns for some 80 languages instead. E-readers
 * hyphenate by themselves, so only the print HTML is treated.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

const require = createRequire(import.meta.url);
const PATTERNS = join(dirname(require.resolve('hyphen/package.json')), 'patterns');
const SKIP_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'code', 'pre', 'kbd', 'script', 'style', 'bdi', 'time']);

type Hyphenator = (text: string, options?: { minWordLength?: number }) => string;
const cache = new Map<string, Hyphenator | undefined>();

/** The hyphenator for a language tag (`en-GB` → British patterns), if there is one. */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  const base = tag.split('-')[0]!;
  const code = [tag, base === 'en' ? 'en-us' : base, base === 'de' ? 'de-1996' : base].find((c) => existsSync(join(PATTERNS, `${c}.js`)));
  if (!code) return undefined;
  if (!cache.has(code)) cache.set(code, (require(`hyphen/${code}`) as { hyphenateSync: Hyphenator }).hyphenateSync);
  return cache.get(code);
}

/**
 * No soft hyphen inside an f-ligature (the bundled faces' ligatures all start
 * with f: Source Serif 4 has ff fi fj fl ft, its italic also fb fh fk).
 * HarfBuzz forms the ligature across a soft hyphen that does not break the
 * line, and Chromium then gives the ligature glyph no Unicode in the PDF, only
 * an `/ActualText` that pdf.js does not read: "effective" came back from
 * pdf.js as "e\0ective". A word keeps its other break points (effect-ive in British patterns).
 */
const IN_LIGATURE = /(?<=f)\u00AD(?=[bfhijklt])/g;

export interface Options {
  /** The brief's language: text in another language (`lang` on an element) is left alone. */
  lang: string;
}

/** Insert soft hyphens in running text (not headings, code, or link text that is a URL). */
export default function rehypeHyphenate(options: Options) {
  const { lang } = options;
  return function transform(tree: Root): void {
    const hyphenate = hyphenatorFor(lang);
    if (!hyphenate) return;
    visit(tree, (node) => {
      if (node.type === 'element') {
        if (SKIP_TAGS.has(node.tagName) || (node.properties.lang && node.properties.lang !== lang)) return SKIP;
        if (node.tagName === 'a' && /^https?:/.test(String(node.properties.href ?? ''))) return SKIP;
      }
      if (node.type === 'text') node.value = hyphenate(node.value, { minWordLength: 7 }).replace(IN_LIGATURE, '');
      return undefined;
    });
  };
}
