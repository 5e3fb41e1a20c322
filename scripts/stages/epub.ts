/**
 * Stage 5b, pack EPUB: epub-gen-memory writes an EPUB 3 from the rendered
 * sections, through briefpress's own package templates (`templates/epub/`)
 * so that language, every author, rights, accessibility metadata, landmarks
 * and a stable identifier are right.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EPub } from 'epub-gen-memory';
import type { Root } from 'hast';
import { toHtml } from '../lib/html.ts';
import { toString } from 'hast-util-to-string';
import { EXIT, visit } from 'unist-util-visit';
import type { RenderedBrief } from './render.ts';
import type { Template } from '../lib/template.ts';
import { TEMPLATES_DIR } from '../lib/paths.ts';
import { facesUsedBy, fontFile, fontsIn } from '../lib/fonts.ts';
import { MathmlKeeper } from '../lib/epub-mathml.ts';

const epubTemplate = (name: string) => readFileSync(join(TEMPLATES_DIR, 'epub', name), 'utf8');
const CONTENT_OPF = epubTemplate('content.opf.ejs');
const TOC_XHTML = epubTemplate('toc.xhtml.ejs');
const TOC_NCX = epubTemplate('toc.ncx.ejs');
const CHAPTER_XHTML = epubTemplate('chapter.xhtml.ejs');

/** Pack one brief as an EPUB 3 file. */
export async function packEpub(
  rendered: RenderedBrief,
  options: { template: Template; house: { publisher?: string; rights?: string }; modified: Date; cover?: Uint8Array },
): Promise<Uint8Array> {
  const { meta, template } = { meta: rendered.meta, template: options.template };
  const strings = template.strings(meta.lang);
  // The text of the whole book, generated CSS content included, picks the faces to embed.
  // (The title page shows front-matter and house fields: all of them count.)
  const text = [JSON.stringify(meta), JSON.stringify(options.house), ...rendered.sections.map((s) => `${s.title}${toString(s.body)}`), template.epubCss].join('\n');
  const css = `${facesUsedBy(template.fontsCss, text)}\n${template.epubCss}`;
  const toc = rendered.sections.map((section) => ({
    text: section.title,
    href: section.filename,
    children: rendered.outline
      .filter((h) => h.filename === section.filename && h.depth === 3)
      .map((h) => ({ text: h.text, href: `${h.filename}#${h.id}` })),
  }));
  const landmarks = [
    { type: 'toc', href: 'toc.xhtml', text: strings.contents },
    ...rendered.sections
      .filter((s) => s.landmark)
      .map((s) => ({ type: s.landmark!, href: s.filename, text: s.landmark === 'bodymatter' ? meta.title : s.title })),
  ];
  const identifier = meta.identifier ?? `urn:uuid:${stableUuid(`${meta.title}\0${meta.date ?? ''}\0${meta.author.map((a) => a.name).join(';')}`)}`;
  const rights = meta.rights ?? options.house.rights;
  const mathml = new MathmlKeeper();
  const epub = new EPub(
    {
      title: meta.title,
      author: meta.author.map((a) => a.name),
      publisher: meta.publisher ?? options.house.publisher ?? '',
      description: meta.description ?? meta.abstract ?? meta.subtitle ?? meta.title,
      lang: meta.lang,
      tocTitle: strings.contents,
      prependChapterTitles: false,
      css,
      fonts: fontsIn(css).map((name) => ({ filename: name, url: pathToFileURL(fontFile(name)).href })),
      contentOPF: CONTENT_OPF,
      tocXHTML: TOC_XHTML,
      tocNCX: TOC_NCX,
      chapterXHTML: CHAPTER_XHTML,
      ...(options.cover ? { cover: new File([Buffer.from(options.cover)], 'cover.jpg', { type: 'image/jpeg' }) } : {}),
      verbose: false,
      // briefpress's templates read these (epub-gen-memory passes options through).
      ...({
        bp: {
          identifier,
          subtitle: meta.subtitle,
          draft: meta.status === 'draft',
          dir: rendered.direction,
          creators: meta.author.map((a) => a.name),
          subjects: meta.keywords,
          publisher: meta.publisher ?? options.house.publisher,
          date: meta.date,
          rights,
          modified: options.modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          hasImages: rendered.sections.some((s) => hasImage(s.body)),
          accessibilitySummary:
            'Reflowable text with a navigable table of contents, headings in order, linked notes and references, and no known hazards.',
          toc,
          lists: rendered.lists.map((l) => ({ ...l, entries: l.entries.map((e) => ({ href: `${e.filename}#${e.id}`, text: `${e.label} ${e.text}` })) })),
          landmarks,
          landmarksTitle: strings.landmarks,
        },
      } as object),
    },
    rendered.sections.map((section, i) => ({
      title: section.title,
      filename: section.filename,
      content: mathml.protect(template.renderEpubSection({ meta, index: i, body: toHtml(section.body) })),
      beforeToc: i === 0,
      ...({ dir: rendered.direction, epubType: section.landmark ?? 'chapter' } as object),
    })),
  );
  stableImageNames(epub as unknown as EpubInternals);
  await epub.render();
  // Fixed zip dates make the same input give the same bytes.
  const zip = (epub as unknown as { zip: { files: Record<string, { date: Date; options: { compression: string | null } }> } }).zip;
  await mathml.restore(zip as unknown as Parameters<MathmlKeeper['restore']>[0]);
  // ZIP (DOS) dates start in 1980: an earlier date (SOURCE_DATE_EPOCH=0) is clamped.
  const zipDate = new Date(Math.max(options.modified.getTime(), Date.UTC(1980, 0, 1, 0, 0, 0)));
  for (const [name, entry] of Object.entries(zip.files)) {
    entry.date = zipDate;
    // Fonts and images are compressed already: deflating them again costs
    // build time and saves nothing.
    if (/\.(woff2?|png|jpe?g|gif|webp)$/i.test(name)) entry.options.compression = 'STORE';
  }
  return epub.generateAsync({
    type: 'uint8array',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  }) as Promise<Uint8Array>;
}

