/**
 * Stage 4, render: mdast to HTML. Citations are rendered with CSL, the
 * References section is placed, and the template's layout is filled, once for
 * print (one HTML page) and once for the EPUB (one XHTML body per section).
 */
import { extname } from 'node:path';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import { fromHtml } from 'hast-util-from-html';
import rehypeStringify from 'rehype-stringify';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP, EXIT } from 'unist-util-visit';
import type { Root as MdastRoot, Heading, FootnoteDefinition, Paragraph, RootContent, Blockquote, Text, PhrasingContent } from 'mdast';
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import type { State } from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import type { Bibliography } from '../lib/bibliography.ts';
import { readStyle, renderCitations, refId, referencesTerm, resolveStyle, type Cluster } from '../lib/csl.ts';
import type { Citation } from '../lib/types.ts';
import { direction, type Meta } from '../lib/meta.ts';
import { RULES, SOURCE } from '../lib/rules.ts';
import type { Template } from '../lib/template.ts';
import { hyphenateTree } from '../lib/hyphenate.ts';
import { pathToFileURL } from 'node:url';
import type { Position } from 'unist';
import rehypeSafeHtml, { schema } from '../plugins/rehype-safe-html.ts';
import rehypeResources from '../plugins/rehype-resources.ts';
import rehypeMathml from '../plugins/rehype-mathml.ts';
import remarkNotesAfterPunctuation from '../plugins/remark-notes-after-punctuation.ts';
import { ORIGIN as PRINT_ORIGIN } from './pdf.ts';
import { addHeadingIds, hastText, shiftHeadings } from '../lib/slug.ts';

export { hastText };

/** hast to HTML text; raw HTML was parsed and sanitized before, so none is passed through. */
const htmlWriter = unified().use(rehypeStringify, { allowDangerousHtml: false }).freeze();

/** What the print and EPUB stages need. */
export interface RenderedBrief {
  meta: Meta;
  dir: 'ltr' | 'rtl';
  /** The whole document for Chromium to print (TOC page numbers still empty). */
  printHtml: string;
  /** One XHTML body per EPUB section, in reading order. */
  sections: Array<{ title: string; filename: string; html: string; landmark?: string }>;
  /** Headings for a table of contents: depth 2–3. */
  outline: Array<{ depth: number; text: string; id: string; filename: string }>;
  /** Print URL of each image → where the brief asked for it (to place blocked-request errors). */
  sources: Map<string, Position | undefined>;
}

interface BibliographyNode {
  type: 'bibliography';
  entries: Array<{ id: string; html: string }>;
}
interface CitationOutput {
  html: string;
}

