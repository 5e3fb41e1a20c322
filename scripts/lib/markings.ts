/**
 * Handling markings (issue 16): a classification printed at the top and
 * bottom of every PDF page and on the title pages, a DRAFT mark, and, in a
 * draft, a last "Editorial notes" page listing the check's warnings and the
 * exempted claims. The templates draw the marks from `meta.classification`
 * and `meta.status`; this module decides them and builds the notes page.
 */
import { h } from 'hastscript';
import { toHtml } from './html.ts';
import type { VFile } from 'vfile';
import type { Meta } from './meta.ts';
import { exemptionRows, messageRows } from './check-report.ts';

export interface MarkingOptions {
  /** The house config's classification (a brief's own wins). */
  classification?: string;
  /** `--draft`: mark the brief as a draft whatever its front matter says. */
  draft?: boolean;
}

/** The brief's meta with its markings decided: front matter over house config, `--draft` over `status`. */
export function withMarkings(meta: Meta, options: MarkingOptions): Meta {
  const classification = meta.classification ?? options.classification;
  return {
    ...meta,
    ...(classification ? { classification } : {}),
    ...(options.draft ? { status: 'draft' as const } : {}),
  };
}

export function isDraft(meta: Pick<Meta, 'status'>): boolean {
  return meta.status === 'draft';
}

/**
 * The "Editorial notes" page of a draft: every warning (with file:line:column)
 * and every exemption with its reason; undefined when there is none.
 * Built as a tree and serialized, so message text is escaped.
 */
export function editorialNotesHtml(files: VFile[]): string | undefined {
  const warnings = messageRows(files).filter((m) => m.severity !== 'error');
  const exemptions = exemptionRows(files);
  if (!warnings.length && !exemptions.length) return undefined;
  const where = (file: string, line: number | null, column: number | null) => `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}`;
  // In English (the check's language) whatever the brief's.
  const section = h('section.editorial-notes', { ariaLabelledBy: 'editorial-notes-title', lang: 'en', dir: 'ltr' }, [
    h('h2#editorial-notes-title', 'Editorial notes'),
    h('p', `A draft: not for publication. The check reported ${warnings.length} warning${warnings.length === 1 ? '' : 's'} and ${exemptions.length} exemption${exemptions.length === 1 ? '' : 's'}.`),
    ...(warnings.length
      ? [h('h3', 'Warnings'), h('ol', warnings.map((m) => h('li', [h('code', where(m.file, m.line, m.column)), ` ${m.message}`, m.ruleId ? h('span.rule', ` (${m.ruleId})`) : ''])))]
      : []),
    ...(exemptions.length
      ? [h('h3', 'Exempted claims'), h('ol', exemptions.map((e) => h('li', [h('code', where(e.file, e.line, e.column)), ` ${e.reason}`])))]
      : []),
  ]);
  return toHtml(section);
}

/** Put a block at the end of a rendered page's body. */
export function appendToBody(html: string, block: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + block : `${html.slice(0, at)}${block}\n${html.slice(at)}`;
}
