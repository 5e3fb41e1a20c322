/**
 * Stage 4, render: mdast to HTML, as a chain of plugins. Citations are
 * rendered with CSL, the References placed, the tree converted with the
 * processor the check stage uses, and the template's layout filled, once for
 * print (one HTML page) and once for the EPUB (one XHTML body per section).
 */
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unified } from 'unified';
import { toHtml } from '../lib/html.ts';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot, Element } from 'hast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { Bibliography } from '../lib/bibliography.ts';
import { readStyle, referencesTerm, resolveStyle } from '../lib/csl.ts';
import { direction as textDirection, type Meta } from '../lib/meta.ts';
import { ORIGIN } from '../lib/origin.ts';
import type { FigureList, Strings, Template } from '../lib/template.ts';
import type { ListEntry } from '../plugins/rehype-crossref-captions.ts';
import { toHast } from '../plugins/to-hast.ts';
import remarkKeyPoints from '../plugins/remark-key-points.ts';
import remarkRenderCitations from '../plugins/remark-render-citations.ts';
import remarkCitationNotes from '../plugins/remark-citation-notes.ts';
import remarkPlaceReferences from '../plugins/remark-place-references.ts';
import rehypeSectionRoles from '../plugins/rehype-section-roles.ts';
import rehypeNotesBeforeReferences from '../plugins/rehype-notes-before-references.ts';
import rehypeResources from '../plugins/rehype-resources.ts';
import rehypeMathml from '../plugins/rehype-mathml.ts';
import remarkNotesAfterPunctuation from '../plugins/remark-notes-after-punctuation.ts';
import rehypeFigures from '../plugins/rehype-figures.ts';
import remarkCrossref from '../plugins/remark-crossref.ts';
import rehypeCrossrefCaptions from '../plugins/rehype-crossref-captions.ts';
import rehypeAlignAsStyle from '../plugins/rehype-align-as-style.ts';
import rehypeIsolateRtl from '../plugins/rehype-isolate-rtl.ts';
import rehypeIsolateBidi from '../plugins/rehype-isolate-bidi.ts';
import rehypeHyphenate from '../plugins/rehype-hyphenate.ts';

/** What the print and EPUB stages need. */
export interface RenderedBrief {
  meta: Meta;
  /** The text direction of the brief. */
  direction: 'ltr' | 'rtl';
  /** The whole document for Chromium to print (TOC page numbers still empty). */
  printHtml: string;
  /** The EPUB's sections in reading order, each with its part of the body. */
  sections: Array<{ title: string; filename: string; body: HastRoot; landmark?: string }>;
  /** The lists of figures and tables asked for (`lof`, `lot`), each entry with the EPUB file its target is in. */
  lists: Array<Omit<FigureList, 'entries'> & { entries: Array<FigureList['entries'][number] & { filename: string }> }>;
  /** Headings for a table of contents: depth 2–3. */
  outline: Array<{ depth: number; text: string; id: string; filename: string }>;
  /** The body as one tree, before hyphenation and the EPUB split (for the web edition: stages/web.ts). */
  webBody: HastRoot;
  /** Print URL of each image → where the brief asked for it (to place blocked-request errors). */
  sources: Map<string, Position | undefined>;
}

/** Turn a checked brief into print HTML and EPUB sections. */
export function render(options: {
  tree: MdastRoot;
  meta: Meta;
  file: VFile;
  /** The brief's folder: images and links resolve from here. */
  briefDir: string;
  bibliography: Bibliography;
  template: Template;
  /** The CSL style file as the check stage resolved it (lib/setup.ts); default: the brief's, resolved the same way. */
  stylePath?: string;
  /** The house logo's path, if the config names one. */
  logo?: string;
}): RenderedBrief {
  const { meta, file, template, briefDir } = options;
  const { lang } = meta;
  const strings = template.strings(lang);
  const direction = textDirection(meta);
  const referencesTitle = meta['reference-section-title'] ?? referencesTerm(lang);

  // Each chain changes its tree in place.
  const tree = structuredClone(options.tree);
  unified()
    .use(remarkKeyPoints, { title: strings.keyPoints })
    .use(remarkCrossref, { words: crossrefWords(strings), delimiter: strings.listDelimiter, isKey: (key) => options.bibliography.byKey.has(key) })
    .use(remarkRenderCitations, { bibliography: options.bibliography, styleXml: readStyle(options.stylePath ?? styleOf(meta, template, briefDir)), lang, nocite: meta.nocite })
    .use(remarkCitationNotes)
    .use(remarkNotesAfterPunctuation, { lang, enabled: meta['notes-after-punctuation'] !== false })
    .use(remarkPlaceReferences, { title: referencesTitle })
    .runSync(tree, file);
  const hast = toHast({ report: false, notes: strings.notes, backToText: strings.backToText }).runSync(tree, file);
  unified()
    .use(rehypeMathml)
    .use(rehypeSectionRoles, { referencesTitle })
    .use(rehypeNotesBeforeReferences)
    .use(rehypeResources, { briefDir })
    .use(rehypeFigures)
    .use(rehypeCrossrefCaptions, { figure: strings.figure, table: strings.table })
    .use(rehypeAlignAsStyle)
    .use(rehypeIsolateRtl, { direction })
    .use(rehypeIsolateBidi, { dir: direction })
    .runSync(hast, file);

  // Print from a copy: the EPUB split rewrites links and image sources in place.
  const printTree = structuredClone(hast);
  const webBody = structuredClone(hast);
  unified().use(rehypeHyphenate, { lang }).runSync(printTree, file);
  // Raw HTML was parsed and sanitized before, so none is passed through.
  const body = toHtml(printTree);
  const images = file.data.images ?? [];
  const sources = new Map<string, Position | undefined>();
  for (const { node, printSrc } of images) {
    const url = new URL(printSrc, `${ORIGIN}/index.html`).href;
    if (!sources.has(url)) sources.set(url, node.position);
  }
  // The EPUB writer reads images from file:// URLs (never relative, never remote):
  // each is a real path checked to lie inside the brief's folder.
  for (const { node, path } of images) node.properties.src = pathToFileURL(path).href;
  const { sections, outline } = splitSections(hast, strings.notes, meta, referencesTitle);
  const toc = (meta.toc ?? template.defaultToc) ? outline.map(({ depth, text, id }) => ({ depth, text, id })) : undefined;
  const logo = options.logo ? 'house/logo' + extname(options.logo) : undefined;
  const lists = figureLists(meta, strings, file.data.crossrefLists);
  const printHtml = template.renderPrint({ meta, dir: direction, body, toc, lists, logo });
  const fileOf = new Map(outline.map((h) => [h.id, h.filename]));
  for (const { body, filename } of sections) visit(body, 'element', (el: Element) => void (typeof el.properties.id === 'string' && /^(?:fig|tbl)[:-]/.test(el.properties.id) && fileOf.set(el.properties.id, filename)));
  const epubLists = lists.map((list) => ({ ...list, entries: list.entries.map((e) => ({ ...e, filename: fileOf.get(e.id) ?? '' })) }));
  return { meta, direction, printHtml, webBody, sections, outline, sources, lists: epubLists };
}

