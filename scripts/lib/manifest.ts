/**
 * Incremental builds: `out/.briefpress-manifest.json` records, for every brief
 * built, the content hash of each file that went into it (its Markdown,
 * bibliographies, images, template files, fonts, CSL style and locales, the
 * config) and of the pipeline itself (package-lock.json + scripts/**). A brief
 * whose recorded inputs all hash the same, and whose outputs are still there,
 * is skipped before it is parsed and without a browser.
 *
 * Paths are written relative to the project folder (the build's cwd), with `/`
 * separators, so that an output folder saved as a CI cache on one runner is
 * valid on another that checked the project out elsewhere. In memory they are
 * absolute.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeAtomic } from './write.ts';
import { CONFIG_FILE, PROJECT_ROOT } from './paths.ts';

export const MANIFEST_FILE = '.briefpress-manifest.json';
const VERSION = 2;

export interface ManifestEntry {
  /** Hash of the settings that shape the outputs (strict, dates, config values). */
  context: string;
  /** Absolute path → sha256 of every input file ('' = the file was absent). */
  inputs: Record<string, string>;
  /** Each output written (pdf, epub, html: the formats asked for). */
  outputs: { pdf?: string; epub?: string; html?: string };
  /** What the summary table shows for a skipped brief. */
  pages?: number;
  pdfBytes?: number;
  epubBytes?: number;
}

export interface Manifest {
  version: number;
  pipeline: string;
  /** Keyed by the brief's absolute Markdown path (relative to the project on disk). */
  briefs: Record<string, ManifestEntry>;
}

const hashes = new Map<string, { stamp: string; hash: string }>();

/**
 * sha256 of a file's bytes ('' when it does not exist). Cached by size and
 * mtime within a process, so a font shared by 100 briefs is read once.
 */
export function hashFile(path: string): string {
  let stamp: string;
  try {
    const info = statSync(path);
    stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
  } catch {
    return '';
  }
  const cached = hashes.get(path);
  if (cached?.stamp === stamp) return cached.hash;
  let hash: string;
  try {
    hash = createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
  hashes.set(path, { stamp, hash });
  return hash;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The hash of the settings, besides input files, that change the bytes a build
 * writes; its paths are relative to the project, like the manifest's.
 */
export function contextHash(o: { strict?: boolean; draft?: boolean; config: { logo?: string | undefined }; outDir: string; cwd: string }): string {
  const config = { ...o.config, logo: o.config.logo && relative(o.cwd, o.config.logo) };
  return hashText(JSON.stringify({ strict: Boolean(o.strict), ...(o.draft ? { draft: true } : {}), epoch: process.env.SOURCE_DATE_EPOCH ?? '', config, outDir: relative(o.cwd, o.outDir) }));
}

let pipeline: string | undefined;

/** The pipeline's own version: package-lock.json and every file under scripts/ and templates/epub. */
export function pipelineHash(): string {
  if (pipeline) return pipeline;
  const h = createHash('sha256');
  const files = [join(PROJECT_ROOT, 'package-lock.json'), ...walk(join(PROJECT_ROOT, 'scripts')), ...walk(join(PROJECT_ROOT, 'templates', 'epub'))];
  for (const f of files) h.update(`${f.slice(PROJECT_ROOT.length)}\0${hashFile(f)}\0`);
  pipeline = h.digest('hex');
  return pipeline;
}

/** Every file under a folder, sorted (for hashing). */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export function emptyManifest(): Manifest {
  return { version: VERSION, pipeline: pipelineHash(), briefs: {} };
}

/** Read the manifest of an output folder; an unreadable or older one counts as empty. `base` is the project folder. */
export function loadManifest(outDir: string, base = process.cwd()): Manifest {
  try {
    const data = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
    if (data.version !== VERSION || data.pipeline !== pipelineHash() || typeof data.briefs !== 'object') return emptyManifest();
    return { ...data, briefs: mapPaths(data.briefs, (p) => resolve(base, p)) };
  } catch {
    return emptyManifest();
  }
}

/** Write the manifest with paths relative to `base`, the project folder. */
export async function saveManifest(outDir: string, manifest: Manifest, base = process.cwd()): Promise<void> {
  const portable = (p: string) => (isAbsolute(p) ? relative(base, p).split(sep).join('/') || '.' : p);
  const briefs = mapPaths(manifest.briefs, portable);
  const sorted = Object.fromEntries(Object.entries(briefs).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify({ ...manifest, briefs: sorted }, null, 1)}\n`);
}

/** Every path in the entries (keys, inputs, outputs) mapped through `f`. */
function mapPaths(briefs: Record<string, ManifestEntry>, f: (path: string) => string): Record<string, ManifestEntry> {
  const out: Record<string, ManifestEntry> = {};
  for (const [key, entry] of Object.entries(briefs)) {
    out[f(key)] = {
      ...entry,
      inputs: Object.fromEntries(Object.entries(entry.inputs).map(([p, h]) => [f(p), h])),
      outputs: Object.fromEntries(Object.entries(entry.outputs).map(([k, v]) => [k, v && f(v)])),
    };
  }
  return out;
}

/** The manifest entry of the brief at `path` when it can be skipped (same context, same input bytes, outputs present), else undefined. */
export function freshEntry(manifest: Manifest, path: string, context: string, seen?: Map<string, string>): ManifestEntry | undefined {
  const entry = manifest.briefs[resolve(path)];
  if (!entry || entry.context !== context) return undefined;
  const outputs = Object.values(entry.outputs);
  if (!outputs.length || !outputs.every((o) => o && existsSync(o))) return undefined;
  // `seen`: hashes already taken in this run (one stat per shared file, not one per brief).
  const hashOf = (input: string) => seen?.get(input) ?? seen?.set(input, hashFile(input)).get(input) ?? hashFile(input);
  for (const [input, hash] of Object.entries(entry.inputs)) if (hashOf(input) !== hash) return undefined;
  return entry;
}

/** Hash a set of input files for the manifest. */
export function hashInputs(files: Iterable<string>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const f of [...new Set(files)].sort()) inputs[f] = hashFile(f);
  return inputs;
}

/** Forget cached hashes of files that changed (watch mode). */
export function forgetHashes(paths?: Iterable<string>): void {
  if (!paths) hashes.clear();
  else for (const p of paths) hashes.delete(p);
}

/**
 * Every file a brief's outputs depend on, besides the pipeline: the Markdown,
 * its bibliographies, local images and other files it links to, the
 * template's files (layouts, CSS, fonts.css, strings), the bundled fonts, the
 * CSL style and locales, and the config file.
 */
export function briefInputs(parts: {
  markdown: string;
  briefDir: string;
  bibliographies: string[];
  /** URLs found in the brief (images, links): local ones are inputs. */
  urls: string[];
  templateFiles: string[];
  fonts: string[];
  style: string | undefined;
  cwd: string;
}): string[] {
  const local = parts.urls
    .filter((u) => u && !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('#') && !u.startsWith('//'))
    .map((u) => {
      try {
        return resolve(parts.briefDir, decodeURIComponent(u.replace(/[?#].*$/, '')));
      } catch {
        return resolve(parts.briefDir, u);
      }
    });
  return [
    resolve(parts.markdown),
    ...parts.bibliographies,
    ...local,
    ...parts.templateFiles,
    ...parts.fonts,
    ...(parts.style ? [parts.style] : []),
    ...walk(join(PROJECT_ROOT, 'templates', 'csl', 'locales')),
    join(parts.cwd, CONFIG_FILE),
  ];
}
