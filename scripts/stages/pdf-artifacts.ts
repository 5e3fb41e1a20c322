/**
 * Stage 5b (with pdf-postprocess.ts): mark what Chromium draws outside the
 * structure tree as artifacts (PDF/UA, Matterhorn 01-005: content is either
 * tagged or an artifact).
 *
 * Chromium 156 tags the body (each block's marked content has an MCID tied to
 * the structure tree) but draws the `@page` margin boxes (the running title,
 * the page number, the marking) and some decorative rules (the cover's `<hr>`)
 * outside any marked content: neither real content nor artifact, which PDF/UA
 * checkers count as a failure. Here every text object and every painted path,
 * image or shading at marked-content depth 0 is wrapped as
 * `/Artifact <</Type /Pagination>>` (text: running heads and page numbers) or
 * `/Artifact <</Type /Layout>>` (rules, backgrounds). Clipping paths (`W n`)
 * paint nothing and stay as they are.
 *
 * Chromium and pdf-lib write one operator per line (a glyph's `Td` and `Tj`
 * share one); lines are read that way, by their last operator.
 */

const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*']);
const PATH = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're', 'W', 'W*']);
const SHOW = new Set(['Tj', 'TJ', "'", '"']);
const PAGINATION = '/Artifact <</Type /Pagination >>BDC';
const LAYOUT = '/Artifact <</Type /Layout >>BDC';

/** A line's last operator (`>>BDC` has no space before its operator). */
const operator = (line: string): string => /([A-Za-z'"][A-Za-z*'"]*)\s*$/.exec(line)?.[1] ?? '';

interface Unit {
  /** Lines [from, to] of one text object, painted path, image or shading. */
  from: number;
  to: number;
  kind: 'text' | 'graphics';
}

/** The drawing units at marked-content depth 0 (neither tagged nor artifact). */
function untaggedUnits(lines: string[]): Unit[] {
  const units: Unit[] = [];
  let depth = 0;
  let pathFrom = -1;
  for (let i = 0; i < lines.length; i++) {
    const op = operator(lines[i]!);
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && op === 'BT') {
      // A text object at depth 0; marked content inside it is balanced.
      let end = i;
      let shows = false;
      while (end + 1 < lines.length && operator(lines[end]!) !== 'ET') {
        end++;
        shows ||= SHOW.has(operator(lines[end]!));
      }
      if (shows) units.push({ from: i, to: end, kind: 'text' });
      i = end;
    } else if (depth === 0 && PATH.has(op)) {
      if (pathFrom < 0) pathFrom = i;
    } else if (depth === 0 && PAINT.has(op)) {
      units.push({ from: pathFrom < 0 ? i : pathFrom, to: i, kind: 'graphics' });
      pathFrom = -1;
    } else if (depth === 0 && (op === 'Do' || op === 'sh')) {
      units.push({ from: i, to: i, kind: 'graphics' });
    }
    if (op === 'n' || PAINT.has(op) || op === 'BDC' || op === 'BMC' || op === 'EMC') pathFrom = -1;
  }
  return units;
}

/** How many drawing operations of a page's content are neither tagged nor artifacts. */
export function untaggedCount(content: string): number {
  return untaggedUnits(content.split('\n')).length;
}

/** The page's content with every untagged drawing wrapped as an artifact. */
export function markArtifacts(content: string): { content: string; changed: number } {
  const lines = content.split('\n');
  const units = untaggedUnits(lines);
  if (units.length === 0) return { content, changed: 0 };
  const out: string[] = [];
  let next = 0;
  for (const unit of units) {
    out.push(...lines.slice(next, unit.from), unit.kind === 'text' ? PAGINATION : LAYOUT, ...lines.slice(unit.from, unit.to + 1), 'EMC');
    next = unit.to + 1;
  }
  out.push(...lines.slice(next));
  return { content: out.join('\n'), changed: units.length };
}
