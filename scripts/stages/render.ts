/**
 * Stage 4, render: mdast to HTML. Citations are rendered with CSL, the
 * References section is placed, and the template's layout is filled, once for
 * print (one HTML page) and once for the EPUB (one XHTML body per section).
 */
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { Root as MdastRoot, Heading, FootnoteDefinition, Paragraph, RootContent } from 'mdast';
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import type { State } from 'mdast-util-to-hast';
import type { VFile } from 'vfile';
import type { Bibliography } from '../lib/bibliography.ts';
import { renderCitations, refId, referencesTerm, resolveStyle, type Cluster } from '../lib/csl.ts';
import type { Citation } from '../lib/types.ts';
import { direction, type Meta } from '../lib/meta.ts';
import { RULES, SOURCE } from '../lib/rules.ts';
import type { Template } from '../lib/template.ts';
import { pathToFileURL } from 'node:url';
import type { Position } from 'unist';
import rehypeSafeHtml, { schema } from '../plugins/rehype-safe-html.ts';
import rehypeResources from '../plugins/rehype-resources.ts';
import { ORIGIN as PRINT_ORIGIN } from './pdf.ts';
import { addHeadingIds, hastText, shiftHeadings } from '../lib/slug.ts';

export { hastText };

/** What the print and EPUB stages need. */
export interface RenderedBrief {
  meta: Meta;
  dir: 'ltr' | 'rtl';
  /** The whole document for Chromium to print. */
  printHtml: string;
  /** One XHTML body per EPUB section, in reading order. */
  sections: Array<{ title: string; filename: string; html: string; landmark?: string }>;
  /** Headings for a table of contents: depth 2–3. */
  outline: Array<{ depth: number; text: string; id: string; filename: string }>;
  referencesTitle: string;
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
}): RenderedBrief {
  const { meta, file, bibliography, template } = options;
  const tree = structuredClone(options.tree);
  const lang = meta.lang;
  const textDir = direction(meta);
  const referencesTitle = meta['reference-section-title'] ?? referencesTerm(lang);

  // Sections are h2 under the title's h1: shift a document written with `#` headings.
  shiftHeadings(tree);

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
    styleXml: readFileSync(stylePath, 'utf8'),
    lang,
    items,
    clusters: citations.map(({ node }): Cluster => ({ items: node.items, mode: node.mode, noteIndex: noteOf.get(node) ?? 0 })),
    uncited: nocite.includes('*') ? [...items.keys()] : nocite,
  });
  const outputOf = new Map<Citation, CitationOutput>();
  citations.forEach(({ node }, i) => outputOf.set(node, { html: rendered.clusters[i] ?? '' }));

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
      Object.assign(node, { type: 'footnoteReference', identifier, label: identifier });
      tree.children.push(definition);
    }
  }

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
      const footnotesAt = tree.children.findIndex((n) => n.type === 'footnoteDefinition');
      const at = footnotesAt === -1 ? tree.children.length : footnotesAt;
      tree.children.splice(
        at,
        0,
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
            properties: { className: ['citation'] },
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
              el.properties = { ...el.properties, id: refId(entry.id), role: 'listitem' };
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
    .runSync(tree as never, file) as HastRoot;

  addHeadingIds(hast);
  markReferencesSection(hast, referencesTitle);
  const images = new Map<Element, string>();
  const sources = new Map<string, Position | undefined>();
  unified().use(rehypeResources, { briefDir: options.dir, images, sources, origin: PRINT_ORIGIN }).runSync(hast, file);

  const body = toHtml(hast, { allowDangerousHtml: false });
  // The EPUB writer reads images from file:// URLs (never relative, never remote):
  // each is a real path checked to lie inside the brief's folder.
  for (const [img, path] of images) img.properties.src = pathToFileURL(path).href;
  const printHtml = template.renderPrint({ meta, dir: textDir, body, referencesTitle });
  const { sections, outline } = splitSections(hast, template, meta, referencesTitle);
  return { meta, dir: textDir, printHtml, sections, outline, referencesTitle, sources };
}

function markReferencesSection(tree: HastRoot, title: string): void {
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'section' && Array.isArray(el.properties.className) && el.properties.className.includes('footnotes')) {
      el.properties.role = 'doc-endnotes';
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
    const html = template.renderEpubSection({ meta, index: i, body: toHtml(root) });
    return { title: chunk.title, filename: filenames[i]!, html, landmark: chunk.landmark };
  });
  return { sections, outline };
}
