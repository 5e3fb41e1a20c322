/** The bundled fonts: `templates/fonts.css` names files that @fontsource packages ship. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGES = ['source-serif-4', 'source-sans-3', 'noto-naskh-arabic'];

/** Absolute path of a font file named in fonts.css (`source-serif-4-latin-400-normal.woff2`). */
export function fontFile(name: string): string {
  const pkg = PACKAGES.find((p) => name.startsWith(`${p}-`));
  if (!pkg || !/^[\w.-]+\.woff2$/.test(name)) throw new Error(`Not a bundled font: ${name}`);
  return join(dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', name);
}

/** Font files that a stylesheet refers to as `fonts/NAME`. */
export function fontsIn(css: string): string[] {
  return [...new Set([...css.matchAll(/url\(['"]?fonts\/([^'")]+)['"]?\)/g)].map((m) => m[1]!))];
}
