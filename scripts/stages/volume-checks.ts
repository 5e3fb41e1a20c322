/**
 * Stage 4d, a brief's build-only checks in a collection. Built alone, a brief's
 * PDF is read back (stages/verify.ts) and two of its findings are placed on
 * the Markdown: a heading that skips a level (`heading-order`) and a figure
 * without alternate text (`missing-alt`: Chromium leaves such an image out of
 * the structure tree). A volume's PDF is read back as a whole, where neither
 * can be traced to a brief's line, so each brief gets them here from its own
 * tree, with the messages its own build would give. This mirrors the tree
 * side of verify.ts: same conditions (the title is the only h1; a figure is
 * an image alone in its paragraph), same rule ids and wording.
 */
import type { Image, Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { RULES, SOURCE } from '../lib/rules.ts';

export function checkAsBuiltAlone(tree: Root, file: VFile): void {
  let last = 1;
  visit(tree, 'heading', (h) => {
    if (h.depth > last + 1) {
      file.message(`PDF/UA: heading level ${h.depth} follows level ${last}, skipping a level (in the PDF and the EPUB): screen readers navigate by heading levels`, {
        place: h.position,
        ruleId: RULES.headingOrder,
        source: SOURCE,
      });
    }
    last = h.depth;
  });
  visit(tree, 'paragraph', (p) => {
    const kids = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
    const image = kids.length === 1 && kids[0]!.type === 'image' ? (kids[0] as Image) : undefined;
    if (!image || image.alt?.trim()) return;
    file.message(`PDF/UA: figure \`${image.url}\` has no alternate text in the PDF: describe what it shows in the brackets, \`![description](${image.url})\``, {
      place: image.position,
      ruleId: RULES.missingAlt,
      source: SOURCE,
    });
  });
}
