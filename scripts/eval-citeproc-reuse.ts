/**
 * `npm run eval:citeproc-reuse [-- ids...]`: does a render that takes work
 * from the one before (lib/csl-reuse.ts: a kept bibliography, an engine primed
 * in the idle time after a rebuild) give what a wholly fresh render gives? On the
 * sample, the manuscript and every real document of test/corpus/real, in the
 * document's own style, a notes style, APA and Harvard, it replays a seeded
 * series of edits as an editor makes them (a source cited again, a locator,
 * ibid., a note added before, a prefix, a citation removed, a new source) and
 * after each one compares the citations, narrative authors and bibliography
 * rendered that way (priming after each render, as watch mode does) with a
 * fresh render's, byte for byte. Prints the counts (how many renders could
 * reuse work) and the time each way; exits 1 on any difference. A measuring
 * script: it prints freely.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { visit } from 'unist-util-visit';
import { checkBrief } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { readStyle, renderCitations, resolveStyle, type Cluster } from './lib/csl.ts';
import { primeCitationEngines, withFreshCiteproc } from './lib/csl-reuse.ts';
import { useDiskCache } from './lib/disk-cache.ts';
import { PROJECT_ROOT } from './lib/paths.ts';
import type { CitationItem } from './lib/types.ts';
import type { CslItem } from './lib/bibliography.ts';
import { corpusDocuments } from './eval-real.ts';

const EDITS = Number(process.env.EDITS ?? 20);
const only = process.argv.slice(2);
const documents = [
  join(PROJECT_ROOT, 'content', 'kerman-attack.md'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'manuscript', 'kwl-burials.md'),
  ...corpusDocuments().map((d) => d.path),
].filter((path) => only.length === 0 || only.some((id) => path.includes(id)));

interface Input {
  styleXml: string;
  lang: string;
  items: Map<string, CslItem>;
  clusters: Cluster[];
  uncited: string[];
}

/** A small seeded generator, so that a difference can be replayed. */
function random(seed: number): () => number {
  let x = seed || 1;
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const KINDS = ['cited again at the end', 'cited again inside', 'removed', 'locator', 'ibid.', 'note added before', 'prefix and suffix', 'narrative', 'item added to a cluster', 'new source'] as const;

/** One edit of a document's citations; most keep the sources cited, as most edits of a brief do. */
function edit(input: Input, pick: () => number): string {
  const { clusters } = input;
  const at = (n: number) => Math.floor(pick() * n);
  const cited = [...new Set(clusters.flatMap((c) => c.items.map((i) => i.key)))];
  const all = [...input.items.keys()];
  const item = (keys: string[]): CitationItem => ({ key: keys[at(keys.length)]!, prefix: '', suffix: '', suppressAuthor: false, position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, ...(pick() < 0.3 ? { locator: String(1 + at(300)), label: 'page' } : {}) });
  const kind = at(KINDS.length);
  const i = at(clusters.length);
  const here = clusters[i];
  const noteIndex = here?.noteIndex ?? 1;
  if (kind === 0 || !here) clusters.push({ items: [item(cited.length ? cited : all)], mode: 'normal', noteIndex: (clusters.at(-1)?.noteIndex ?? 0) + 1 });
  else if (kind === 1) clusters.splice(i + 1, 0, { items: [item(cited)], mode: 'normal', noteIndex });
  else if (kind === 2) clusters.splice(i, 1);
  else if (kind === 3) clusters[i] = { ...here, items: here.items.map((c) => ({ ...c, locator: String(1 + at(300)), label: 'page' })) };
  else if (kind === 4) clusters.splice(i + 1, 0, { ...here, items: [...here.items] });
  else if (kind === 5) for (const c of clusters.slice(i)) c.noteIndex += 1;
  else if (kind === 6) clusters[i] = { ...here, items: here.items.map((c, n) => (n === 0 ? { ...c, prefix: 'see', suffix: ', for one' } : c)) };
  else if (kind === 7) clusters[i] = { ...here, mode: here.mode === 'narrative' ? 'normal' : 'narrative' };
  else if (kind === 8) clusters[i] = { ...here, items: [...here.items, item(cited)] };
  else clusters.push({ items: [item(all)], mode: 'normal', noteIndex: (clusters.at(-1)?.noteIndex ?? 0) + 1 });
  for (let n = 1; n < clusters.length; n++) clusters[n]!.noteIndex = Math.max(clusters[n]!.noteIndex, clusters[n - 1]!.noteIndex);
  return KINDS[kind]!;
}

async function inputOf(path: string): Promise<Input | undefined> {
  const { config } = loadConfig(PROJECT_ROOT);
  const checked = await checkBrief(path, { config, cwd: PROJECT_ROOT });
  if (!checked.meta || !checked.bibliography || !checked.setup) return undefined;
  const clusters: Cluster[] = [];
  let note = 0;
  visit(checked.tree, (node) => {
    if (node.type === 'citation') clusters.push({ items: node.items, mode: node.mode, noteIndex: ++note });
  });
  if (clusters.length === 0) return undefined;
  const items = new Map([...checked.bibliography.byKey].map(([key, entry]) => [key, entry.item]));
  return { styleXml: readStyle(checked.setup.stylePath), lang: checked.meta.lang, items, clusters, uncited: (checked.meta.nocite ?? []).map((k) => k.replace(/^@/, '')) };
}

/** The sources cited in order of first citation, and those listed uncited: what a bibliography and a primed engine are kept for. */
const registered = (input: Input) => JSON.stringify([[...new Set(input.clusters.flatMap((c) => c.items.map((i) => i.key).filter((k) => input.items.has(k))))], input.uncited]);

const styles = ['own', 'chicago-note-bibliography', 'apa', 'harvard-cite-them-right'] as const;
let [compared, reused, differ, keptMs, freshMs] = [0, 0, 0, 0, 0];
const failures: string[] = [];
for (const path of documents) {
  const original = await inputOf(path);
  useDiskCache(undefined); // checkBrief sets the project's cache: every render here must run citeproc
  if (!original || original.items.size === 0) continue;
  for (const style of styles) {
    const styleXml = style === 'own' ? original.styleXml : readStyle(resolveStyle(style, PROJECT_ROOT)!);
    const input: Input = { ...original, styleXml, clusters: structuredClone(original.clusters) };
    const pick = random(compared + 11);
    renderCitations(input);
    primeCitationEngines();
    const done: string[] = [];
    for (let e = 0; e < EDITS; e++) {
      const before = registered(input);
      done.push(edit(input, pick));
      if (registered(input) === before) reused++;
      const t0 = performance.now();
      const kept = renderCitations(input);
      const t1 = performance.now();
      const fresh = withFreshCiteproc(() => renderCitations(input));
      keptMs += t1 - t0;
      freshMs += performance.now() - t1;
      primeCitationEngines(); // the idle time after a rebuild
      compared++;
      if (!isDeepStrictEqual(kept, fresh)) {
        differ++;
        failures.push(`${path.slice(PROJECT_ROOT.length + 1)} (${style}) after ${done.join(', ')}`);
        kept.clusters.forEach((c, n) => c !== fresh.clusters[n] && console.log(`  cluster ${n}: kept  ${c}\n              fresh ${fresh.clusters[n]}`));
        kept.entries.forEach((c, n) => !isDeepStrictEqual(c, fresh.entries[n]) && console.log(`  entry ${n}: kept  ${c.html}\n            fresh ${fresh.entries[n]?.html}`));
        break;
      }
    }
  }
}
console.log(`${compared} edits compared on ${documents.length} documents × ${styles.length} styles (${reused} citing the same sources in the same order): ${differ} differ`);
console.log(`render after an edit: ${Math.round(keptMs)} ms in all with work reused (priming not counted), ${Math.round(freshMs)} ms without`);
for (const f of failures) console.log(`  differs: ${f}`);
process.exitCode = differ ? 1 : 0;
