/** Small files the hardening tests write into temporary brief folders. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

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
