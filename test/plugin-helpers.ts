/** Small trees for the plugin unit tests: Markdown to mdast, mdast to hast, hast to HTML. */
import { unified, type PluggableList } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root as MdastRoot } from 'mdast';
import type { Root as HastRoot } from 'hast';
import { toHtml } from '../scripts/lib/html.ts';
import { VFile } from 'vfile';
import { toHast } from '../scripts/plugins/to-hast.ts';

export function markdown(md: string): MdastRoot {
  return unified().use(remarkParse).use(remarkGfm).parse(md);
}

/** Run remark plugins over Markdown, convert with the shared processor, run rehype plugins: the HTML. */
export function html(md: string, plugins: { remark?: PluggableList; rehype?: PluggableList } = {}, file = new VFile()): string {
  const tree = markdown(md);
  unified().use(plugins.remark ?? []).runSync(tree, file);
  const hast: HastRoot = toHast({ report: false }).runSync(tree, file);
  unified().use(plugins.rehype ?? []).runSync(hast, file);
  return toHtml(hast);
}
