/**
 * The evidence inside the PDF: the brief's bibliography as CSL-JSON and the
 * check report as JSON, embedded as file attachments with an
 * `/AFRelationship` and listed in the catalog's `/AF` array (as PDF/A-3
 * associates files with a document), so that a reader who receives only the
 * PDF can audit its sources. pdf-lib writes the file specifications, the
 * `/EmbeddedFiles` name tree and `/AF`; the dates are the build's fixed date,
 * so the bytes stay reproducible.
 */
import { AFRelationship, type PDFDocument } from 'pdf-lib';
import type { Bibliography, CslItem } from '../lib/bibliography.ts';
import type { CheckReport } from '../lib/check-report.ts';
// `renderedCitations` in file.data is declared by the citation renderer.
import type {} from '../plugins/remark-render-citations.ts';
import type { VFile } from 'vfile';

export interface PdfAttachment {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
  description: string;
  relationship: AFRelationship;
}

/** Attach files to a loaded PDF, in name order (a name tree is sorted by name). */
export async function attachFiles(doc: PDFDocument, attachments: PdfAttachment[], date: Date): Promise<void> {
  const sorted = [...attachments].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const a of sorted) {
    await doc.attach(a.bytes, a.name, {
      mimeType: a.mimeType,
      description: a.description,
      creationDate: date,
      modificationDate: date,
      afRelationship: a.relationship,
    });
  }
}

/** The entries the brief's References list (cited and nocite), in the style's order, as CSL-JSON items. */
export function citedItems(file: VFile, bibliography: Bibliography): CslItem[] {
  const ids = file.data.renderedCitations?.entries.map((e) => e.id) ?? [];
  return ids.flatMap((id) => {
    const entry = bibliography.byKey.get(id);
    return entry ? [entry.item] : [];
  });
}

/** The two evidence files: `bibliography.json` (CSL-JSON) and `check-report.json`. */
export function evidenceAttachments(items: CslItem[], report: CheckReport): PdfAttachment[] {
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return [
    {
      name: 'bibliography.json',
      bytes: json(items),
      mimeType: 'application/vnd.citationstyles.csl+json',
      description: 'The sources this brief cites, as CSL-JSON',
      relationship: AFRelationship.Data,
    },
    {
      name: 'check-report.json',
      bytes: json(report),
      mimeType: 'application/json',
      description: "The citation check's report: rules run, messages, exemptions with reasons",
      relationship: AFRelationship.Supplement,
    },
  ];
}
