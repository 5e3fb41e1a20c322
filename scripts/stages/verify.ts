/**
 * Stage 6, verify: read the finished PDF back and check the points of the
 * Matterhorn protocol (PDF/UA-1) that a machine can decide and that apply to
 * a brief. veraPDF is the full checker; this is the subset, and it runs on
 * every build:
 *
 * - 01-005/06-001: a structure tree and `/MarkInfo << /Marked true >>`;
 * - 01-005: every text object, painted path and image either tagged (marked
 *   content) or an artifact (stages/pdf-artifacts.ts);
 * - 06-002/06-003: XMP metadata with `pdfuaid:part` 1 and a `dc:title`;
 * - 07-001: `/DisplayDocTitle true`;
 * - 11-001: a default language (`/Lang`);
 * - 14-003: heading tags (H1–H6) that skip no level;
 * - 13-004: every `Figure` with alternate text (`/Alt`);
 * - 15-003: every `Table` with header cells (`TH`);
 * - 28-011 (part): link annotations tied to the structure tree (`/StructParent`);
 * - 31-001/31-027: every font embedded, with a `ToUnicode` map.
 *
 * A failure is a message on the brief's file, at the Markdown line where the
 * cause can be found (an image without alt text: `missing-alt`).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFStream, PDFString, PDFHexString } from 'pdf-lib';
import type { Root, Image } from 'mdast';
import type { VFile } from 'vfile';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import { RULES, SOURCE, type RuleId } from '../lib/rules.ts';
import { OBJECTS_PER_TICK, pageContent, streamBytes } from './pdf-content.ts';
import { untaggedCount } from './pdf-artifacts.ts';

export interface VerifyOptions {
  /** The brief's Markdown tree (after render), to place messages. */
  tree: Root;
  /** The cover carries a logo image (a described Figure) besides the body's images. */
  logo?: boolean;
}

interface StructElement {
  tag: string;
  alt?: string;
  children: StructElement[];
}

const text = (v: unknown): string | undefined => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);

/** The structure tree, in document order (role-mapped tags resolved). */
function structure(doc: PDFDocument): StructElement | undefined {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return undefined;
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  const seen = new Set<PDFDict>();
  const walk = (dict: PDFDict): StructElement => {
    seen.add(dict);
    const s = dict.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText() ?? '';
    const mapped = roleMap?.lookupMaybe(PDFName.of(s), PDFName)?.decodeText();
    const el: StructElement = { tag: mapped ?? s, alt: text(dict.lookup(PDFName.of('Alt'))), children: [] };
    const k = dict.lookup(PDFName.of('K'));
    const kids = k instanceof PDFArray ? k.asArray().map((x) => doc.context.lookup(x)) : [k];
    for (const kid of kids) {
      if (kid instanceof PDFDict && !seen.has(kid) && kid.has(PDFName.of('S'))) el.children.push(walk(kid));
    }
    return el;
  };
  return walk(root);
}

function* elements(el: StructElement): Generator<StructElement> {
  yield el;
  for (const c of el.children) yield* elements(c);
}

/** Fonts used on the pages that are not embedded or have no ToUnicode map. */
function fontProblems(doc: PDFDocument): string[] {
  const problems = new Set<string>();
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref);
      if (!(font instanceof PDFDict)) continue;
      const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText();
      const name = font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? `(${subtype} font)`;
      if (!font.has(PDFName.of('ToUnicode'))) problems.add(`${name} has no ToUnicode map`);
      // Type 3 glyphs are drawn in the PDF itself; other fonts need their file.
      if (subtype === 'Type3') continue;
      const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0);
      const descriptor = (descendant instanceof PDFDict ? descendant : font).lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      if (!['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)))) problems.add(`${name} is not embedded`);
    }
  }
  return [...problems];
}

function xmp(doc: PDFDocument): string {
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  if (stream instanceof PDFStream) return new TextDecoder().decode(streamBytes(stream));
  return '';
}

