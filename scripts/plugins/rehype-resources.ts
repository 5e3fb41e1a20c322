/**
 * rehype plugin: images and links of a brief (from Markdown or raw HTML).
 *
 * With `report` (the check stage) every image and link is checked and problems
 * are put on the file at the Markdown position: missing-image, remote-image,
 * unsafe-content (paths leaving the brief's folder), broken-link, image-alt,
 * large-image. Without it (render), the tree is made safe to print and pack:
 * broken links and links to local files are unwrapped to their text, good URLs
 * are written escaped, bad images are dropped, and each good image is recorded
 * in `file.data.images` (element, real path, print URL) so that the EPUB can be
 * given file:// URLs inside the brief's folder only and a blocked print request
 * can be placed at the Markdown line.
 */
import type { Root, Element, Parents } from 'hast';
import type { VFile } from 'vfile';
import { relative, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import { visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import { checkImage, checkLink, type Problem } from '../lib/resources.ts';
import { RULES, SOURCE } from '../lib/rules.ts';

export interface Options {
  briefDir: string;
  /** Ids that exist although they are not in this tree yet (e.g. `ref-<key>` of the References). */
  ids?: Iterable<string>;
  report?: boolean;
}

/** An image kept for the outputs. */
export interface KeptImage {
  /** The `<img>` in the rendered tree (its position is the Markdown's). */
  node: Element;
  /** Its real path, inside the brief's folder. */
  path: string;
  /** The `src` it was given for print, relative to the brief's folder. */
  printSrc: string;
}

declare module 'vfile' {
  interface DataMap {
    /** Set by rehype-resources in render: every image kept, in document order. */
    images: KeptImage[];
  }
}

export default function rehypeResources(options: Options) {
  const report = options.report ?? false;
  return function transform(tree: Root, file: VFile) {
    const ids = new Set(options.ids ?? []);
    const images: KeptImage[] = [];
    if (!report) file.data.images = images;
    visit(tree, 'element', (el: Element) => {
      if (typeof el.properties.id === 'string') ids.add(el.properties.id);
      if (typeof el.properties.name === 'string' && el.tagName === 'a') ids.add(el.properties.name);
    });
    const say = (p: Problem, node: Element) => {
      if (!report) return;
      file.message(p.reason, { place: node.position, ruleId: p.ruleId, source: SOURCE });
    };
    let realDir: string | undefined;
    visitParents(tree, 'element', (el: Element, ancestors: Parents[]) => {
      const parent = ancestors.at(-1);
      if (!parent) return;
      const index = parent.children.indexOf(el);
      if (el.tagName === 'img') {
        const src = typeof el.properties.src === 'string' ? el.properties.src : '';
        const result = checkImage(src, options.briefDir);
        if (!result.ok) {
          say(result, el);
          if (!report) {
            parent.children.splice(index, 1);
            return index;
          }
          return;
        }
        if (report) {
          for (const reason of result.warnings) file.message(reason, { place: el.position, ruleId: RULES.largeImage, source: SOURCE });
          const alt = el.properties.alt;
          if (typeof alt !== 'string' || alt.trim() === '') {
            file.message(`Image \`${src}\` has no alt text: describe it for readers who cannot see it (\`![description](${src})\`)`, { place: el.position, ruleId: RULES.imageAlt, source: SOURCE });
          }
          return;
        }
        realDir ??= realpathSync(options.briefDir);
        const printSrc = encodeURI(relative(realDir, result.path).split(sep).join('/'));
        el.properties.src = printSrc;
        images.push({ node: el, path: result.path, printSrc });
        return;
      }
      if (el.tagName === 'a' && el.properties.href !== undefined && el.properties.href !== null) {
        const href = String(el.properties.href);
        const result = checkLink(href, { briefDir: options.briefDir, ids });
        if (!result.ok) say(result, el);
        if (report) return;
        if (result.ok && result.kind !== 'local') {
          el.properties.href = result.href;
          return;
        }
        // Unwrap: keep the text, drop a target the outputs cannot honour.
        parent.children.splice(index, 1, ...el.children);
        return index;
      }
      return undefined;
    });
  };
}
