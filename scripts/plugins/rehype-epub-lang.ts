/**
 * rehype plugin (EPUB only): foreign-language runs say which language they
 * are in, as XHTML reading systems read it. A run of right-to-left text in a
 * left-to-right brief (the `<bdi dir="rtl">` of rehype-isolate-rtl, or an
 * element the writer gave `dir="rtl"`) that no ancestor gives a language gets
 * `lang` and `xml:lang` from its script; an element with `lang` (a pandoc span
 * `[text]{lang=fr}`, raw HTML) gets the same `xml:lang`, which XML-based
 * reading systems look for, as the package templates do on `<html>`.
 *
 * Hand-written rather than a language detector (franc): detectors need a
 * dozen characters or more and answer in ISO 639-3 (`pes`, `arb`), while a
 * run here is often one or two words; within Arabic script the letters that
 * only Urdu or Persian use decide, and Arabic is the rest. A short Persian run
 * without any of them (`در`) is taken for Arabic, which a screen reader still
 * voices in the right script.
 */
import type { Root, Element } from 'hast';
import { toString } from 'hast-util-to-string';

export interface Options {
  /** The brief's language (BCP 47), which every run without its own inherits. */
  lang: string;
}

const RTL_LANGS = /^(ar|fa|he|ur|ps|ckb|yi|dv|syr|ug|sd)(-|$)/i;

/** The language a run of right-to-left text is most likely in, from its letters. */
export function rtlLanguage(text: string): string | undefined {
  const hebrew = (text.match(/[\u0590-\u05FF\uFB1D-\uFB4F]/g) ?? []).length;
  const arabic = (text.match(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? []).length;
  if (/[\u0700-\u074F]/.test(text) && !hebrew && !arabic) return 'syr';
  if (/[\u0780-\u07BF]/.test(text) && !hebrew && !arabic) return 'dv';
  if (!hebrew && !arabic) return undefined;
  if (hebrew > arabic) return 'he';
  // ٹ ڈ ڑ ں ھ ہ ے: Urdu's own letters.
  if (/[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2]/.test(text)) return 'ur';
  // پ چ ژ گ, Persian kāf and yeh (ک ی), Persian digits.
  if (/[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06F0-\u06F9]/.test(text)) return 'fa';
  return 'ar';
}

export default function rehypeEpubLang(options: Options) {
  return function transform(tree: Root): void {
    walk(tree, options.lang);
  };
}

function walk(node: Root | Element, inherited: string): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const own = child.properties.lang ?? child.properties.xmlLang;
    let lang = typeof own === 'string' && own ? own : undefined;
    if (!lang && child.properties.dir === 'rtl' && !RTL_LANGS.test(inherited)) lang = rtlLanguage(toString(child));
    if (lang) {
      child.properties.lang = lang;
      child.properties.xmlLang = lang;
    }
    walk(child, lang ?? inherited);
  }
}
