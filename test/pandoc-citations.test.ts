/**
 * Conformance with pandoc's citation syntax, measured on pandoc's own inputs.
 *
 * test/fixtures/pandoc-citations/cases.json holds inputs taken from jgm/pandoc
 * (MANUAL.txt's "Citation syntax", test/markdown-citations.txt,
 * test/Tests/Readers/Markdown.hs, changelog.md and test/command/*.md; see
 * inputs.json for the commit and the README there for the licence) with
 * pandoc's answer for each: every citation's cluster, key, mode, prefix,
 * locator label and value, and suffix. `tsx scripts/pandoc-citation-fixtures.ts
 * answer` regenerates the answers with the installed pandoc (2.17 here).
 *
 * Where pandoc 2.17 and current pandoc (its MANUAL, changelog and test files
 * at the commit the inputs come from) differ, current pandoc's answer is used:
 * current-pandoc.json lists those cases with their evidence.
 *
 * Compared modulo pandoc's `smart` typography (`--` → `–`, curly quotes) and
 * citeproc's rendering of hyphens in locators as en dashes; an empty locator is
 * no locator (pandoc 2.17 gives `{}` a `page` label with nothing in it, current
 * pandoc gives none: both print nothing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VFile } from 'vfile';
import type { FootnoteDefinition, Nodes } from 'mdast';
import { parse } from '../scripts/stages/parse.ts';
import type { Citation } from '../scripts/lib/types.ts';
import type { Case, PandocCitation } from '../scripts/pandoc-citation-fixtures.ts';
import { ROOT } from './helpers.ts';

const { cases } = JSON.parse(readFileSync(`${ROOT}/test/fixtures/pandoc-citations/cases.json`, 'utf8')) as { cases: Case[] };
/** Where pandoc 2.17 and current pandoc differ: current pandoc's answer, with its evidence (we follow current pandoc). */
const CURRENT = JSON.parse(readFileSync(`${ROOT}/test/fixtures/pandoc-citations/current-pandoc.json`, 'utf8')) as Record<string, { reason: string; citations: PandocCitation[] }>;

/**
 * Cases where briefpress and pandoc 2.17 differ on purpose, each with its reason.
 * A case listed here that agrees fails the test, so the list stays true.
 */
const KNOWN: Record<string, string> = {
  c035: 'dialect: GFM has no implicit header references; pandoc reads `@cita [Header]` as a link to the heading, briefpress as a locator-less suffix',
  c044: 'dialect: an `@` in link text is never a citation in briefpress (a citation link inside a link); pandoc cites inside link text',
  c047: 'dialect: as c044, `[@a](url)` is a link',
  c070: 'dialect: pandoc example lists are not supported; pandoc reads a paragraph `@item1.` as an example list item',
  c102: 'dialect: pandoc example lists (`(@foo)`) are not supported',
  c104: 'dialect: pandoc example lists (`(@a) one`) are not supported',
  c133: 'dialect: pandoc example lists (`(@a) First case`) are not supported',
  c109: 'pandoc quirk: its citeproc drops the space between the comma and a formula when it renders the suffix (`,a^2+b^2=c^2`); the suffix is `, a^2+b^2=c^2` in its AST',
};

/** The en-US locale's long singular term for each CSL locator label (pandoc's probe prints those). */
const LONG_TERM: Record<string, string> = Object.fromEntries(
  [...readFileSync(`${ROOT}/templates/csl/locales/locales-en-US.xml`, 'utf8').matchAll(/<term name="([^"]+)">\s*<single>([^<]*)<\/single>/g)].map(
    (m) => [m[1]!, m[2]!],
  ),
);

const plain = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const smart = (s: string) =>
  plain(s)
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/\.\.\./g, '…')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

function normal(c: PandocCitation): string {
  const locator = smart(c.locator).replace(/-/g, '–');
  return JSON.stringify({
    cluster: c.cluster,
    key: c.key,
    mode: c.mode,
    prefix: smart(c.prefix),
    label: locator ? c.label : '',
    locator,
    suffix: smart(c.suffix),
  });
}

/** briefpress's citations of a case, in pandoc's order (a note's citations where the note is referenced). */
async function ours(markdown: string): Promise<PandocCitation[]> {
  const file = new VFile({ path: 'case.md', value: markdown });
  const { tree } = await parse(file);
  const definitions = new Map<string, FootnoteDefinition>();
  for (const node of tree.children) if (node.type === 'footnoteDefinition') definitions.set(node.identifier, node);
  const found: Citation[] = [];
  const seen = new Set<string>();
  const walk = (node: Nodes, fromReference = false) => {
    if (node.type === 'citation') found.push(node);
    if (node.type === 'footnoteReference' && !seen.has(node.identifier)) {
      seen.add(node.identifier);
      const def = definitions.get(node.identifier);
      if (def) walk(def, true);
    }
    if (node.type === 'footnoteDefinition' && !fromReference) return;
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return found.flatMap((cite, cluster) =>
    cite.items.map((item, i): PandocCitation => ({
      cluster,
      key: item.key,
      mode: item.suppressAuthor ? 'SuppressAuthor' : cite.mode === 'narrative' && i === 0 ? 'AuthorInText' : 'NormalCitation',
      prefix: item.prefix,
      label: item.label ? (LONG_TERM[item.label] ?? item.label) : '',
      locator: item.locator ?? '',
      suffix: item.suffix,
    })),
  );
}

test('pandoc citation conformance: at least 97% of pandoc\'s own inputs parse as pandoc parses them', async () => {
  assert.ok(cases.length >= 250, `${cases.length} cases`);
  const disagree: Array<{ id: string; source: string; markdown: string; pandoc: string[]; briefpress: string[] }> = [];
  let agree217 = 0;
  for (const c of cases) {
    const pandoc = (CURRENT[c.id]?.citations ?? c.citations).map(normal);
    const briefpress = (await ours(c.markdown)).map(normal);
    if (JSON.stringify(c.citations.map(normal)) === JSON.stringify(briefpress)) agree217++;
    if (JSON.stringify(pandoc) !== JSON.stringify(briefpress)) disagree.push({ id: c.id, source: c.source, markdown: c.markdown, pandoc, briefpress });
  }
  const agree = cases.length - disagree.length;
  const rate = agree / cases.length;
  const pct = (n: number) => ((n / cases.length) * 100).toFixed(1);
  console.log(`pandoc citation conformance: ${agree}/${cases.length} = ${pct(agree)}% agree completely with current pandoc (${agree217} = ${pct(agree217)}% with pandoc 2.17's own answers)`);
  const unexplained = disagree.filter((d) => !(d.id in KNOWN));
  if (process.env.SHOW_DISAGREEMENTS) for (const d of disagree) console.log(JSON.stringify(d, null, 1));
  assert.deepEqual(
    unexplained.map((d) => `${d.id} (${d.source}): ${JSON.stringify(d.markdown)}`),
    [],
    'every disagreement with pandoc is listed in KNOWN with its reason (SHOW_DISAGREEMENTS=1 shows them)',
  );
  const stale = Object.keys(KNOWN).filter((id) => !disagree.some((d) => d.id === id));
  assert.deepEqual(stale, [], 'cases listed as disagreeing now agree: remove them from KNOWN');
  assert.ok(rate >= 0.97, `${(rate * 100).toFixed(1)}% < 97%`);
});
