/**
 * Stage 4c, the volume's EPUB (collections): the sections of every brief,
 * renamed per brief (`energy-section-01.xhtml`) with their links rewritten,
 * after a first section that carries the volume's title page (the template's
 * title block, from the volume's meta) and a contents list of the briefs with
 * their authors. Each brief opens with its own title block. The result is a
 * RenderedBrief, so that stages/epub.ts packs it as it packs a brief.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Meta } from '../lib/meta.ts';
import type { Template } from '../lib/template.ts';
import type { RenderedBrief } from './render.ts';
import type { BriefPart } from './volume.ts';

export interface VolumeEpubOptions {
  meta: Meta;
  direction: 'ltr' | 'rtl';
  template: Template;
  /** The volume's print HTML (stages/volume.ts), carried along for the printer. */
  printHtml: string;
  /** One merged References section (stages/volume-references.ts) replaces each brief's. */
  references?: { title: string; body: Root; ids: Map<string, string> };
}

const REFERENCES_FILE = 'references.xhtml';

/** The volume as one RenderedBrief: a title and contents section, then every brief's sections. */
export function volumeRendered(parts: BriefPart[], o: VolumeEpubOptions): RenderedBrief {
  const strings = o.template.strings(o.meta.lang);
  const fileOf = (part: BriefPart, filename: string) => `${part.slug}-${filename}`;
  const contents = h('nav.volume-contents', { ariaLabelledBy: 'volume-contents-title' }, [
    h('h2#volume-contents-title', strings.contents),
    h('ol', parts.map((part) => {
      const first = part.sections[0];
      return h('li', { lang: part.lang, dir: part.direction }, [
        h('a', { href: first ? fileOf(part, first.filename) : '#' }, part.title),
        ...(part.authors.length ? [' — ', h('span.authors', part.authors.join(', '))] : []),
      ]);
    })),
  ]);
  const sections: RenderedBrief['sections'] = [{ title: o.meta.title, filename: 'section-00.xhtml', body: { type: 'root', children: [contents] } }];
  const outline: RenderedBrief['outline'] = [];
  parts.forEach((part, p) => {
    const merged = o.references ? part.sections.filter((s) => s.landmark === 'bibliography').map((s) => s.filename) : [];
    part.sections.forEach((section, i) => {
      if (merged.includes(section.filename)) return;
      const body = structuredClone(section.body);
      visit(body, 'element', (el: Element) => {
        const href = el.properties.href;
        if (el.tagName !== 'a' || typeof href !== 'string') return;
        const [file = '', id = ''] = href.split('#');
        // A citation pointing at the brief's References points at the merged list instead.
        const ref = o.references && (merged.includes(file) || (file === '' && merged.includes(section.filename))) ? o.references.ids.get(`${part.slug}\0${id}`) : undefined;
        if (ref) el.properties.href = `${REFERENCES_FILE}#${ref}`;
        else if (/^section-\d+\.xhtml$/.test(file)) el.properties.href = `${fileOf(part, file)}${id ? `#${id}` : ''}`;
      });
      const head: ElementContent[] = i === 0 ? [titleBlock(part)] : [];
      const wrapped = part.lang === o.meta.lang && part.direction === o.direction ? [...head, ...(body.children as ElementContent[])] : [h('div', { lang: part.lang, dir: part.direction }, [...head, ...(body.children as ElementContent[])])];
      // One bodymatter landmark for the volume (its first brief); the briefs' other sections are chapters.
      sections.push({ title: i === 0 ? part.title : section.title, filename: fileOf(part, section.filename), body: { type: 'root', children: wrapped }, ...(p === 0 && i === 0 ? { landmark: 'bodymatter' } : {}) });
    });
    for (const entry of part.outline) if (!merged.includes(entry.filename)) outline.push({ ...entry, filename: fileOf(part, entry.filename) });
  });
  if (o.references) sections.push({ title: o.references.title, filename: REFERENCES_FILE, body: o.references.body, landmark: 'bibliography' });
  return { meta: o.meta, direction: o.direction, printHtml: o.printHtml, webBody: { type: 'root', children: [] }, sections, outline, sources: new Map() };
}

/** A brief's title block at the head of its first EPUB section. */
function titleBlock(part: BriefPart): Element {
  const byline = [part.authors.join(', '), part.date].filter(Boolean).join(' · ');
  return h('header.title-block.volume-brief-head', [
    h('h1.title', part.title),
    ...(part.subtitle ? [h('p.subtitle', part.subtitle)] : []),
    ...(byline ? [h('p.byline', byline)] : []),
  ]);
}