/** Turn a checked brief into print HTML and EPUB sections. */
export function render(options: {
  tree: MdastRoot;
  meta: Meta;
  file: VFile;
  dir: string;
  bibliography: Bibliography;
  template: Template;
  /** The house logo's path, if the config names one. */
  logo?: string;
}): RenderedBrief {
  const { meta, file, bibliography, template } = options;
  const tree = structuredClone(options.tree);
  const lang = meta.lang;
  const textDir = direction(meta);
  const referencesTitle = meta['reference-section-title'] ?? referencesTerm(lang);

  // Sections are h2 under the title's h1: shift a document written with `#` headings.
  shiftHeadings(tree);

  markKeyPoints(tree, template.strings(lang).keyPoints);

  // Citations: collect in reading order, with the note they belong to.
  const citations: Array<{ node: Citation; inNote: boolean }> = [];
  const noteOf = new Map<Citation, number>();
  const definitions = new Map<string, FootnoteDefinition>();
  visit(tree, 'footnoteDefinition', (d: FootnoteDefinition) => {
    definitions.set(d.identifier, d);
  });
  let note = 0;
  const noteNumber = new Map<string, number>();
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition') return SKIP;
    if (node.type === 'footnoteReference') {
      if (!noteNumber.has(node.identifier)) {
        noteNumber.set(node.identifier, ++note);
        const def = definitions.get(node.identifier);
        if (def) {
          visit(def, 'citation', (c: Citation) => {
            citations.push({ node: c, inNote: true });
            noteOf.set(c, note);
          });
        }
      }
      return;
    }
    if (node.type === 'citation') {
      citations.push({ node, inNote: false });
      noteOf.set(node, ++note);
    }
    return undefined;
  });

  const stylePath = resolveStyle(meta.csl ?? template.defaultStyle, options.dir);
  if (!stylePath) {
    file.message(`Unknown citation style \`${meta.csl}\`: use chicago-author-date, chicago-note-bibliography, apa, harvard or a path to a .csl file`, {
      ruleId: RULES.unknownStyle,
      source: SOURCE,
    }).fatal = true;
    throw new Error('unknown style');
  }
  const items = new Map([...bibliography.byKey].map(([key, entry]) => [key, entry.item]));
  const nocite = meta.nocite.map((k) => k.replace(/^@/, ''));
  const rendered = renderCitations({
    styleXml: readStyle(stylePath),
    lang,
    items,
    clusters: citations.map(({ node }): Cluster => ({ items: node.items, mode: node.mode, noteIndex: noteOf.get(node) ?? 0 })),
    uncited: nocite.includes('*') ? [...items.keys()] : nocite,
  });
  const outputOf = new Map<Citation, CitationOutput>();
  citations.forEach(({ node, inNote }, i) => {
    let html = rendered.clusters[i] ?? '';
    // In a note, the author's own punctuation ends the sentence, not the style's.
    if (rendered.isNoteStyle && inNote) html = html.replace(/\.(<\/[a-z]+>)*$/, '$1');
    outputOf.set(node, { html });
  });

  // In a notes style, a citation in the text becomes a footnote of its own,
  // numbered with the author's footnotes (mdast-util-to-hast numbers by order).
  if (rendered.isNoteStyle) {
    let n = 0;
    for (const { node, inNote } of citations) {
      if (inNote) continue;
      const identifier = `cite-note-${++n}`;
      const html = outputOf.get(node)?.html ?? '';
      outputOf.set(node, { html: /[.!?]["”’]?$/.test(html.replace(/<[^>]+>/g, '')) ? html : `${html}.` });
      const copy: Citation = { ...node };
      const definition: FootnoteDefinition = {
        type: 'footnoteDefinition',
        identifier,
        label: identifier,
        children: [{ type: 'paragraph', children: [copy] } as Paragraph],
      };
      outputOf.set(copy, outputOf.get(node)!);
      tree.children.push(definition);
      // A narrative citation keeps the author's name in the text, as pandoc does.
      const author = rendered.authors[citations.findIndex((c) => c.node === node)] ?? '';
      if (node.mode === 'narrative' && author) {
        const name: Citation = { type: 'citation', mode: 'narrative', items: node.items, value: node.value };
        outputOf.set(name, { html: author });
        replaceWith(tree, node, [name, { type: 'footnoteReference', identifier, label: identifier }]);
      } else {
        Object.assign(node, { type: 'footnoteReference', identifier, label: identifier });
      }
    }
  }

  if (rendered.isNoteStyle && meta['notes-after-punctuation'] !== false) remarkNotesAfterPunctuation({ lang })(tree);

  // The References: where the author put the heading, else at the end.
  const bibNode: BibliographyNode = { type: 'bibliography', entries: rendered.entries };
  let placed = false;
  if (rendered.entries.length) {
    const index = tree.children.findIndex(
      (n) => n.type === 'heading' && toString(n).trim().toLowerCase() === referencesTitle.toLowerCase(),
    );
    if (index !== -1) {
      tree.children.splice(index + 1, 0, bibNode as unknown as RootContent);
      placed = true;
    }
    if (!placed) {
      // At the end of the body. Footnote definitions may stand anywhere (often
      // right after their paragraph) and are gathered into the notes section
      // after the body, so their position says nothing about where it ends.
      tree.children.push(
        { type: 'heading', depth: 2, children: [{ type: 'text', value: referencesTitle }] } as Heading,
        bibNode as unknown as RootContent,
      );
    }
  }

  const hast = unified()
    .use(remarkRehype, {
      allowDangerousHtml: true,
      footnoteLabel: template.strings(lang).notes,
      footnoteBackLabel: (n: number) => `${template.strings(lang).backToText} ${n + 1}`,
      handlers: {
        citation(state: State, node: Citation): ElementContent {
          const html = outputOf.get(node)?.html ?? node.value;
          const span: Element = {
            type: 'element',
            tagName: 'span',
            // dir=auto isolates a citation from text of the other direction.
            properties: { className: ['citation'], dir: 'auto' },
            children: fromHtml(html, { fragment: true }).children as ElementContent[],
          };
          state.patch(node, span);
          return span;
        },
        bibliography(_state: State, node: BibliographyNode): Element {
          return {
            type: 'element',
            tagName: 'div',
            properties: { className: ['references', 'csl-bib-body'], role: 'list' },
            children: node.entries.map((entry) => {
              const el = fromHtml(entry.html, { fragment: true }).children[0] as Element;
              el.properties = { ...el.properties, id: refId(entry.id), role: 'listitem', dir: 'auto' };
              return el;
            }),
          };
        },
      } as never,
    })
    // Raw HTML is parsed, then made safe (reported by the check stage, not here).
    .use(rehypeRaw)
    .use(rehypeSafeHtml)
    .use(rehypeSanitize, schema)
    .use(rehypeMathml)
    .runSync(tree as never, file) as HastRoot;

  addHeadingIds(hast);
  markReferencesSection(hast, referencesTitle);
  const images = new Map<Element, string>();
  const sources = new Map<string, Position | undefined>();
  unified().use(rehypeResources, { briefDir: options.dir, images, sources, origin: PRINT_ORIGIN }).runSync(hast, file);
  makeFigures(hast);
  alignAsStyle(hast);
  if (textDir === 'ltr') isolateRtlRuns(hast);

  // The EPUB split rewrites links and image sources in place: print from a copy.
  const printTree = structuredClone(hast);
  hyphenateTree(printTree, lang);
  const body = htmlWriter.stringify(printTree);
  // The EPUB writer reads images from file:// URLs (never relative, never remote):
  // each is a real path checked to lie inside the brief's folder.
  for (const [img, path] of images) img.properties.src = pathToFileURL(path).href;
  const { sections, outline } = splitSections(hast, template, meta, referencesTitle);
  const wantToc = meta.toc ?? template.defaultToc;
  const printHtml = template.renderPrint({
    meta,
    dir: textDir,
    body,
    toc: wantToc ? outline.map(({ depth, text, id }) => ({ depth, text, id })) : undefined,
    logo: options.logo ? 'house/logo' + extname(options.logo) : undefined,
  });
  return { meta, dir: textDir, printHtml, sections, outline, sources };
}

function markReferencesSection(tree: HastRoot, title: string): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'section' && Array.isArray(el.properties.className) && el.properties.className.includes('footnotes')) {
      el.properties.role = 'doc-endnotes';
      el.properties['epub:type'] = 'endnotes';
    }
    if (el.tagName === 'h2' && hastText(el).trim() === title) el.properties.className = ['references-title'];
  });
}