/** Read a printed PDF back and put a message on `file` for each check that fails. */
export async function verifyPdf(pdf: Uint8Array, file: VFile, options: VerifyOptions): Promise<void> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: OBJECTS_PER_TICK });
  const fail = (reason: string, ruleId: RuleId = RULES.pdfStructure, place?: Position) => {
    file.message(`PDF/UA: ${reason}`, { place, ruleId, source: SOURCE });
  };
  const tree = structure(doc);
  if (!tree) fail('the PDF has no structure tree (it is not tagged)');
  const markInfo = doc.catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
  if (markInfo?.get(PDFName.of('Marked'))?.toString() !== 'true') fail('the catalog does not say the PDF is tagged (/MarkInfo /Marked true)');
  if (!text(doc.catalog.lookup(PDFName.of('Lang')))) fail('the PDF has no default language (/Lang)');
  const prefs = doc.catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  if (prefs?.get(PDFName.of('DisplayDocTitle'))?.toString() !== 'true') fail('viewers are not told to show the title (/DisplayDocTitle)');
  const metadata = xmp(doc);
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(metadata)) fail('the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)');
  if (!/<dc:title>/.test(metadata)) fail('the XMP metadata has no dc:title');
  for (const problem of fontProblems(doc)) fail(`font ${problem}`);
  doc.getPages().forEach((page, i) => {
    const content = pageContent(doc, page);
    const n = content === undefined ? 0 : untaggedCount(content);
    if (n) fail(`page ${i + 1} draws ${n} thing(s) that are neither tagged nor marked as artifacts`);
  });

  const all = tree ? [...elements(tree)] : [];
  // Headings: a skip in the PDF's H1–H6 is reported at the Markdown heading that
  // skips (the EPUB has the same headings, so this covers it too).
  const skips: Array<{ depth: number; after: number; position?: Position }> = [];
  let last = 1; // the title, the page's only h1
  visit(options.tree, 'heading', (h) => {
    if (h.depth > last + 1) skips.push({ depth: h.depth, after: last, position: h.position });
    last = h.depth;
  });
  let previous = 0;
  let nth = 0;
  for (const el of all) {
    const depth = Number(/^H([1-6])$/.exec(el.tag)?.[1] ?? 0);
    if (!depth) continue;
    if (previous && depth > previous + 1) {
      const source = skips[nth++];
      fail(`heading level ${depth} follows level ${previous}, skipping a level (in the PDF and the EPUB): screen readers navigate by heading levels`, RULES.headingOrder, source?.position);
    }
    previous = depth;
  }
  // Figures: an image alone in its paragraph prints as a figure, and a figure
  // needs alternate text. Chromium tags an image with alt text as a Figure with
  // /Alt and leaves one without it out of the structure tree, so fewer
  // described Figures in the PDF than figures in the Markdown means the ones
  // without alt text reached the PDF undescribed.
  const figures: Image[] = [];
  visit(options.tree, 'paragraph', (p) => {
    const kids = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
    if (kids.length === 1 && kids[0]!.type === 'image') figures.push(kids[0]);
  });
  // A <figure> is a Figure that holds the image's Figure (with /Alt) and a
  // Caption: only the innermost Figures are pictures that need the text.
  const pdfFigures = all.filter((el) => el.tag === 'Figure' && ![...elements(el)].slice(1).some((d) => d.tag === 'Figure'));
  const described = pdfFigures.filter((el) => el.alt?.trim()).length;
  if (described < figures.length + (options.logo ? 1 : 0)) {
    for (const image of figures.filter((img) => !img.alt?.trim())) {
      fail(`figure \`${image.url}\` has no alternate text in the PDF: describe what it shows in the brackets, \`![description](${image.url})\``, RULES.missingAlt, image.position);
    }
  }
  if (pdfFigures.length > described) fail(`${pdfFigures.length - described} figure(s) in the PDF have no alternate text (/Alt)`, RULES.missingAlt);
  for (const table of all.filter((el) => el.tag === 'Table')) {
    if (![...elements(table)].some((el) => el.tag === 'TH')) fail('a table has no header cells (TH)');
  }
  let untagged = 0;
  for (const page of doc.getPages()) {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const annot = doc.context.lookup(ref);
      if (annot instanceof PDFDict && annot.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() === 'Link' && !(annot.lookup(PDFName.of('StructParent')) instanceof PDFNumber)) untagged++;
    }
  }
  if (untagged) fail(`${untagged} link annotation(s) are not in the structure tree`);
}
