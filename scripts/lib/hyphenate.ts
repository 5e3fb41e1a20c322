/**
 * Soft hyphens for print, by language. Chromium on Linux gets its hyphenation
 * dictionaries through the component updater, which briefpress keeps off (no
 * network), so `hyphens: auto` alone would never break a word; the `hyphen`
 * package brings TeX's patterns for some 80 languages instead. E-readers
 * hyphenate by themselves, so only the print HTML is treated.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Root, Element } from 'hast';
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

/** Insert soft hyphens in running text (not headings, code, or link text that is a URL). */
export function hyphenateTree(tree: Root, lang: string): void {
  const hyphenate = hyphenatorFor(lang);
  if (!hyphenate) return;
  visit(tree, (node) => {
    if (node.type === 'element') {
      const el = node as Element;
      if (SKIP_TAGS.has(el.tagName) || (el.properties.lang && el.properties.lang !== lang)) return SKIP;
      if (el.tagName === 'a' && /^https?:/.test(String(el.properties.href ?? ''))) return SKIP;
    }
    if (node.type === 'text') node.value = hyphenate(node.value, { minWordLength: 7 });
    return undefined;
  });
}
