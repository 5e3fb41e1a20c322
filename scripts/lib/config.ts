/**
 * The house configuration, `briefpress.config.yaml` in the project folder:
 * publisher, series, rights, paper size, default template and citation style,
 * and the severity of each check (`rules:`). One valibot schema gives its type
 * and its validation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as v from 'valibot';
import YAML from 'yaml';
import { VFile } from 'vfile';
import { CONFIG_FILE } from './paths.ts';
import { DEFAULT_SEVERITY, RULES, SOURCE, type RuleId } from './rules.ts';
import { applySeverity } from './severity.ts';
import { issuePath, keyLine } from './yaml-position.ts';
import { footnoteNumbering, notesPlacement } from './meta.ts';

const RULE_IDS = Object.keys(DEFAULT_SEVERITY) as RuleId[];

export { CONFIG_FILE };

export const Config = v.strictObject({
  publisher: v.optional(v.string()),
  series: v.optional(v.string()),
  rights: v.optional(v.string()),
  /** The house logo (PNG, JPEG or SVG), relative to the project folder. */
  logo: v.optional(v.pipe(v.string(), v.regex(/\.(png|jpe?g|svg)$/i, 'Expected a .png, .jpg or .svg file'))),
  /** A handling marking for every brief (a brief's own `classification:` wins), e.g. `OFFICIAL`. */
  classification: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  /** Paper for the PDF; default A4. */
  paper: v.optional(v.picklist(['A4', 'Letter'], 'Expected `A4` or `Letter`'), 'A4'),
  /** Template folder under templates/; default `brief`. */
  template: v.optional(v.pipe(v.string(), v.regex(/^[\w-]+$/)), 'brief'),
  /** Citation style for briefs that name none; default the template's. */
  csl: v.optional(v.string()),
  /** Notes in the PDF: `footnotes` at the foot of each page, or `endnotes` before the References; a brief's front matter wins. Default footnotes. */
  notes: v.optional(notesPlacement),
  /** `per-page` restarts note numbers on each PDF page; default `continuous`. */
  footnotes: v.optional(footnoteNumbering),
  /** Folder of briefs built by a bare `npm run build`; default `content`. */
  content: v.optional(v.string(), 'content'),
  /** What a build writes: any of `pdf`, `epub`, `html` (the web edition); default PDF and EPUB. */
  formats: v.optional(v.pipe(v.array(v.picklist(['pdf', 'epub', 'html'] as const, 'Expected `pdf`, `epub` or `html`')), v.minLength(1, 'Name at least one format')), ['pdf', 'epub']),
  /** Output folder; default `out`. */
  out: v.optional(v.string(), 'out'),
  /** Severity per rule id, over the defaults of lib/rules.ts: `rules: { uncited-statistic: error, unused-reference: off }`. */
  rules: v.optional(
    v.record(
      v.picklist(RULE_IDS, `Expected a rule id (${RULE_IDS.join(', ')})`),
      v.picklist(['error', 'warning', 'info', 'off'] as const, 'Expected `error`, `warning`, `info` or `off`'),
    ),
    {},
  ),
});

export type Config = v.InferOutput<typeof Config>;

/** The settings of a project with no config file. */
export function defaultConfig(): Config {
  return v.parse(Config, {});
}

/** Read and validate the config; problems are messages on the returned file. */
export function loadConfig(cwd: string): { config: Config; file: VFile } {
  const path = join(cwd, CONFIG_FILE);
  const file = new VFile({ path: relative(cwd, path), cwd });
  const fallback = defaultConfig();
  if (!existsSync(path)) return { config: fallback, file };
  const text = readFileSync(path, 'utf8');
  file.value = text;
  const doc = YAML.parseDocument(text);
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    file.message(`Invalid YAML: ${problem.message.split('\n')[0]}`, { place: at && { line: at.line, column: at.col }, ruleId: RULES.config, source: SOURCE });
    applySeverity([file]);
    return { config: fallback, file };
  }
  const result = v.safeParse(Config, doc.toJS() ?? {});
  if (result.success) {
    const logo = result.output.logo;
    if (logo && !existsSync(join(cwd, logo))) {
      file.message(`Config field \`logo\`: no file \`${logo}\``, { place: lineAt(doc, text, ['logo']), ruleId: RULES.config, source: SOURCE });
    }
    applySeverity([file]);
    return { config: { ...result.output, logo: logo && join(cwd, logo) }, file };
  }
  for (const issue of result.issues) {
    const path = issuePath(issue);
    file.message(`Config field \`${path.join('.')}\`: ${issue.message}`, { place: lineAt(doc, text, path), ruleId: RULES.config, source: SOURCE });
  }
  applySeverity([file]);
  return { config: fallback, file };
}

function lineAt(doc: YAML.Document, text: string, path: Array<string | number>) {
  const line = keyLine(doc, text, path);
  return line ? { line, column: 1 } : undefined;
}
