/**
 * Does content keep the Markdown's order in the outputs of real documents?
 * `tsx scripts/eval-order.ts [--json] [--corpus DIR] [--keep DIR] [ids...]`
 *
 * Every corpus document (test/corpus/real, or DIR) that passes its checks is
 * built (two at a time, on one browser, each into its own folder); then, in the text of its PDF
 * (pdftotext) and of its EPUB (the spine's XHTML in order), each top-level
 * heading and the first words of each top-level paragraph and list item must
 * be found after the one before. Notes and references are left out (they are
 * moved to the end on purpose), and so are code, tables and HTML.
 *
 * Matching ignores case, spacing, punctuation and hyphenation (letters and
 * digits only), so line breaks and soft hyphens in the PDF do not matter; an
 * item that cannot be found at all (a citation or math in its first words) is
 * counted apart from one found only before its predecessor (out of order).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import { buildRun, checkBrief } from './build.ts';
import { PagePool, mapLimit } from './lib/pool.ts';
import { loadConfig } from './lib/config.ts';
import { applySeverity } from './lib/severity.ts';
import { CORPUS, corpusDocuments } from './eval-real.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORDS = 8;
/** Letters apart beyond which a match past the next item is taken for a repeat, not a swap. */
const FAR = 2000;

export interface OrderItem {
  kind: 'heading' | 'paragraph';
  line: number;
  text: string;
}

export interface OrderResult {
  /** Items found after their predecessor, out of all items. */
  inOrder: number;
  items: number;
  outOfOrder: OrderItem[];
  notFound: OrderItem[];
}

/** Letters and digits only, lower-cased: what is compared. */
export function squash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function leadText(children: PhrasingContent[]): string {
  let out = '';
  for (const node of children) {
    if (node.type === 'text' || node.type === 'inlineCode') out += node.value;
    else if (node.type === 'emphasis' || node.type === 'strong' || node.type === 'delete' || node.type === 'link' || node.type === 'linkReference') out += leadText(node.children);
    else if (node.type === 'break') out += ' ';
    else break; // a citation, note marker, image or HTML: rendered differently, stop here
  }
  return out;
}

/** The headings, paragraphs and list items of a document's body, in order. */
export function orderItems(tree: Root): OrderItem[] {
  const items: OrderItem[] = [];
  const add = (kind: OrderItem['kind'], node: RootContent, children: PhrasingContent[]) => {
    const words = leadText(children).trim().split(/\s+/).filter(Boolean).slice(0, kind === 'heading' ? 12 : WORDS);
    if (words.length >= (kind === 'heading' ? 1 : 3)) items.push({ kind, line: node.position?.start.line ?? 0, text: words.join(' ') });
  };
  const walk = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === 'heading') add('heading', node, node.children);
      else if (node.type === 'paragraph') add('paragraph', node, node.children);
      else if (node.type === 'list') for (const item of node.children) walk(item.children.slice(0, 1));
      else if (node.type === 'blockquote') walk(node.children);
    }
  };
  walk(tree.children);
  return items;
}

/** Find each item after the previous one in `text`. */
export function checkOrder(items: OrderItem[], text: string): OrderResult {
  const haystack = squash(text);
  let cursor = 0;
  const result: OrderResult = { inOrder: 0, items: items.length, outOfOrder: [], notFound: [] };
  for (const [i, item] of items.entries()) {
    const needle = squash(item.text);
    if (!needle) continue;
    const at = haystack.indexOf(needle, cursor);
    // Found only far beyond the next item (a repeat in the notes, say, while
    // its own occurrence was rendered differently): count it as not found
    // rather than let it drag every later item out of order. A swap of
    // neighbours (the next item close before it) is still reported.
    const next = items[i + 1] ? haystack.indexOf(squash(items[i + 1]!.text), cursor) : -1;
    if (at !== -1 && next !== -1 && at - next > FAR) result.notFound.push(item);
    else if (at !== -1) {
      result.inOrder++;
      cursor = at + needle.length;
    } else if (haystack.includes(needle)) result.outOfOrder.push(item);
    else result.notFound.push(item);
  }
  return result;
}

/** The text of an EPUB's spine documents, in reading order. */
export async function epubText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const container = (await zip.file('META-INF/container.xml')?.async('string')) ?? '';
  const opfPath = /full-path="([^"]+)"/.exec(container)?.[1] ?? 'OEBPS/content.opf';
  const opf = (await zip.file(opfPath)?.async('string')) ?? '';
  const manifest = new Map([...opf.matchAll(/<item\b[^>]*>/g)].map((m) => [/\bid="([^"]+)"/.exec(m[0])?.[1] ?? '', /\bhref="([^"]+)"/.exec(m[0])?.[1] ?? '']));
  const spine = [...opf.matchAll(/<itemref\b[^>]*idref="([^"]+)"/g)].map((m) => manifest.get(m[1]!) ?? '');
  const parts: string[] = [];
  for (const href of spine) {
    const xhtml = (await zip.file(posix.join(posix.dirname(opfPath), decodeURIComponent(href)))?.async('string')) ?? '';
    parts.push(xhtml.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' '));
  }
  return parts.join('\n');
}

