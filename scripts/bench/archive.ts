/**
 * The archive row of the bench: a no-change rebuild of 2,000 briefs. Building
 * 2,000 briefs for real would take most of an hour here, so four of them (one
 * per bibliography) are built for real and the manifest is extended to the
 * rest the way a build would have recorded them: the same shared inputs, each
 * brief's own Markdown hash, its outputs (hard links to the four built).
 */
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadManifest, saveManifest } from '../lib/manifest.ts';
import { makeBibliography, makeBrief } from './corpus.ts';
import { median, must, type Run } from './process.ts';

interface Row {
  measure: string;
  value: string;
  against?: string;
  target?: string;
  met?: boolean;
}

export async function noChangeRow(root: string, n: number, cli: (args: string[], cwd: string) => Promise<Run>): Promise<Row> {
  const dir = join(root, `archive-${n}`);
  const out = join(root, `archive-${n}-out`);
  mkdirSync(dir);
  const bibs = [0, 1, 2, 3].map((g) => makeBibliography(25, g));
  bibs.forEach(({ bib }, g) => writeFileSync(join(dir, `refs-${g}.bib`), bib));
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `brief-${String(i).padStart(4, '0')}.md`;
    writeFileSync(join(dir, name), makeBrief(i, bibs[i % 4]!.keys, `refs-${i % 4}.bib`));
    names.push(name);
  }
  const built = names.slice(0, 4);
  must(await cli(['build', ...built.map((f) => join(dir, f)), '--out', out, '--quiet'], dir), 'building the archive seed');
  const manifest = loadManifest(out, dir);
  const keys = Object.keys(manifest.briefs);
  for (const [i, name] of names.entries()) {
    if (i < 4) continue;
    const seedName = built[i % 4]!;
    const seedKey = keys.find((k) => basename(k) === seedName);
    const seed = seedKey ? manifest.briefs[seedKey] : undefined;
    if (!seedKey || !seed) throw new Error(`the seed build did not record ${seedName}`);
    const key = seedKey.slice(0, -seedName.length) + name;
    const inputs = Object.fromEntries(Object.entries(seed.inputs).map(([k, h]) => (k === seedKey ? [key, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')] : [k, h])));
    const slug = name.replace(/\.md$/, '');
    const { pdf, epub } = seed.outputs;
    if (!pdf || !epub) throw new Error(`the seed build of ${seedName} wrote no PDF or EPUB`);
    const outputs = { pdf: pdf.replace(seedName.replace(/\.md$/, ''), slug), epub: epub.replace(seedName.replace(/\.md$/, ''), slug) };
    linkSync(join(out, basename(pdf)), join(out, `${slug}.pdf`));
    linkSync(join(out, basename(epub)), join(out, `${slug}.epub`));
    manifest.briefs[key] = { ...seed, inputs, outputs };
  }
  await saveManifest(out, manifest, dir);
  const times: number[] = [];
  let browser = false;
  for (let i = 0; i < 3; i++) {
    const r = must(await cli(['build', dir, '--out', out], dir), 'no-change rebuild of the archive');
    if (!new RegExp(`${n} up to date`).test(r.stderr)) throw new Error(`the archive was not all up to date:\n${r.stderr.slice(0, 2000)}`);
    browser ||= !/browser not started/.test(r.stderr);
    times.push(r.ms);
  }
  return {
    measure: `no-change rebuild of ${n} briefs (process start to exit, median of 3)`,
    value: `${Math.round(median(times))} ms`,
    against: browser ? 'a browser was started' : 'no browser started',
    target: '< 3 s, no browser',
    met: median(times) < 3000 && !browser,
  };
}
