/**
 * rehype plugin: raw HTML from a brief is untrusted. Run after rehype-raw and
 * before rehype-sanitize (with `schema` below): it removes what a brief may not
 * carry and, with `report`, puts an `unsafe-content` warning at the Markdown
 * line for each removal. rehype-sanitize then enforces the same schema as a
 * safety net (anything it would drop silently is reported here first).
 *
 * Removed: `<script>`, `<iframe>`, `<object>`, `<embed>`, `<style>`, `<meta>`,
 * `<link>`, `<base>`, forms, inline `<svg>`/`<math>` and every other element
 * outside the schema; event-handler attributes (`on…`); `javascript:`,
 * `vbscript:` and `data:` URLs (outside `<img src>`, which the image check
 * reports); `style` attributes whose CSS can load something (`url(`, `@import`,
 * `image-set(`, `expression(`, CSS escapes).
 */
import type { Root, Element, Properties, Parents } from 'hast';
import type { VFile } from 'vfile';
import { visitParents } from 'unist-util-visit-parents';
import { find, html } from 'property-information';
import { defaultSchema } from 'rehype-sanitize';
import type { Options as Schema } from 'rehype-sanitize';
import { RULES, SOURCE } from '../lib/rules.ts';

/** Elements removed with their content (the rest outside the schema are unwrapped). */
const STRIP = ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'template', 'noscript', 'svg', 'math', 'textarea', 'select', 'title', 'head', 'meta', 'link', 'base', 'audio', 'video', 'canvas', 'noembed', 'noframes', 'xmp', 'plaintext'];

const EXTRA_TAGS = ['figure', 'figcaption', 'abbr', 'bdi', 'bdo', 'mark', 'cite', 'small', 'u', 'caption', 'col', 'colgroup', 'dfn', 'time', 'wbr', 'aside', 'nav', 'header', 'footer', 'article', 'main'];
/** Dropped from the default schema: form controls and responsive image sources. */
const NOT_TAGS = new Set(['input', 'picture', 'source']);

const COMMON_ATTRIBUTES = ['className', 'id', 'lang', 'dir', 'title', 'role', 'style', 'ariaHidden', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy', 'xmlLang'];

/** What a brief's HTML may contain: tables, figures, `lang`/`dir`, `<bdi>`, notes, `<abbr>`, `<kbd>`, `<mark>`, details… */
export const schema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => !NOT_TAGS.has(t)), ...EXTRA_TAGS],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), ...COMMON_ATTRIBUTES],
    a: ['href', 'dataFootnoteBackref', 'dataFootnoteRef', 'className', 'ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy'],
    img: ['src', 'alt', 'width', 'height', 'className'],
    section: ['dataFootnotes', 'className'],
    h2: ['className', 'id'],
    li: ['className', 'id'],
    ol: ['className', 'start', 'reversed'],
    ul: ['className'],
    code: ['className'],
    source: [],
    time: ['dateTime'],
    td: ['colSpan', 'rowSpan', 'align', 'className', 'style'],
    th: ['colSpan', 'rowSpan', 'align', 'scope', 'className', 'style'],
  },
  // Footnote and heading ids must keep matching their links.
  clobber: [],
  clobberPrefix: '',
  strip: STRIP,
  protocols: {
    href: ['http', 'https', 'mailto', 'tel', 'file'],
    cite: ['http', 'https'],
    src: ['http', 'https', 'file', 'data'],
    longDesc: ['http', 'https'],
  },
};

const ALLOWED = new Set(schema.tagNames);
const URL_ATTRIBUTES = ['href', 'src', 'cite', 'action', 'formAction', 'poster', 'srcSet', 'background', 'longDesc', 'xLinkHref', 'dataSrc'];
const UNSAFE_CSS = /url\s*\(|@import|image-set\s*\(|expression\s*\(|\\|-moz-binding|behavior\s*:/i;

export interface Options {
  /** Put an `unsafe-content` warning on the file for each removal (the check stage does; render does not). */
  report?: boolean;
}

export default function rehypeSafeHtml(options?: Options | null) {
  const report = options?.report ?? false;
  return function transform(tree: Root, file: VFile) {
    const warn = (reason: string, node: Element) => {
      if (report) file.message(reason, { place: node.position, ruleId: RULES.unsafeHtml, source: SOURCE });
    };
    visitParents(tree, 'element', (node: Element, ancestors: Parents[]) => {
      const parent = ancestors.at(-1);
      if (!parent) return;
      const tag = node.tagName.toLowerCase();
      if (!ALLOWED.has(tag)) {
        const index = parent.children.indexOf(node);
        if (STRIP.includes(tag)) {
          warn(`Removed \`<${tag}>\`${describe(node)}: ${tag === 'style' ? 'styling comes from the template' : 'briefs may not carry active or embedded content'}`, node);
          parent.children.splice(index, 1);
        } else {
          warn(`Removed \`<${tag}>\` (kept its text): not an element briefs may use`, node);
          parent.children.splice(index, 1, ...node.children);
        }
        return index;
      }
      cleanProperties(node, warn);
      return undefined;
    });
    return tree;
  };
}

function cleanProperties(node: Element, warn: (reason: string, node: Element) => void): void {
  const props: Properties = node.properties;
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (/^on/i.test(key)) {
      warn(`Removed the event handler \`${attributeName(key)}\` from \`<${node.tagName}>\`: briefs run no scripts`, node);
      delete props[key];
      continue;
    }
    if (URL_ATTRIBUTES.includes(key) && typeof value === 'string') {
      const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u001f]/g, ''))?.[1]?.toLowerCase();
      const isImageSource = node.tagName === 'img' && key === 'src';
      if (scheme === 'javascript' || scheme === 'vbscript' || (scheme === 'data' && !isImageSource)) {
        warn(`Removed \`${attributeName(key)}="${value.slice(0, 40)}${value.length > 40 ? '…' : ''}"\` from \`<${node.tagName}>\`: \`${scheme}:\` URLs are not allowed`, node);
        delete props[key];
      }
      if (key === 'srcSet') delete props[key];
    }
    if (key === 'style' && typeof value === 'string' && UNSAFE_CSS.test(value)) {
      warn(`Removed a \`style\` attribute from \`<${node.tagName}>\`: its CSS could load resources (\`url()\`, \`@import\`)`, node);
      delete props[key];
    }
  }
}

function describe(node: Element): string {
  const src = node.properties.src ?? node.properties.data ?? node.properties.href;
  return typeof src === 'string' ? ` (\`${src.slice(0, 60)}\`)` : '';
}

/** The HTML attribute of a hast property (`onMouseOver` → `onmouseover`, `xLinkHref` → `xlink:href`). */
function attributeName(key: string): string {
  return find(html, key).attribute;
}
