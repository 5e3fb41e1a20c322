/**
 * Limits that keep one pathological brief from stalling or crashing a batch.
 * The file size limit is in stages/load.ts (MAX_BRIEF_BYTES); the time limit
 * per printed document in lib/browser.ts (BRIEFPRESS_DOC_TIMEOUT_MS).
 */
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import { RULES, SOURCE } from './rules.ts';

/** Deepest nesting of lists, quotes and elements accepted (Chromium itself flattens past 512). */
export const MAX_NESTING = 1000;
/** Most unescaped `*`/`_` on one line: micromark's emphasis matching is quadratic in them. */
export const MAX_EMPHASIS_MARKS_PER_LINE = 2000;

/** Before parsing: lines that would make the Markdown parser crawl. False when the brief is refused. */
export function checkSourceLimits(file: VFile): boolean {
  const lines = String(file.value).split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.length < MAX_EMPHASIS_MARKS_PER_LINE) continue;
    const marks = line.replace(/\\[*_]/g, '').split(/[*_]/).length - 1;
    if (marks > MAX_EMPHASIS_MARKS_PER_LINE) {
      file.message(`Line has ${marks} \`*\`/\`_\` marks (more than ${MAX_EMPHASIS_MARKS_PER_LINE}): escape them (\`\\*\`) or split the text`, {
        place: { line: index + 1, column: 1 },
        ruleId: RULES.inputLimit,
        source: SOURCE,
      });
      return false;
    }
  }
  return true;
}

/** After parsing: nesting depth, measured without recursion. False when the brief is refused. */
export function checkTreeLimits(tree: Root, file: VFile): boolean {
  const stack: Array<[Node, number]> = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      file.message(`Nested more than ${MAX_NESTING} levels deep (lists, block quotes or HTML): flatten the structure`, {
        place: node.position,
        ruleId: RULES.inputLimit,
        source: SOURCE,
      });
      return false;
    }
    // A list item is part of its list's level.
    for (const child of (node as Parent).children ?? []) stack.push([child, child.type === 'listItem' ? depth : depth + 1]);
  }
  return true;
}