/** A UUID (version 5 layout) derived from text, so a brief keeps its identifier. */
function stableUuid(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

interface EpubInternals {
  images: Array<{ url: string; id: string; extension: string; mediaType: string }>;
  content: Array<{ content: string }>;
}

/**
 * epub-gen-memory names each image file with a random uuid; name it by a hash
 * of its bytes instead (of its URL when it cannot be read here), so the same
 * brief gives the same EPUB. Identical images share one file.
 */
function stableImageNames(epub: EpubInternals): void {
  if (!epub.images?.length) return;
  const renamed = new Map<string, string>();
  const kept: EpubInternals['images'] = [];
  const seen = new Set<string>();
  for (const image of epub.images) {
    let bytes: Uint8Array | string = image.url;
    if (image.url.startsWith('file:')) {
      try {
        bytes = readFileSync(fileURLToPath(image.url));
      } catch {
        // Unreadable: epub-gen-memory reports it when it reads the file.
      }
    }
    const id = `img-${createHash('sha256').update(bytes).digest('hex').slice(0, 20)}`;
    renamed.set(`images/${image.id}.${image.extension}`, `images/${id}.${image.extension}`);
    if (!seen.has(`${id}.${image.extension}`)) {
      seen.add(`${id}.${image.extension}`);
      kept.push({ ...image, id });
    }
  }
  epub.images.splice(0, epub.images.length, ...kept);
  for (const chapter of epub.content) {
    for (const [from, to] of renamed) chapter.content = chapter.content.split(from).join(to);
  }
}

function hasImage(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (el) => {
    if (el.tagName !== 'img') return undefined;
    found = true;
    return EXIT;
  });
  return found;
}
