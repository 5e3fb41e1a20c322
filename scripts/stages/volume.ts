/**
 * Stage 4b, volume (collections): each brief, rendered as if built alone
 * (stages/render.ts), becomes a part of one volume. A part keeps the brief's
 * body (ids prefixed with its name, so briefs never collide) and its EPUB
 * sections; the volume's print HTML is the template's own layout with the
 * collection as the "brief": its cover, a contents page, then each brief
 * under its own running header (a named page per brief, since Chromium
 * draws no `string-set`), its references at its end (or merged at the end of
 * the volume: stages/volume-references.ts). Page numbers run through the
 * volume; the contents' page numbers are filled in by the printer's TOC pass
 * (stages/pdf.ts).
 */
import { relative, sep } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { toHtml } from '../lib/html.ts';
import type { Meta } from '../lib/meta.ts';
import { prefixIds } from '../lib/prefix-ids.ts';
import { cascadedFile, cssString, formatDate, type Template } from '../lib/template.ts';
import type { RenderedBrief } from './render.ts';

/** One brief of a volume, as stored between builds (plain JSON). */
export interface BriefPart {
  slug: string;
  /** The brief's absolute folder (its images' URLs are relative to it). */
  dir: string;
  title: string;
  subtitle?: string;
  authors: string[];
  date?: string;
  lang: string;
  direction: 'ltr' | 'rtl';
  /** The body of the brief's print page (its `<main>`), ids prefixed. */
  print: Root;
  /** The brief's EPUB sections and outline, as render made them. */
  sections: RenderedBrief['sections'];
  outline: RenderedBrief['outline'];
}

/** The prefix of a brief's ids in the volume. */
export const idPrefix = (slug: string) => `${slug}--`;

/** Turn a rendered brief into a part of a volume. */
export function briefPart(rendered: RenderedBrief, brief: { slug: string; dir: string }): BriefPart {
  const { meta } = rendered;
  const main = findElement(fromHtml(rendered.printHtml), (el) => el.tagName === 'main');
  const print: Root = { type: 'root', children: main?.children ?? [] };
  prefixIds(print, idPrefix(brief.slug));
  return withoutPositions({
    slug: brief.slug,
    dir: brief.dir,
    title: meta.title,
    ...(meta.subtitle ? { subtitle: meta.subtitle } : {}),
    authors: meta.author.map((a) => a.name),
    ...(meta.dateText || meta.date ? { date: meta.dateText ?? formatDate(meta.date, meta.lang) } : {}),
    lang: meta.lang,
    direction: rendered.direction,
    print,
    sections: rendered.sections,
    outline: rendered.outline,
  });
}

export interface VolumeOptions {
  /** The volume's meta: title, subtitle, editors as authors, date, language. */
  meta: Meta;
  direction: 'ltr' | 'rtl';
  template: Template;
  /** The collection's folder: image URLs are made relative to it (the printer serves it). */
  dir: string;
  /** The house logo as the template serves it (`house/logo.svg`). */
  logo?: string;
  /** The cover picture, relative to the collection's folder. */
  cover?: { src: string; alt: string };
  /** One merged list of references at the end (stages/volume-references.ts), or none. */
  references?: ElementContent[];
}

