/**
 * The one check that the template and citation style a brief asks for exist,
 * run before anything is printed so that `check` catches them too. Render and
 * print take what it resolved and never look them up again.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { Config } from './config.ts';
import { resolveStyle } from './csl.ts';
import type { Meta } from './meta.ts';
import { RULES, SOURCE } from './rules.ts';
import { loadTemplate, type House, type Template } from './template.ts';
import { frontMatterPlace } from './yaml-position.ts';

/** A brief's template and the path of its CSL style. */
export interface Setup {
  template: Template;
  stylePath: string;
}

/** The house settings a template sees. */
export function houseOf(config: Config): House {
  return { publisher: config.publisher, series: config.series, rights: config.rights, logo: config.logo, paper: config.paper, notes: config.notes, footnotes: config.footnotes };
}

/** Resolve the brief's template and style (front matter over house config); undefined, with a message at the field, when one is unknown. */
export function resolveSetup(meta: Meta, config: Config, options: { file: VFile; tree: Root; briefDir: string }): Setup | undefined {
  const at = (key: string) => frontMatterPlace(options.tree, key);
  const name = meta.template ?? config.template;
  const template = loadTemplate(name, houseOf(config));
  if (!template) {
    options.file.message(`Unknown template \`${name}\`: templates are folders under templates/`, {
      place: meta.template ? at('template') : undefined,
      ruleId: RULES.unknownTemplate,
      source: SOURCE,
    });
    return undefined;
  }
  const style = meta.csl ?? config.csl ?? template.defaultStyle;
  const stylePath = resolveStyle(style, options.briefDir);
  if (!stylePath) {
    options.file.message(`Unknown citation style \`${style}\`: use chicago-author-date, chicago-note-bibliography, apa, harvard or a path to a .csl file`, {
      place: meta.csl ? at('csl') : undefined,
      ruleId: RULES.unknownStyle,
      source: SOURCE,
    });
    return undefined;
  }
  return { template, stylePath };
}
