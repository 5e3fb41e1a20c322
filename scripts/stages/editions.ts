/**
 * What issue 16's editions add to one brief's build, in one place so that the
 * pipeline (build.ts) calls it in a few lines: the markings decided on the
 * meta, a draft's editorial notes, the PDF's evidence and draft mark, and the
 * web edition.
 */
import type { VFile } from 'vfile';
import type { Bibliography } from '../lib/bibliography.ts';
import { checkReport } from '../lib/check-report.ts';
import type { Config } from '../lib/config.ts';
import { appendToBody, editorialNotesHtml, isDraft } from '../lib/markings.ts';
import type { Meta } from '../lib/meta.ts';
import type { SeverityTable } from '../lib/severity.ts';
import type { Template } from '../lib/template.ts';
import { citedItems, evidenceAttachments, type PdfAttachment } from './pdf-attachments.ts';
import type { RenderedBrief } from './render.ts';

/** A draft's print HTML ends with its editorial notes (warnings and exemptions), if any. */
export function addEditorialNotes(rendered: RenderedBrief, files: VFile[]): void {
  const notes = isDraft(rendered.meta) ? editorialNotesHtml(files) : undefined;
  if (notes) rendered.printHtml = appendToBody(rendered.printHtml, notes);
}

/** What the PDF post-processing adds: the DRAFT mark and the evidence attachments. */
export function pdfExtras(meta: Meta, o: { file: VFile; files: VFile[]; bibliography: Bibliography; severities: SeverityTable }): { draft: boolean; attachments: PdfAttachment[] } {
  return { draft: isDraft(meta), attachments: evidenceAttachments(citedItems(o.file, o.bibliography), checkReport(o.files, o.severities)) };
}

/** The web edition's HTML when the config asks for it (stages/web.ts). */
export async function webEdition(rendered: RenderedBrief, o: { config: Config; template: Template; file: VFile; house: { publisher?: string; rights?: string } }): Promise<string | undefined> {
  if (!o.config.formats.includes('html')) return undefined;
  const { renderWeb } = await import('./web.ts');
  return renderWeb(rendered, { template: o.template, file: o.file, house: { ...o.house, series: o.config.series } });
}
