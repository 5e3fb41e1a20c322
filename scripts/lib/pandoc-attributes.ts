/**
 * pandoc's attribute syntax, `{#id .class key=value key="a value" -}`, read
 * into what the HTML outputs carry. Only what survives sanitizing and the EPUB
 * writer is kept: `id`, classes, `lang`, `dir`, and `width`/`height` as CSS
 * (epub-gen-memory drops those attributes, keeps `style`); `.smallcaps` is
 * small caps through `style` too, so no template needs a rule for it.
 */
import type { Properties } from 'hast';

export interface Attributes {
  id?: string;
  classes: string[];
  pairs: Array<[string, string]>;
}

const TOKEN = /\s*(?:#([^\s}#.=]+)|\.([^\s}#.=]+)|([A-Za-z_:][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))|(-))/y;

/** Parse `{…}` (with its braces), or undefined when it is not pandoc attributes. */
export function parseAttributes(text: string): Attributes | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const inner = text.slice(1, -1);
  const out: Attributes = { classes: [], pairs: [] };
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < inner.length) {
    if (/^\s*$/.test(inner.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(inner);
    if (!m) return undefined;
    if (m[1]) out.id = m[1];
    else if (m[2]) out.classes.push(m[2]);
    else if (m[3]) out.pairs.push([m[3], m[4] ?? m[5] ?? m[6] ?? '']);
    else if (m[7]) out.classes.push('unnumbered');
    at = TOKEN.lastIndex;
  }
  return out;
}

const CSS_LENGTH = /^\d+(?:\.\d+)?(?:%|px|em|rem|cm|mm|in|pt|pc|ex|ch|vw|vh)?$/;

/** hast properties for attributes (what is not kept is dropped silently, as pandoc's HTML writer drops unknown ones for EPUB). */
export function toProperties(attrs: Attributes): Properties {
  const props: Properties = {};
  const style: string[] = [];
  if (attrs.id) props.id = attrs.id;
  if (attrs.classes.length > 0) props.className = attrs.classes;
  if (attrs.classes.includes('smallcaps')) style.push('font-variant: small-caps');
  for (const [key, value] of attrs.pairs) {
    if (key === 'lang' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(value)) props.lang = value;
    else if (key === 'dir' && (value === 'rtl' || value === 'ltr' || value === 'auto')) props.dir = value;
    else if ((key === 'width' || key === 'height') && CSS_LENGTH.test(value)) style.push(`${key}: ${/^\d+(?:\.\d+)?$/.test(value) ? `${value}px` : value}`);
  }
  if (style.length > 0) props.style = style.join('; ');
  return props;
}
