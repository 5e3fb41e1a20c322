/**
 * Stage 6b, the web edition: `<slug>.html`, one self-contained page from the
 * template's `web.html.ejs` and `web.css` (found through `extends` like the
 * other template files), with the brief's fonts and images inlined as data:
 * URLs, no script, and nothing that makes a request when the page is opened.
 *
 * Fonts are inlined rather than written beside the page (`<slug>_files/`): the
 * edition is one file that can be mailed, archived or uploaded as it is, and
 * only the faces whose `unicode-range` meets the brief's text are kept — the
 * ones a browser would have downloaded — so a Latin brief carries no Arabic
 * face and the reverse.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ejs from 'ejs';
import { toHtml } from '../lib/html.ts';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { h } from 'hastscript';
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { facesUsedBy, fontFile } from '../lib/fonts.ts';
import { cascadedFile, formatDate, templateFile, type Template, type TocEntry } from '../lib/template.ts';
import type { RenderedBrief } from './render.ts';
// `images` in file.data is declared by rehype-resources.
import type {} from '../plugins/rehype-resources.ts';

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

export interface WebOptions {
  template: Template;
  file: VFile;
  house: { publisher?: string; rights?: string; series?: string };
}

/** The web edition of a rendered brief, as one HTML document. */
export function renderWeb(rendered: RenderedBrief, options: WebOptions): string {
  const { meta } = rendered;
  const { template } = options;
  const body = structuredClone(rendered.webBody);
  inlineImages(body, options.file);
  wrapTables(body);
  const bodyHtml = toHtml(body);
  const toc: TocEntry[] | undefined = (meta.toc ?? true) ? rendered.outline.map(({ depth, text, id }) => ({ depth, text, id })) : undefined;
  const css = `${inlineFonts(template.fontsCss, `${meta.title} ${meta.subtitle ?? ''} ${meta.abstract ?? ''} ${toString(body)}`)}\n${cascadedFile(template, 'web.css')}`;
  const layout = ejs.compile(templateFile(template, 'web.html.ejs'));
  return layout({
    meta,
    dir: rendered.direction,
    body: bodyHtml,
    toc,
    css,
    authors: meta.author.map((a) => a.name),
    date: meta.dateText ?? formatDate(meta.date, meta.lang),
    series: meta.series ?? options.house.series,
    publisher: meta.publisher ?? options.house.publisher,
    rights: meta.rights ?? options.house.rights,
    subject: meta.subject ?? meta.description ?? meta.abstract,
    strings: template.strings(meta.lang),
  });
}

/** Images as data: URLs, read from the paths the render stage checked (inside the brief's folder). */
function inlineImages(tree: Root, file: VFile): void {
  const pathOf = new Map((file.data.images ?? []).map((image) => [image.printSrc, image.path]));
  visit(tree, 'element', (el: Element) => {
    if (el.tagName !== 'img' || typeof el.properties.src !== 'string') return;
    const path = pathOf.get(el.properties.src);
    const type = path && IMAGE_TYPES[extname(path).toLowerCase()];
    if (path && type) el.properties.src = `data:${type};base64,${readFileSync(path).toString('base64')}`;
    else delete el.properties.src;
  });
}

/** Wide tables scroll inside a focusable, named region on a narrow screen (WCAG 2.1.1, 1.4.10). */
function wrapTables(tree: Root): void {
  let n = 0;
  visit(tree, 'element', (el: Element, index, parent) => {
    if (el.tagName !== 'table' || !parent || index === undefined) return;
    const caption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
    parent.children[index] = h('div.table-scroll', { role: 'region', tabIndex: 0, ariaLabel: caption ? toString(caption) : `Table ${++n}` }, [el]);
    return index + 1;
  });
}

/** fonts.css with the faces this text uses (lib/fonts.ts) inlined as data: URLs, the others dropped. */
export function inlineFonts(css: string, text: string): string {
  return facesUsedBy(css, text).replace(/url\(['"]?fonts\/([^'")]+)['"]?\)/g, (_, name: string) => `url(data:font/woff2;base64,${readFileSync(fontFile(name)).toString('base64')})`);
}
