/**
 * remark plugin for the check stage: every character that no bundled face
 * prints is reported where it stands, as a `missing-glyph` warning naming the
 * character and its code point. Without it Chromium would print the character
 * in whatever system font the machine has (DejaVu on Debian), and the PDF
 * would look different, and embed other fonts, from machine to machine.
 * Coverage comes from the fonts' own character maps (lib/fonts.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { coverage } from '../lib/fonts.ts';
import { TEMPLATES_DIR } from '../lib/paths.ts';
import { RULES, SOURCE } from '../lib/rules.ts';

export interface Options {
  /** The @font-face rules of the bundled fonts; default templates/fonts.css. */
  fontsCss?: string;
}

/**
 * Characters that print no glyph of their own: controls, spaces and the
 * invisible formatting characters (joiners, direction marks, soft hyphen,
 * variation selectors), which Chromium never takes from another font.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{Mn}\uFE00-\uFE0F]/u;

const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

export default function remarkGlyphCheck(options: Options = {}) {
  const css = options.fontsCss ?? readFileSync(join(TEMPLATES_DIR, 'fonts.css'), 'utf8');
  return function transform(tree: Root, file: VFile) {
    const covered = coverage(css);
    visit(tree, (node) => {
      // Comments are never printed; front matter is checked field by field by the printed title.
      if (node.type === 'html' && /^\s*<!--/.test(node.value)) return;
      if (!('value' in node) || typeof node.value !== 'string' || !node.position) return;
      const start = node.position.start;
      // Only text written as-is keeps its columns; elsewhere the node's start is the best place.
      const exact = node.type === 'text' && node.position.end.offset! - start.offset! === node.value.length;
      const seen = new Set<number>();
      let line = start.line;
      let column = start.column;
      for (const char of node.value) {
        const cp = char.codePointAt(0)!;
        if (char === '\n') {
          line++;
          column = 1;
          seen.clear();
          continue;
        }
        if (!covered.has(cp) && !INVISIBLE.test(char) && !seen.has(cp)) {
          seen.add(cp);
          const place = exact ? { line, column } : start;
          file.message(`Character “${char}” (${codePoint(cp)}) is in no bundled font: it would print in whatever font the machine has`, {
            place,
            ruleId: RULES.missingGlyph,
            source: SOURCE,
          });
        }
        column += char.length;
      }
    });
  };
}
