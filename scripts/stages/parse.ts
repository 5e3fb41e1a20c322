/**
 * Stage 2, parse: Markdown to mdast with unified (remark-parse, GFM, front
 * matter, and pandoc's Markdown: TeX math, fenced divs, attributes and spans,
 * table captions, inline notes, citations), and the front matter validated against its schema.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, Yaml } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import YAML from 'yaml';
import * as v from 'valibot';
import remarkCitations from '../plugins/remark-citations.ts';
import remarkInlineNotes from '../plugins/remark-inline-notes.ts';
import remarkMath from 'remark-math';
import remarkPandocMath from '../plugins/remark-pandoc-math.ts';
import remarkFencedDivs from '../plugins/remark-fenced-divs.ts';
import remarkPandocAttributes from '../plugins/remark-pandoc-attributes.ts';
import remarkTableCaptions from '../plugins/remark-table-captions.ts';
import remarkEquationLabels, { maskEquationLabels } from '../plugins/remark-equation-labels.ts';
import { FrontMatter, type Meta } from '../lib/meta.ts';
import { RULES, SOURCE } from '../lib/rules.ts';

const base = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkPandocMath)
  .use(remarkEquationLabels)
  .use(remarkFencedDivs)
  .use(remarkPandocAttributes)
  .use(remarkTableCaptions)
  .use(remarkInlineNotes)
  .use(remarkCitations);
const processor = base().use(remarkFrontmatter, ['yaml']).freeze();
// pandoc ends a YAML block at the first line that is `---` or `...` (valid
// YAML's document end). remark-frontmatter closes a block with one fence only,
// so a brief whose block ends with `...` gets a processor with that fence.
const dotsProcessor = base().use(remarkFrontmatter, [{ type: 'yaml', fence: { open: '---', close: '...' } }]).freeze();

/** Whether the front matter block (if any) ends with `...` rather than `---`. */
function closesWithDots(source: string): boolean {
  const m = /^---[ \t]*\r?\n(?:.*\r?\n)*?(---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  return m?.[1] === '...';
}

export interface ParsedBrief {
  tree: Root;
  /** Validated front matter, or undefined when it is unusable (messages say why). */
  meta: Meta | undefined;
}

/** Parse a brief and validate its front matter; problems go on the file. */
export async function parse(file: VFile, defaults: Partial<Meta> = {}): Promise<ParsedBrief> {
  const chosen = closesWithDots(String(file)) ? dotsProcessor : processor;
  // Equation labels after a closing `$$` are read by remark-equation-labels, not by micromark.
  const tree = (await chosen.run(chosen.parse(maskEquationLabels(String(file))), file)) as Root;
  const yaml = tree.children.find((n): n is Yaml => n.type === 'yaml');
  // A document without a `title` whose first heading is a level-1 heading
  // (a README, a lesson) is titled by it, as pandoc's
  // `--shift-heading-level-by=-1` does.
  const first = tree.children.find((n) => n.type !== 'yaml' && n.type !== 'html' && n.type !== 'definition');
  const heading = first?.type === 'heading' && first.depth === 1 ? toString(first).trim() : '';
  const meta = readFrontMatter(yaml, file, heading ? { title: heading, ...defaults } : defaults);
  return { tree, meta };
}

function readFrontMatter(node: Yaml | undefined, file: VFile, defaults: Partial<Meta>): Meta | undefined {
  const report = (reason: string, line?: number, column?: number) => {
    const start = node?.position?.start;
    // Front matter content starts on the line after `---`.
    const place = start && line ? { line: start.line + line, column: column ?? 1 } : node?.position;
    file.message(reason, { place, ruleId: RULES.frontMatter, source: SOURCE });
  };
  let data: unknown = {};
  if (node) {
    const doc = YAML.parseDocument(node.value, { uniqueKeys: true });
    const problem = doc.errors[0];
    if (problem) {
      const at = problem.linePos?.[0];
      // The parser's own "at line N" counts within the front matter: the message's position counts in the file.
      report(`Invalid YAML front matter: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, at?.line, at?.col);
      return undefined;
    }
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      report('Front matter must be a mapping of `field: value` lines');
      return undefined;
    }
    const result = v.safeParse(FrontMatter, { ...defaults, ...(data as object) });
    if (result.success) return result.output;
    for (const issue of result.issues) {
      const path = v.getDotPath(issue) ?? '';
      const key = path.split('.')[0] ?? '';
      const line = key ? lineOfKey(doc, node.value, key) : undefined;
      report(`Front matter field \`${path || 'title'}\`: ${issue.message}`, line);
    }
    return undefined;
  }
  const result = v.safeParse(FrontMatter, defaults);
  if (result.success) return result.output;
  report('Every brief needs YAML front matter with at least a `title`');
  return undefined;
}

/** 1-based line (within the YAML text) of a top-level key. */
function lineOfKey(doc: YAML.Document, source: string, key: string): number | undefined {
  if (!YAML.isMap(doc.contents)) return undefined;
  for (const pair of doc.contents.items) {
    if (YAML.isScalar(pair.key) && pair.key.value === key && pair.key.range) {
      return source.slice(0, pair.key.range[0]).split('\n').length;
    }
  }
  return undefined;
}