/**
 * Split the body at h2 into EPUB sections (the opening paragraphs go with the
 * title page) and point every in-document link at the file its target lands in.
 */
function splitSections(hast: HastRoot, template: Template, meta: Meta, referencesTitle: string) {
  type Chunk = { title: string; nodes: ElementContent[]; landmark?: string };
  const chunks: Chunk[] = [{ title: meta.title, nodes: [], landmark: 'bodymatter' }];
  for (const node of hast.children) {
    if (node.type === 'doctype' || node.type === 'comment') continue;
    const isH2 = node.type === 'element' && node.tagName === 'h2';
    const isNotes = node.type === 'element' && node.tagName === 'section';
    if (isH2 || isNotes) {
      const title = isNotes ? template.strings(meta.lang).notes : hastText(node as Element);
      chunks.push({ title, nodes: [], landmark: title === referencesTitle ? 'bibliography' : isNotes ? 'endnotes' : undefined });
    }
    chunks.at(-1)!.nodes.push(node as ElementContent);
  }
  const filenames = chunks.map((_, i) => `section-${String(i).padStart(2, '0')}.xhtml`);
  const fileOfId = new Map<string, string>();
  chunks.forEach((chunk, i) => {
    for (const node of chunk.nodes) {
      visit({ type: 'root', children: [node] } as HastRoot, 'element', (el: Element) => {
        if (typeof el.properties.id === 'string') fileOfId.set(el.properties.id, filenames[i]!);
      });
    }
  });
  const outline: RenderedBrief['outline'] = [];
  const sections = chunks.map((chunk, i) => {
    const root: HastRoot = { type: 'root', children: chunk.nodes };
    visit(root, 'element', (el: Element) => {
      const href = el.properties.href;
      if (el.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        const target = fileOfId.get(decodeURIComponent(href.slice(1)));
        if (target && target !== filenames[i]) el.properties.href = `${target}${href}`;
      }
      // aria-describedby must name an element of the same file (the footnotes label lives elsewhere).
      const describedBy = el.properties.ariaDescribedBy;
      if (describedBy !== undefined && [describedBy].flat().some((id) => fileOfId.get(String(id)) !== filenames[i])) delete el.properties.ariaDescribedBy;
      if (/^h[23]$/.test(el.tagName) && typeof el.properties.id === 'string') {
        outline.push({ depth: Number(el.tagName[1]), text: hastText(el), id: el.properties.id, filename: filenames[i]! });
      }
    });
    const xhtml = template.renderEpubSection({ meta, index: i, body: htmlWriter.stringify(root) });
    return { title: chunk.title, filename: filenames[i]!, html: xhtml, landmark: chunk.landmark };
  });
  return { sections, outline };
}

