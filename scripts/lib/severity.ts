/**
 * Severity is decided here and nowhere else (as unified-lint-rule does): rules
 * only call `file.message(reason, { place, ruleId, source })`; the pipeline
 * applies one severity table — the defaults of `lib/rules.ts`, then the house
 * config's `rules:`, then `--strict` — to every message.
 */
import type { VFile } from 'vfile';
import { DEFAULT_SEVERITY, type RuleId, type Severity } from './rules.ts';

/** Rule id → severity, as in force for one run. */
export type SeverityTable = Readonly<Record<string, Severity>>;

/**
 * The table for a run: defaults, overridden by the config's `rules:`; with
 * `strict`, every warning is an error (a rule switched off stays off, info stays info).
 */
export function severityTable(overrides: Partial<Record<RuleId, Severity>> = {}, strict = false): SeverityTable {
  const table: Record<string, Severity> = { ...DEFAULT_SEVERITY, ...overrides };
  if (strict) for (const [id, severity] of Object.entries(table)) if (severity === 'warning') table[id] = 'error';
  return table;
}

/**
 * Set `fatal` on each message from its rule's severity (error: true, warning:
 * false, info: undefined) and drop the messages of rules that are off. A
 * message without a known rule id (an internal failure) is an error.
 */
export function applySeverity(files: Iterable<VFile>, table: SeverityTable = severityTable()): void {
  for (const file of files) {
    file.messages = file.messages.filter((message) => {
      const severity = (message.ruleId && table[message.ruleId]) || 'error';
      if (severity === 'off') return false;
      message.fatal = severity === 'error' ? true : severity === 'warning' ? false : undefined;
      return true;
    });
  }
}
