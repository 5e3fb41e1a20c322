/**
 * The check's results as JSON rows: what `check --reporter json` prints
 * (scripts/cli.ts) and what the PDF carries as its `check-report.json`
 * attachment (stages/pdf-attachments.ts), built by one function so that the
 * two can never drift apart.
 */
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { SeverityTable } from './severity.ts';
// The `exemptions` field of file.data is declared by the claim check.
import type {} from '../plugins/remark-claim-check.ts';

/** One message, as `--reporter json` prints it. */
export interface MessageRow {
  file: string;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: 'error' | 'warning' | 'info';
  ruleId: string | null;
  source: string | null;
  message: string;
  cause: { file: string | null; line: number | null; column: number | null; message: string } | null;
}

/** One claim exempted with `<!-- cite-ok: reason -->`. */
export interface ExemptionRow {
  file: string;
  line: number;
  column: number;
  reason: string;
}

/** What the PDF's `check-report.json` holds. */
export interface CheckReport {
  /** Every rule in force for the build, with its severity (rules switched off are left out). */
  rules: Array<{ ruleId: string; severity: string }>;
  messages: MessageRow[];
  exemptions: ExemptionRow[];
}

/** The messages of some files, severities already applied (lib/severity.ts). */
export function messageRows(files: VFile[]): MessageRow[] {
  return files.flatMap((file) =>
    file.messages.map((m) => ({
      file: file.path,
      line: m.line ?? null,
      column: m.column ?? null,
      endLine: m.place && 'end' in m.place ? m.place.end.line : null,
      endColumn: m.place && 'end' in m.place ? m.place.end.column : null,
      severity: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info',
      ruleId: m.ruleId ?? null,
      source: m.source ?? null,
      message: m.reason,
      cause: causeOf(m),
    })),
  );
}

/** The exemptions the claim check recorded (`file.data.exemptions`). */
export function exemptionRows(files: VFile[]): ExemptionRow[] {
  return files.flatMap((f) => (f.data.exemptions ?? []).map((e) => ({ file: f.path, line: e.place.start.line, column: e.place.start.column, reason: e.reason })));
}

/** The whole report for one brief. */
export function checkReport(files: VFile[], severities: SeverityTable): CheckReport {
  const rules = Object.entries(severities)
    .filter(([, severity]) => severity !== 'off')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId, severity]) => ({ ruleId, severity }));
  return { rules, messages: messageRows(files), exemptions: exemptionRows(files) };
}

/** A message's second location (`cause: new VFileMessage(…, {place})`) as JSON, or null. */
function causeOf(message: VFileMessage): MessageRow['cause'] {
  const cause = message.cause;
  if (!(cause instanceof VFileMessage)) return null;
  return { file: cause.file || null, line: cause.line ?? null, column: cause.column ?? null, message: cause.reason };
}