/**
 * Key points: a blockquote whose first line is `[!key-points]` becomes an
 * `<aside class="key-points">` with a localised title (the marker follows
 * GitHub's alert syntax, so it reads as a quote on GitHub too).
 */
function markKeyPoints(tree: MdastRoot, title: string): void {
  visit(tree, 'blockquote', (node: Blockquote) => {
    const first = node.children[0];
    if (first?.type !== 'paragraph') return;
    const text = first.children[0];
    if (text?.type !== 'text' || !/^\[!key[- ]?points\]/i.test(text.value)) return;
    (text as Text).value = text.value.replace(/^\[!key[- ]?points\][ \t]*\n?/i, '');
    if ((text as Text).value === '') first.children.shift();
    if (first.children.length === 0) node.children.shift();
    node.data = { hName: 'aside', hProperties: { className: ['key-points'], role: 'note', ariaLabel: title } };
    node.children.unshift({
      type: 'paragraph',
      data: { hProperties: { className: ['key-points-title'] } },
      children: [{ type: 'text', value: title }],
    });
  });
}

/** A paragraph that holds only an image becomes a figure with a caption (title, else alt). */
function makeFigures(tree: HastRoot): void {
  visit(tree, 'element', (el: Element, index, parent) => {
    if (el.tagName !== 'p' || !parent || index === undefined) return;
    const kids = el.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
    const img = kids[0];
    if (kids.length !== 1 || img?.type !== 'element' || img.tagName !== 'img') return;
    const caption = String(img.properties.title ?? img.properties.alt ?? '').trim();
    delete img.properties.title;
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: {},
      children: caption ? [img, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }] : [img],
    };
    parent.children[index] = figure;
  });
}

/** Arabic, Persian, Hebrew, Syriac, Thaana… letters. */
const RTL_RUN = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF](?:[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200C\u200D\s\d.,،؛:«»()-]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF])?/g;

/**
 * In a left-to-right brief, wrap each run of right-to-left text in `<bdi>` so
 * that Chromium and e-readers lay it out in the right order (unisolated inline
 * Arabic comes out scrambled, see shared notes).
 */
function isolateRtlRuns(tree: HastRoot): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'bdi' || el.tagName === 'script' || el.tagName === 'style' || el.properties.dir) return SKIP;
    const out: ElementContent[] = [];
    let changed = false;
    for (const child of el.children) {
      if (child.type !== 'text' || !RTL_RUN.test(child.value)) {
        out.push(child);
        continue;
      }
      RTL_RUN.lastIndex = 0;
      changed = true;
      let last = 0;
      for (const m of child.value.matchAll(RTL_RUN)) {
        if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
        out.push({ type: 'element', tagName: 'bdi', properties: { dir: 'rtl' }, children: [{ type: 'text', value: m[0] }] });
        last = m.index + m[0].length;
      }
      if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
    }
    if (changed) el.children = out;
    return undefined;
  });
}

/** GFM column alignment as a style (the EPUB writer drops the `align` attribute). */
function alignAsStyle(tree: HastRoot): void {
  visit(tree, 'element', (el: Element) => {
    if ((el.tagName === 'td' || el.tagName === 'th') && typeof el.properties.align === 'string') {
      el.properties.style = `text-align: ${el.properties.align}`;
      delete el.properties.align;
    }
  });
}

/** Put `nodes` where `node` is in its parent. */
function replaceWith(tree: MdastRoot, node: Citation, nodes: PhrasingContent[]): void {
  visit(tree, (n, index, parent) => {
    if (n !== node || !parent || index === undefined) return undefined;
    (parent.children as PhrasingContent[]).splice(index, 1, ...nodes);
    return EXIT;
  });
}
