/** Small files the hardening tests write into temporary brief folders. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

/** A valid 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
/** A valid 1×1 lossless WebP. */
export const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
/** A 1×1 BMP (a real image, but not a supported format). */
export const BMP = Buffer.from('Qk06AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAA////AA==', 'base64');
export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#c00"/></svg>';

/** Copy the sample bibliography into `dir` as refs.bib. */
export function sampleBib(dir: string): void {
  copyFileSync(join(ROOT, 'content', 'kerman-attack.bib'), join(dir, 'refs.bib'));
}

/** Front matter for a test brief (every entry listed, so no unused-reference warnings). */
export function front(title: string, extra = ''): string {
  return `---\ntitle: ${title}\nbibliography: refs.bib\nnocite: ["@*"]\n${extra}---\n\n`;
}

export function write(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
}

/**
 * Render a brief written to a fresh folder (with `files` beside it) through
 * load, parse and render, without a browser: its print body and its words
 * (soft hyphens and the bidi marks of isolates removed).
 */
export async function renderBrief(md: string, files: Record<string, string>) {
  const { loadBrief, loadBibliography } = await import('../scripts/stages/load.ts');
  const { parse } = await import('../scripts/stages/parse.ts');
  const { render } = await import('../scripts/stages/render.ts');
  const { loadTemplate } = await import('../scripts/lib/template.ts');
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'brief.md'), md);
  const brief = await loadBrief(join(dir, 'brief.md'), dir);
  const { tree, meta } = await parse(brief.file);
  if (!meta) throw new Error(String(brief.file.messages));
  const bibliography = await loadBibliography(brief, meta, tree);
  const rendered = render({ tree, meta, file: brief.file, briefDir: dir, bibliography, template: loadTemplate('brief', { paper: 'A4' })! });
  const body = rendered.printHtml.slice(rendered.printHtml.indexOf('<main>')).replaceAll('\u00AD', '');
  const text = body.replace(/<[^>]+>/g, '').replace(/[\u200E\u200F]/g, '').replace(/\s+/g, ' ');
  return { rendered, body, text, file: brief.file };
}