/**
 * Split the body at h2 into EPUB sections (the opening paragraphs go with the
 * title page) and point every in-document link at the file its target lands in.
 */
function splitSections(hast: HastRoot, notesTitle: string, meta: Meta, referencesTitle: string) {
  const sections: RenderedBrief['sections'] = [{ title: meta.title, filename: '', body: { type: 'root', children: [] }, landmark: 'bodymatter' }];
  for (const node of hast.children) {
    if (node.type === 'doctype' || node.type === 'comment') continue;
    const isH2 = node.type === 'element' && node.tagName === 'h2';
    const isNotes = node.type === 'element' && node.tagName === 'section';
    if (isH2 || isNotes) {
      const title = isNotes ? notesTitle : toString(node);
      sections.push({ title, filename: '', body: { type: 'root', children: [] }, landmark: title === referencesTitle ? 'bibliography' : isNotes ? 'endnotes' : undefined });
    }
    sections.at(-1)!.body.children.push(node);
  }
  sections.forEach((section, i) => (section.filename = `section-${String(i).padStart(2, '0')}.xhtml`));
  const fileOfId = new Map<string, string>();
  for (const { body, filename } of sections) {
    visit(body, 'element', (el: Element) => {
      if (typeof el.properties.id === 'string') fileOfId.set(el.properties.id, filename);
    });
  }
  const outline: RenderedBrief['outline'] = [];
  for (const { body, filename } of sections) {
    visit(body, 'element', (el: Element) => {
      const href = el.properties.href;
      if (el.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        const target = fileOfId.get(decodeURIComponent(href.slice(1)));
        if (target && target !== filename) el.properties.href = `${target}${href}`;
      }
      // aria-describedby must name an element of the same file (the footnotes label lives elsewhere).
      const describedBy = el.properties.ariaDescribedBy;
      if (describedBy !== undefined && [describedBy].flat().some((id) => fileOfId.get(String(id)) !== filename)) delete el.properties.ariaDescribedBy;
      if (/^h[23]$/.test(el.tagName) && typeof el.properties.id === 'string') {
        outline.push({ depth: Number(el.tagName[1]), text: toString(el), id: el.properties.id, filename });
      }
    });
  }
  return { sections, outline };
}

/** The words of cross-references in the brief's language. */
function crossrefWords(strings: Strings) {
  return {
    fig: { singular: strings.figure, plural: strings.figures },
    tbl: { singular: strings.table, plural: strings.tables },
    sec: { singular: strings.section, plural: strings.sections },
    eq: { singular: strings.equation, plural: strings.equations },
  };
}

/** The lists of figures and tables the front matter asks for (`lof`, `lot`), when there is something to list. */
function figureLists(meta: Meta, strings: Strings, found: { fig: ListEntry[]; tbl: ListEntry[] } | undefined): FigureList[] {
  const lists: FigureList[] = [];
  if (meta.lof && found?.fig.length) lists.push({ kind: 'lof', title: strings.listOfFigures, entries: found.fig });
  if (meta.lot && found?.tbl.length) lists.push({ kind: 'lot', title: strings.listOfTables, entries: found.tbl });
  return lists;
}

/** The brief's style file, for callers that did not run the check (tests, the bench). */
function styleOf(meta: Meta, template: Template, briefDir: string): string {
  const style = resolveStyle(meta.csl ?? template.defaultStyle, briefDir);
  if (!style) throw new Error(`Unknown citation style \`${meta.csl ?? template.defaultStyle}\``);
  return style;
}
