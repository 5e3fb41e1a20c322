/**
 * Stage 4c, the volume's EPUB (collections): a first section with the
 * volume's title page (the template's title block, from the volume's meta)
 * and a contents list of the briefs with their authors, then each brief as
 * one file (`brief-energy.xhtml`: its title block, then its sections joined,
 * their links rewritten), so that the navigation lists each brief with its
 * sections under it. The result is a
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
  const fileOf = (part: BriefPart) => `brief-${part.slug}.xhtml`;
  const contents = h('nav.volume-contents', { ariaLabelledBy: 'volume-contents-title' }, [
    h('h2#volume-contents-title', strings.contents),
    h('ol', parts.map((part) => {
      return h('li', { lang: part.lang, dir: part.direction }, [
        h('a', { href: fileOf(part) }, part.title),
        ...(part.authors.length ? [' — ', h('span.authors', part.authors.join(', '))] : []),
      ]);
    })),
  ]);
  const sections: RenderedBrief['sections'] = [{ title: o.meta.title, filename: 'section-00.xhtml', body: { type: 'root', children: [contents] } }];
  const outline: RenderedBrief['outline'] = [];
  parts.forEach((part, p) => {
    const merged = o.references ? part.sections.filter((s) => s.landmark === 'bibliography').map((s) => s.filename) : [];
    const filename = fileOf(part);
    const children: ElementContent[] = [titleBlock(part)];
    for (const section of part.sections) {
      if (merged.includes(section.filename)) continue;
      const body = structuredClone(section.body);
      visit(body, 'element', (el: Element) => {
        const href = el.properties.href;
        if (el.tagName !== 'a' || typeof href !== 'string') return;
        const [file = '', id = ''] = href.split('#');
        // A citation pointing at the brief's References points at the merged list instead.
        const ref = o.references && (merged.includes(file) || (file === '' && merged.includes(section.filename))) ? o.references.ids.get(`${part.slug}\0${id}`) : undefined;
        if (ref) el.properties.href = `${REFERENCES_FILE}#${ref}`;
        else if (/^section-\d+\.xhtml$/.test(file)) el.properties.href = id ? `#${id}` : filename;
      });
      children.push(...(body.children as ElementContent[]));
    }
    const wrapped = part.lang === o.meta.lang && part.direction === o.direction ? children : [h('div', { lang: part.lang, dir: part.direction }, children)];
    // One file per brief: the navigation lists each brief, its sections under it.
    // One bodymatter landmark for the volume (its first brief).
    sections.push({ title: part.title, filename, body: { type: 'root', children: wrapped }, ...(p === 0 ? { landmark: 'bodymatter' } : {}) });
    for (const entry of part.outline) {
      if (entry.depth === 2 && !merged.includes(entry.filename)) outline.push({ ...entry, depth: 3, filename });
    }
  });
  if (o.references) sections.push({ title: o.references.title, filename: REFERENCES_FILE, body: o.references.body, landmark: 'bibliography' });
  // A brief's own lists of figures and tables (lof, lot) are left out, as its own toc is.
  return { meta: o.meta, direction: o.direction, printHtml: o.printHtml, webBody: { type: 'root', children: [] }, sections, outline, sources: new Map(), lists: [] };
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
