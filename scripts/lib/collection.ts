/**
 * A collection (issue 16): `collection.yaml` names a volume's title, editors,
 * date, cover and its briefs in order; the volume is built as one PDF and one
 * EPUB (scripts/collection.ts). One valibot schema gives its type and its
 * validation, as for the house config (lib/config.ts); problems are messages
 * on the YAML file at the field's line and column.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import * as v from 'valibot';
import YAML from 'yaml';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { RULES, SOURCE } from './rules.ts';
import { applySeverity } from './severity.ts';
import { issuePath, nodePlace } from './yaml-position.ts';

const text = v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.trim(), v.minLength(1, 'Expected some text'));

export const CollectionSchema = v.strictObject({
  title: v.pipe(v.union([v.string(), v.number()], 'A collection needs a `title`'), v.transform(String), v.trim(), v.minLength(1, 'A collection needs a `title`')),
  subtitle: v.optional(text),
  /** One name or a list of names. */
  editors: v.optional(v.pipe(v.union([text, v.array(text)], 'Expected a name or a list of names'), v.transform((x) => (Array.isArray(x) ? x : [x]))), []),
  /** Any date string, read as a brief's `date` is. */
  date: v.optional(v.union([v.string(), v.number(), v.date()])),
  /** The volume's language (cover, contents, metadata); default `en`. */
  lang: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language tag such as `en` or `ar`')), 'en'),
  description: v.optional(text),
  /** A picture on the cover: a PNG, JPEG or SVG file in the collection's folder, with its alt text. */
  cover: v.optional(
    v.strictObject({
      image: v.pipe(v.string(), v.regex(/\.(png|jpe?g|svg)$/i, 'Expected a .png, .jpg or .svg file')),
      alt: v.pipe(v.string('The cover picture needs `alt` text'), v.trim(), v.minLength(1, 'The cover picture needs `alt` text')),
    }),
  ),
  /** A handling marking on every page of the volume and on its title pages (over the house config's), e.g. `OFFICIAL`. */
  classification: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'Expected a marking such as `OFFICIAL`'))),
  /** `per-brief` (default): each brief ends with its own references; `merged`: one list at the end of the volume. */
  bibliography: v.optional(v.picklist(['per-brief', 'merged'], 'Expected `per-brief` or `merged`'), 'per-brief'),
  /** The output name, `<slug>.pdf`; default: the title, slugified. */
  slug: v.optional(v.pipe(v.string(), v.regex(/^[\w-]+$/, 'Expected letters, digits, `-` and `_` only'))),
  /** The briefs, in order: Markdown files in the collection's folder (or below it). */
  briefs: v.pipe(v.array(v.string('Expected the path of a Markdown file'), 'Expected a list of Markdown files'), v.minLength(1, 'List at least one brief')),
});

export type CollectionYaml = v.InferOutput<typeof CollectionSchema>;

export interface Collection extends Omit<CollectionYaml, 'briefs' | 'slug' | 'cover'> {
  slug: string;
  /** The collection file's folder: briefs and the cover lie in it. */
  dir: string;
  /** Absolute paths of the briefs, in order. */
  briefs: string[];
  /** Absolute path of the cover picture. */
  cover?: { image: string; alt: string };
}

/** Whether a command-line path names a collection file rather than a brief. */
export function isCollectionPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Read and validate a collection file; problems are messages on the returned file. */
export function loadCollection(path: string, cwd = process.cwd()): { collection: Collection | undefined; file: VFile } {
  const absolute = resolve(cwd, path);
  const file = new VFile({ path: relative(cwd, absolute) || absolute, cwd });
  const fail = (reason: string, place?: { line: number; column: number }) => {
    file.message(reason, { place, ruleId: RULES.collection, source: SOURCE });
  };
  const done = (collection: Collection | undefined) => {
    applySeverity([file]);
    return { collection: file.messages.some((m) => m.fatal) ? undefined : collection, file };
  };
  let source: string;
  try {
    source = readFileSync(absolute, 'utf8');
  } catch (error) {
    fail(`Cannot read the collection file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return done(undefined);
  }
  file.value = source;
  const doc = YAML.parseDocument(source);
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    fail(`Invalid YAML: ${problem.message.split('\n')[0]}`, at && { line: at.line, column: at.col });
    return done(undefined);
  }
  const result = v.safeParse(CollectionSchema, doc.toJS() ?? {});
  if (!result.success) {
    for (const issue of result.issues) {
      const at = issuePath(issue);
      fail(`Collection field \`${at.join('.') || 'title'}\`: ${issue.message}`, nodePlace(doc, source, at));
    }
    return done(undefined);
  }
  const yaml = result.output;
  const dir = realpathSync(dirname(absolute));
  // Briefs and the cover are served to the printer from the collection's folder only.
  const inside = (field: Array<string | number>, value: string): string | undefined => {
    const target = resolve(dir, value);
    if (!existsSync(target) || !statSync(target).isFile()) return void fail(`Collection field \`${field.join('.')}\`: no file \`${value}\``, nodePlace(doc, source, field));
    const real = realpathSync(target);
    if (relative(dir, real).startsWith('..')) return void fail(`Collection field \`${field.join('.')}\`: \`${value}\` is outside the collection's folder`, nodePlace(doc, source, field));
    return real;
  };
  const briefs: string[] = [];
  const slugs = new Map<string, number>();
  yaml.briefs.forEach((brief, i) => {
    const found = inside(['briefs', i], brief);
    if (!found) return;
    if (!/\.(md|markdown)$/i.test(found)) return fail(`Collection field \`briefs.${i}\`: \`${brief}\` is not a Markdown file`, nodePlace(doc, source, ['briefs', i]));
    const slug = basename(found).replace(/\.\w+$/, '');
    const first = slugs.get(slug);
    if (first !== undefined) {
      file.message(`Collection field \`briefs.${i}\`: a second brief named \`${slug}\` (brief names must differ)`, {
        place: nodePlace(doc, source, ['briefs', i]),
        ruleId: RULES.collection,
        source: SOURCE,
        cause: new VFileMessage('The first one', { place: nodePlace(doc, source, ['briefs', first]) }),
      });
      return;
    }
    slugs.set(slug, i);
    briefs.push(found);
  });
  const image = yaml.cover && inside(['cover', 'image'], yaml.cover.image);
  const slug = yaml.slug ?? (asciiSlug(yaml.title) || basename(absolute).replace(/\.\w+$/, ''));
  return done({ ...yaml, slug, dir, briefs, ...(yaml.cover && image ? { cover: { image, alt: yaml.cover.alt } } : { cover: undefined }) });
}

/**
 * `Quarterly Review: Winter` → `quarterly-review-winter`. One line, so no
 * slug library: Latin letters lose their accents, anything else not a letter
 * or digit becomes a hyphen (a title in another script gives '' and the
 * file's name is used).
 */
function asciiSlug(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