/** The volume's HTML for Chromium: cover, contents, the briefs, each on its named pages. */
export function volumePrintHtml(parts: BriefPart[], o: VolumeOptions): string {
  const strings = o.template.strings(o.meta.lang);
  // Not yet page-foot notes in a volume: the layout (stages/pdf-footnotes-page.ts)
  // pages one flow of one brief, and a volume's named pages and page breaks
  // between briefs overlapped in its page boxes. Each brief keeps its notes at its end.
  const doc = fromHtml(o.template.renderPrint({ meta: { ...o.meta, notes: 'endnotes' }, dir: o.direction, body: '', toc: undefined, ...(o.logo ? { logo: o.logo } : {}) }));
  // A classified volume keeps the marking in the centre of the running head; the brief's title moves aside (as print.html.ejs does).
  const side = o.meta.classification ? (o.direction === 'rtl' ? 'top-right' : 'top-left') : 'top-center';
  const pages = parts.map((part, i) => `@page brief-${i + 1} { @${side} { content: "${cssString(part.title)}"; } }`).join('\n');
  findElement(doc, (el) => el.tagName === 'head')?.children.push(h('style', `${cascadedFile(o.template, 'volume.css')}\n${pages}`));
  const cover = findElement(doc, (el) => el.tagName === 'section' && hasClass(el, 'cover'));
  const editors = cover && findElement(cover, (el) => hasClass(el, 'authors'));
  if (editors) editors.children.unshift({ type: 'text', value: `${strings.editedBy} ` });
  if (cover && o.cover) {
    const at = cover.children.findIndex((c) => c.type === 'element' && hasClass(c, 'cover-bottom'));
    cover.children.splice(at < 0 ? cover.children.length : at, 0, h('img', { className: ['volume-cover-image'], src: o.cover.src, alt: o.cover.alt }));
  }
  const main = findElement(doc, (el) => el.tagName === 'main');
  if (!main) throw new Error(`Template \`${o.template.name}\` has no <main> to hold the briefs`);
  const references = o.references ? [{ title: referencesTitle(o.references), target: 'volume--references' }] : [];
  main.children = [contents(parts, strings.contents, references), ...parts.map((part, i) => article(part, i, o)), ...(o.references ?? [])];
  return toHtml(doc);
}

/** The contents page: each brief with its authors and the page it starts on (filled in by the printer). */
function contents(parts: BriefPart[], title: string, more: Array<{ title: string; target: string }>): Element {
  const entry = (target: string, text: string, authors: string[], attributes: Record<string, string> = {}) =>
    h('li.toc-depth-2', attributes, [
      h('a', { href: `#${target}` }, [
        h('span.toc-text', [h('span.toc-brief-title', text), ...(authors.length ? [h('span.toc-authors', authors.join(', '))] : [])]),
        h('span.toc-page', { dataFor: target }),
      ]),
    ]);
  return h('nav.toc.volume-contents', { role: 'doc-toc', ariaLabelledBy: 'volume-contents-title' }, [
    h('h2.toc-title#volume-contents-title', title),
    h('ol', [
      ...parts.map((part) => entry(`${idPrefix(part.slug)}title`, part.title, part.authors, { lang: part.lang, dir: part.direction })),
      ...more.map((m) => entry(m.target, m.title, [])),
    ]),
  ]);
}

/** The heading text of the merged references section. */
function referencesTitle(nodes: ElementContent[]): string {
  const heading = nodes.find((n): n is Element => n.type === 'element');
  const h1 = heading && findElement(heading, (el) => el.tagName === 'h1');
  return h1 ? toString(h1) : '';
}

/** One brief: its title block, then its body, on its own named pages. */
function article(part: BriefPart, i: number, o: VolumeOptions): Element {
  const body = structuredClone(part.print);
  const folder = relative(o.dir, part.dir).split(sep).join('/');
  // Image URLs were relative to the brief's folder; the printer serves the collection's.
  visit(body, 'element', (el: Element) => {
    if (el.tagName === 'img' && typeof el.properties.src === 'string' && folder) el.properties.src = `${encodeURI(folder)}/${el.properties.src}`;
  });
  const p = idPrefix(part.slug);
  return h('article.volume-brief', { lang: part.lang, dir: part.direction, style: `page: brief-${i + 1}`, ariaLabelledBy: `${p}title` }, [
    h('header.volume-brief-head', [
      h('h1.volume-brief-title', { id: `${p}title` }, part.title),
      ...(part.subtitle ? [h('p.volume-brief-subtitle', part.subtitle)] : []),
      ...(part.authors.length ? [h('p.volume-brief-authors', part.authors.join(' · '))] : []),
      ...(part.date ? [h('p.volume-brief-date', part.date)] : []),
    ]),
    h('div.volume-brief-body', body.children as ElementContent[]),
  ]);
}

export function findElement(tree: Root | Element, test: (el: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (el: Element) => {
    if (found || !test(el)) return undefined;
    found = el;
    return false;
  });
  return found;
}

export function hasClass(el: Element, name: string): boolean {
  const className = el.properties.className;
  return Array.isArray(className) && className.map(String).includes(name);
}

/** A copy without unist positions (they would only make the stored part larger). */
function withoutPositions<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'position' ? undefined : v))) as T;
}
