/**
 * The bundled fonts: `templates/fonts.css` names files that @fontsource
 * packages ship. What they cover is read from the files' own character maps
 * (with fontkit), within each face's `unicode-range`, so a character that no
 * bundled face can print is known before Chromium falls back to a system font.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as Fontkit from 'fontkit';
import { cached } from './disk-cache.ts';

const require = createRequire(import.meta.url);

/**
 * fontkit, loaded on first use: with its brotli decoder it takes about 70 ms
 * to load, and a run whose font coverage is cached (or that prints no draft
 * mark) never needs it.
 */
export function fontkit(): typeof Fontkit {
  return require('fontkit') as typeof Fontkit;
}
const PACKAGES = ['source-serif-4', 'source-sans-3', 'source-code-pro', 'noto-naskh-arabic', 'noto-sans-math', 'noto-sans-symbols-2'];

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

/** The bundled families, as fonts.css names them. */
export function familiesIn(css: string): string[] {
  return [...new Set([...css.matchAll(/font-family:\s*'([^']+)'/g)].map((m) => m[1]!))];
}

/** `U+0600-06FF,U+200C` as [start, end] pairs. */
function parseRanges(range: string): Array<[number, number]> {
  return range.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(a!, 16);
    return [start, b ? parseInt(b, 16) : start] as [number, number];
  });
}

/**
 * The stylesheet without the `@font-face` rules whose `unicode-range` holds
 * none of `text`'s characters: an e-book embeds only the faces it uses (the
 * math and symbol faces are large, and most briefs have neither).
 */
export function facesUsedBy(css: string, text: string): string {
  const used = new Set<number>();
  for (const char of text) used.add(char.codePointAt(0)!);
  return css.replace(/@font-face\s*{([^}]*)}\s*/g, (rule, body: string) => {
    const ranges = parseRanges(/unicode-range:\s*([^;]+);/.exec(body)?.[1] ?? 'U+0-10FFFF');
    for (const cp of used) if (ranges.some(([a, b]) => cp >= a && cp <= b)) return rule;
    return '';
  });
}

const coverageOf = new Map<string, Set<number>>();

/**
 * Every code point some bundled face in `css` prints: for each `@font-face`,
 * the characters of its file's cmap that fall in its `unicode-range`.
 */
export function coverage(css: string): Set<number> {
  let covered = coverageOf.get(css);
  if (covered) return covered;
  // Kept on disk when the build asks (lib/disk-cache.ts): decoding the WOFF2
  // files costs about a second a run; the key holds the font packages' versions.
  covered = new Set<number>();
  for (const [a, b] of cached('fonts', { css }, () => asRanges(readCoverage(css)))) for (let cp = a; cp <= b; cp++) covered.add(cp);
  coverageOf.set(css, covered);
  return covered;
}

function readCoverage(css: string): Set<number> {
  const covered = new Set<number>();
  for (const face of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = face[1]!;
    const file = /url\(['"]?fonts\/([^'")]+)['"]?\)/.exec(body)?.[1];
    if (!file) continue;
    const ranges = parseRanges(/unicode-range:\s*([^;]+);/.exec(body)?.[1] ?? 'U+0-10FFFF');
    const font = fontkit().create(readFileSync(fontFile(file))) as Fontkit.Font;
    for (const cp of font.characterSet) if (ranges.some(([a, b]) => cp >= a && cp <= b)) covered.add(cp);
  }
  return covered;
}

/** Code points as sorted [first, last] runs, the compact form kept on disk. */
function asRanges(points: Set<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const cp of [...points].sort((x, y) => x - y)) {
    const last = runs.at(-1);
    if (last && cp === last[1] + 1) last[1] = cp;
    else runs.push([cp, cp]);
  }
  return runs;
}
