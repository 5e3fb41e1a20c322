/**
 * What a brief may point at: images and links are resolved from the Markdown
 * file's folder and must stay inside it (after symbolic links). Shared by the
 * check (which reports) and render (which rewrites or unwraps).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { realPathInside } from './inside.ts';
import { imageSize } from 'image-size';
import { RULES, type RuleId } from './rules.ts';

/** Image formats that both Chromium and EPUB readers display. */
export const IMAGE_TYPES = new Set(['png', 'jpg', 'gif', 'svg', 'webp']);
/** Beyond these an e-reader may choke: warn. */
export const MAX_IMAGE_SIDE = 2000;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Beyond this an image is refused outright. */
export const HARD_MAX_IMAGE_BYTES = 32 * 1024 * 1024;

export interface Problem {
  ok: false;
  reason: string;
  ruleId: RuleId;
}

export type ImageCheck =
  | { ok: true; path: string; type: string; width?: number; height?: number; bytes: number; warnings: string[] }
  | Problem;

const problem = (reason: string, ruleId: RuleId): Problem => ({ ok: false, reason, ruleId });
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const FIX = 'download it next to the brief and use a relative path';
/** What an SVG may not carry: scripts, event handlers, references to anything outside itself. */
const ACTIVE_SVG = /<script|<foreignObject|\son[a-z]+\s*=|(?:href|src)\s*=\s*["']?\s*(?!#|data:image\/)[a-z]*[^"'\s>#]|url\(\s*["']?\s*(?!#)[^)\s]|@import/i;

/** Where a path relative to the brief lands, or a problem if it leaves the brief's folder. */
export function localTarget(path: string, briefDir: string, what: string): { path: string } | Problem {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/[?#].*$/s, ''));
  } catch {
    return problem(`${what} \`${path}\` is not a valid path (a stray \`%\`?)`, RULES.invalidLink);
  }
  if (decoded === '') return problem(`${what} has an empty path`, RULES.invalidLink);
  if (isAbsolute(decoded)) return problem(`${what} \`${path}\` is an absolute path: use a path relative to the brief's folder`, RULES.unsafeContent);
  const target = resolve(briefDir, decoded);
  const rel = relative(briefDir, target);
  if (rel.startsWith('..') || isAbsolute(rel)) return problem(`${what} \`${path}\` points outside the brief's folder: copy the file next to the brief`, RULES.unsafeContent);
  const real = realPathInside(briefDir, target);
  if (real === undefined) return { path: target };
  if (real === 'outside') {
    return problem(`${what} \`${path}\` is a link to a file outside the brief's folder: copy the file next to the brief`, RULES.unsafeContent);
  }
  return { path: real };
}

/** Check an image source as written in the brief. */
export function checkImage(src: string, briefDir: string): ImageCheck {
  const url = src.trim();
  if (url === '') return problem('Image has no source', RULES.missingImage);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https' || url.startsWith('//')) {
    return problem(`Remote image \`${url}\` is not fetched: ${FIX}`, RULES.remoteImage);
  }
  if (scheme === 'file') return problem(`Image \`${url}\` is a file: URL on your disk: copy it next to the brief and use a relative path`, RULES.unsafeContent);
  if (scheme === 'data') return problem('Image is embedded as a `data:` URL: save it as a file next to the brief and use a relative path', RULES.missingImage);
  if (scheme) return problem(`Image \`${url}\` uses \`${scheme}:\`, which is not supported: use a relative path`, RULES.missingImage);
  const target = localTarget(url, briefDir, 'Image');
  if ('ok' in target) return { ...target, ruleId: target.ruleId === RULES.invalidLink ? RULES.missingImage : target.ruleId };
  let bytes: number;
  try {
    const info = statSync(target.path);
    if (!info.isFile()) return problem(`Image \`${url}\` is not a file`, RULES.missingImage);
    bytes = info.size;
  } catch {
    return problem(`Image \`${url}\` not found (paths are relative to the brief's folder)`, RULES.missingImage);
  }
  if (bytes > HARD_MAX_IMAGE_BYTES) return problem(`Image \`${url}\` is larger than ${HARD_MAX_IMAGE_BYTES / 1048576} MB: reduce it`, RULES.missingImage);
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(readFileSync(target.path));
  } catch {
    return problem(`Image \`${url}\` is corrupt or not an image`, RULES.missingImage);
  }
  const type = size.type ?? 'unknown';
  if (type === 'svg' && ACTIVE_SVG.test(readFileSync(target.path, 'utf8'))) {
    return problem(`SVG image \`${url}\` contains scripts or refers to other files or the network: save it without them (or as PNG)`, RULES.unsafeContent);
  }
  if (!IMAGE_TYPES.has(type)) return problem(`Image \`${url}\` is ${type.toUpperCase()}, which is not supported: use PNG, JPEG, GIF, SVG or WebP`, RULES.missingImage);
  const warnings: string[] = [];
  if (type !== 'svg' && (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE)) {
    warnings.push(`Image \`${url}\` is ${size.width}×${size.height} px: the EPUB gets a copy scaled to fit e-readers; the PDF keeps the original`);
  }
  if (bytes > MAX_IMAGE_BYTES) warnings.push(`Image \`${url}\` is ${(bytes / 1048576).toFixed(1)} MB: the EPUB gets a re-encoded copy for e-readers; consider compressing it`);
  return { ok: true, path: target.path, type, width: size.width, height: size.height, bytes, warnings };
}