export interface DocOrder {
  id: string;
  built: boolean;
  reason?: string;
  pdf?: OrderResult;
  epub?: OrderResult;
}

/**
 * Build every corpus document that passes its checks (two at a time on one
 * browser) and compare the order of its headings and paragraphs in the PDF's
 * and the EPUB's text with the Markdown's. Blocked and failed ones say why.
 */
export async function corpusOrder(options: { corpus?: string; ids?: string[]; keep?: string } = {}): Promise<DocOrder[]> {
  const { config } = loadConfig(ROOT);
  const docs = corpusDocuments(options.corpus ?? CORPUS).filter((d) => !options.ids?.length || options.ids.includes(d.id));
  const results: DocOrder[] = [];
  const ready: Array<{ id: string; path: string; tree: Root }> = [];
  for (const d of docs) {
    const checked = await checkBrief(d.path, { config, cwd: ROOT });
    applySeverity(checked.files);
    const errors = checked.files.flatMap((f) => f.messages.filter((m) => m.fatal));
    if (errors.length || !checked.meta) results.push({ id: d.id, built: false, reason: `blocked: ${[...new Set(errors.map((e) => e.ruleId))].join(', ')}` });
    else ready.push({ id: d.id, path: d.path, tree: checked.tree });
  }
  const out = options.keep ?? mkdtempSync(join(tmpdir(), 'briefpress-order-'));
  // One browser, two documents at a time, each into a folder of its own
  // (documents of different folders may share a file name, hence a slug).
  const pool = new PagePool(2);
  try {
    const built = await mapLimit(ready, 2, async (doc) => {
      const run = await buildRun([doc.path], { config, outDir: join(out, doc.id), cwd: ROOT, jobs: 1, force: true, pool });
      const r = run.results[0]!;
      if (!r.ok || !r.outputs.pdf || !r.outputs.epub) {
        return { id: doc.id, built: false, reason: `build failed: ${r.files.flatMap((f) => f.messages.map((m) => m.reason)).slice(0, 2).join('; ')}` };
      }
      const items = orderItems(doc.tree);
      const pdfText = execFileSync('pdftotext', [r.outputs.pdf, '-'], { encoding: 'utf8' }).replaceAll('\u00AD', '');
      return { id: doc.id, built: true, pdf: checkOrder(items, pdfText), epub: checkOrder(items, await epubText(r.outputs.epub)) };
    });
    results.push(...built);
  } finally {
    await pool.close();
    if (!options.keep) rmSync(out, { recursive: true, force: true });
  }
  return results.sort((a, b) => a.id.localeCompare(b.id));
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const ids = args.filter((a, i) => !a.startsWith('--') && !['--corpus', '--keep'].includes(args[i - 1] ?? ''));
  const corpus = valueOf('--corpus');
  const keep = valueOf('--keep');
  const results = await corpusOrder({ ids, ...(corpus ? { corpus } : {}), ...(keep ? { keep } : {}) });
  if (json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const built = results.filter((r) => r.built);
  console.log(`Built ${built.length} of ${results.length} documents (the others are blocked by errors; see npm run eval:real).`);
  for (const r of results) {
    if (!r.built) {
      console.log(`  ${r.id.padEnd(34)} ${r.reason}`);
      continue;
    }
    const line = (name: string, o: OrderResult) => `${name} ${o.inOrder}/${o.items} in order, ${o.outOfOrder.length} out of order, ${o.notFound.length} not found`;
    console.log(`  ${r.id.padEnd(34)} ${line('PDF', r.pdf!)}; ${line('EPUB', r.epub!)}`);
    for (const item of [...r.pdf!.outOfOrder.map((x) => ['PDF', x] as const), ...r.epub!.outOfOrder.map((x) => ['EPUB', x] as const)].slice(0, 6)) {
      console.log(`      out of order in ${item[0]}: line ${item[1].line} ${item[1].kind} "${item[1].text}"`);
    }
  }
  const out_ = built.reduce((n, r) => n + r.pdf!.outOfOrder.length + r.epub!.outOfOrder.length, 0);
  console.log(`Out of order over the built documents: ${out_} (PDF and EPUB together).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
