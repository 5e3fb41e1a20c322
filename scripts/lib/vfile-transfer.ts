/**
 * A checked brief's files, across a worker thread's message port and back.
 * A VFile and its VFileMessages are class instances: the structured clone that
 * carries messages between threads keeps their fields but not their class, and
 * drops the tree nodes of `ancestors`. What the reporters read (reason, place,
 * rule, source, severity, cause, stack, note, url and the claim check's
 * exemptions) is copied out as plain data and made into the same objects again.
 * The JSON rows of lib/check-report.ts are not enough for this: they are
 * written for readers and keep a message's cause as text, not its stack.
 */
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Exemption } from '../plugins/remark-claim-check.ts';

export interface MessageData {
  reason: string;
  place: VFileMessage['place'];
  ruleId: string | undefined;
  source: string | undefined;
  fatal: boolean | null | undefined;
  file: string | undefined;
  stack: string | undefined;
  note: string | undefined;
  url: string | undefined;
  cause: MessageData | { error: string; stack: string | undefined } | undefined;
}

export interface FileData {
  path: string;
  cwd: string;
  messages: MessageData[];
  exemptions: Exemption[] | undefined;
}

function messageData(m: VFileMessage): MessageData {
  const cause = m.cause instanceof VFileMessage ? messageData(m.cause) : m.cause === undefined ? undefined : m.cause instanceof Error ? { error: m.cause.message, stack: m.cause.stack } : { error: String(m.cause), stack: undefined };
  return { reason: m.reason, place: m.place, ruleId: m.ruleId, source: m.source, fatal: m.fatal, file: m.file, stack: m.stack || undefined, note: m.note, url: m.url, cause };
}

function revive(d: MessageData): VFileMessage {
  const cause = d.cause && 'error' in d.cause ? Object.assign(new Error(d.cause.error), { stack: d.cause.stack }) : d.cause ? revive(d.cause) : undefined;
  const m = new VFileMessage(d.reason, { place: d.place, ruleId: d.ruleId, source: d.source, ...(cause === undefined ? {} : { cause }) });
  m.fatal = d.fatal;
  if (d.file !== undefined) m.file = d.file;
  if (d.stack) m.stack = d.stack;
  if (d.note !== undefined) m.note = d.note;
  if (d.url !== undefined) m.url = d.url;
  return m;
}

export function fileData(file: VFile): FileData {
  return { path: file.path, cwd: file.cwd, messages: file.messages.map(messageData), exemptions: file.data.exemptions };
}

export function fileFromData(d: FileData): VFile {
  const file = new VFile({ path: d.path, cwd: d.cwd });
  file.messages.push(...d.messages.map(revive));
  if (d.exemptions) file.data.exemptions = d.exemptions;
  return file;
}