export type LinkCheck =
  | { ok: true; kind: 'web' | 'mail' | 'fragment' | 'local'; href: string }
  | Problem;

/**
 * Check a link target. Errors: a local file that does not exist or lies outside
 * the brief's folder, a `file:` URL. Warnings: anything else that is not a valid
 * URL (a `#fragment` no id matches, a malformed web address, `[@key]`…).
 */
export function checkLink(href: string, context: { briefDir: string; ids: Set<string> }): LinkCheck {
  const raw = href.trim();
  if (raw.startsWith('#')) {
    let id: string;
    try {
      id = decodeURIComponent(raw.slice(1));
    } catch {
      id = raw.slice(1);
    }
    if (context.ids.has(id)) return { ok: true, kind: 'fragment', href: `#${encodeURI(id).replace(/#/g, '%23')}` };
    return problem(`Link \`${raw}\` matches no heading, footnote or reference in this brief`, RULES.invalidLink);
  }
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(raw);
      if (!url.hostname || /\s/.test(raw.replace(/%20/g, ''))) throw new Error('spaces');
      return { ok: true, kind: 'web', href: url.href };
    } catch {
      return problem(`Link \`${raw}\` is not a valid web address`, RULES.invalidLink);
    }
  }
  if (scheme === 'mailto' || scheme === 'tel') return { ok: true, kind: 'mail', href: encodeURI(safeDecode(raw)) };
  if (scheme === 'file') return problem(`Link \`${raw}\` is a file: URL on your disk: readers cannot follow it`, RULES.brokenLink);
  if (scheme) return problem(`Link \`${raw}\` uses \`${scheme}:\`, which is not allowed`, RULES.invalidLink);
  if (raw === '') return problem('Link has no target', RULES.invalidLink);
  const decoded = safeDecode(raw);
  // `/en/lessons/x` in a document written for a web site: nothing is read, so
  // it is no escape, only a link the outputs cannot honour (printed as text).
  if (raw.startsWith('/')) {
    return problem(`Link \`${decoded}\` is a path on a web site, not a file beside the brief: it is printed as text (write the full https:// address to keep it a link)`, RULES.invalidLink);
  }
  const target = localTarget(raw, context.briefDir, 'Link');
  const looksWrong = /[\s[\]<>]|^@/.test(decoded);
  if ('ok' in target) return { ...target, ruleId: looksWrong || target.ruleId === RULES.invalidLink ? RULES.invalidLink : RULES.brokenLink };
  try {
    statSync(target.path);
    return { ok: true, kind: 'local', href: raw };
  } catch {
    if (looksWrong) return problem(`Link \`${decoded}\` is neither a URL nor a file: a citation in a link, or an unescaped space?`, RULES.invalidLink);
    return problem(`Link \`${decoded}\` points to a file that does not exist in the brief's folder`, RULES.brokenLink);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
