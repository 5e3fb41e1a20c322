/**
 * Stage 1, load: read a brief's Markdown into a VFile, and later the
 * bibliography files its front matter names.
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { Root } from 'mdast';
import { RULES, SOURCE } from '../lib/rules.ts';
import { BibliographyError, mergeBibliographies, readBibliography, type Bibliography } from '../lib/bibliography.ts';
import type { Meta } from '../lib/meta.ts';
import { frontMatterNode } from '../lib/yaml-position.ts';

/** Largest Markdown file accepted, in bytes. */
export const MAX_BRIEF_BYTES = 8 * 1024 * 1024;

/** Where a brief comes from and what it is called. */
export interface BriefFile {
  file: VFile;
  /** Absolute folder of the Markdown file: relative paths resolve from here. */
  dir: string;
  /** Output base name, from the file name. */
  slug: string;
}

/** Read one Markdown file; problems become `input-file` messages, never exceptions. */
export async function loadBrief(path: string, cwd = process.cwd()): Promise<BriefFile> {
  const absolute = resolve(cwd, path);
  const file = new VFile({ path: relative(cwd, absolute) || absolute, cwd });
  const brief = { file, dir: dirname(absolute), slug: slugOf(absolute) };
  try {
    const info = await stat(absolute);
    if (info.size > MAX_BRIEF_BYTES) refuse(file, `File is larger than ${MAX_BRIEF_BYTES / 1048576} MB`);
    const bytes = await readFile(absolute);
    if (bytes.includes(0)) refuse(file, 'File is binary, not Markdown text');
    try {
      file.value = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      refuse(file, 'File is not valid UTF-8 text: save it as UTF-8');
    }
    if (String(file.value).trim() === '') refuse(file, 'File is empty');
  } catch (error) {
    // `refuse` has already said why; anything else is a read error.
    if (!(error instanceof VFileMessage)) {
      file.message(`Cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        ruleId: RULES.inputFile,
        source: SOURCE,
      });
    }
  }
  return brief;
}

/** Put an `input-file` message on the file and stop reading it (VFile#fail throws the message). */
function refuse(file: VFile, reason: string): never {
  return file.fail(reason, { ruleId: RULES.inputFile, source: SOURCE });
}

/** `content/kerman-attack.md` → `kerman-attack`. */
export function slugOf(path: string): string {
  return basename(path, extname(path))
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase() || 'brief';
}

/** Names of the bibliography files tried when front matter names none. */
export const DEFAULT_BIBLIOGRAPHIES = ['references.bib', 'references.json', 'references.yaml'];

/**
 * Load the bibliographies of a brief: those named in front matter (relative to
 * the Markdown file), else `<slug>.bib|json|yaml` beside it, else the folder's
 * `references.*`, else the folder's only `.bib` file. Problems become `missing-bibliography` messages.
 */
export async function loadBibliography(brief: BriefFile, meta: Meta, tree: Root, options: { cacheDir?: string } = {}): Promise<Bibliography> {
  const { file, dir } = brief;
  const place = frontMatterNode(tree)?.position;
  const cwd = file.cwd;
  let paths: string[];
  if (meta.bibliography) {
    paths = meta.bibliography.map((p) => resolve(dir, p));
  } else {
    const candidates = [
      ...['.bib', '.json', '.yaml'].map((ext) => join(dir, brief.slug + ext)),
      ...DEFAULT_BIBLIOGRAPHIES.map((name) => join(dir, name)),
    ];
    const found = candidates.find((p) => existsSync(p) && !samePath(p, resolve(cwd, file.path)));
    // Last, the folder's only BibTeX file (documents written for a site generator
    // name it in the site's config, e.g. mkdocs.yml, not in the front matter).
    const onlyBib = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.bib'));
    paths = found ? [found] : onlyBib.length === 1 ? [join(dir, onlyBib[0]!)] : [];
  }
  let failed = false;
  const lists = await Promise.all(
    paths.map(async (path) => {
      const shown = relative(cwd, path) || path;
      try {
        return await readBibliography(path, shown, options.cacheDir);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const at = error instanceof BibliographyError && error.place ? ` (${shown}:${error.place.line}:${error.place.column})` : '';
        failed = true;
        const missing = !existsSync(path);
        file.message(missing ? `Bibliography \`${shown}\` does not exist` : reason + at, {
          place,
          ruleId: RULES.missingBibliography,
          source: SOURCE,
        });
        return [];
      }
    }),
  );
  return { ...mergeBibliographies(lists, paths), failed };
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
