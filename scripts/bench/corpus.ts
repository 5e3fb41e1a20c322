/** The bench's synthetic corpus: briefs of realistic size citing generated bibliographies. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths.ts';

/** A small deterministic PRNG (mulberry32) so the corpus is the same every run. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = 'analysis policy region security strategy network group state actors conflict border economy alliance pressure influence authority capacity reform militia diplomacy sanctions leadership movement agreement shift campaign evidence report council ministry support'.split(' ');
const SURNAMES = ['Hallaq', 'Byman', 'Lister', 'Gerges', 'Hegghammer', 'Zelin', 'Wehrey', 'Lynch', 'Vali', 'Nasr', 'Haykel', 'Bunzel', 'Hamid', 'Cole', 'Gause'];

export function makeBibliography(n: number, group: number): { bib: string; keys: string[] } {
  const r = rng(7 + group);
  const keys: string[] = [];
  let bib = '';
  for (let i = 0; i < n; i++) {
    const name = SURNAMES[i % SURNAMES.length]!;
    const year = 1995 + Math.floor(r() * 29);
    const key = `${name.toLowerCase()}${year}${String.fromCharCode(97 + (i % 26))}${group}`;
    keys.push(key);
    const title = Array.from({ length: 5 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    bib += i % 2
      ? `@book{${key},\n  author = {${name}, Alex},\n  title = {The ${title}},\n  publisher = {University Press},\n  location = {Oxford},\n  date = {${year}},\n}\n\n`
      : `@article{${key},\n  author = {${name}, Sam and Other, Jo},\n  title = {On ${title}},\n  journaltitle = {Journal of Regional Studies},\n  volume = {${1 + (i % 40)}},\n  number = {${1 + (i % 4)}},\n  pages = {${10 + i}--${30 + i}},\n  date = {${year}},\n}\n\n`;
  }
  return { bib, keys };
}

export function makeBrief(index: number, keys: string[], bibliography: string): string {
  const r = rng(1000 + index);
  const pick = () => keys[Math.floor(r() * keys.length)]!;
  const sentence = () => {
    const words = Array.from({ length: 12 + Math.floor(r() * 12) }, () => WORDS[Math.floor(r() * WORDS.length)]);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = (cite: boolean) =>
    `${Array.from({ length: 4 }, sentence).join(' ')}${cite ? ` ${sentence().slice(0, -1)} [@${pick()}, p. ${1 + Math.floor(r() * 300)}].` : ''} ${sentence().slice(0, -1)} [see @${pick()}; @${pick()}].`;
  let md = `---\ntitle: "Synthetic Brief ${index}: ${WORDS[index % WORDS.length]} and ${WORDS[(index * 7) % WORDS.length]}"\nauthor:\n  - Research Desk\ndate: 2024-02\nlang: en-US\ndescription: A synthetic brief for the benchmark.\nbibliography: ${bibliography}\nnocite: ["@*"]\n---\n\n`;
  md += `${paragraph(true)}\n\n`;
  let note = 0;
  for (let s = 1; s <= 6; s++) {
    md += `## Section ${s}: ${WORDS[(index + s) % WORDS.length]}\n\n`;
    for (let p = 0; p < 3; p++) {
      md += `${paragraph(p !== 1)}`;
      if (p === 2) md += `[^n${++note}]`;
      md += '\n\n';
    }
    if (s === 3) {
      md += '| Actor | Year | Events | Share |\n|:--|--:|--:|--:|\n';
      for (let row = 0; row < 6; row++) md += `| ${SURNAMES[row]} | ${2010 + row} | ${Math.floor(r() * 90)} | ${Math.floor(r() * 100)}% |\n`;
      md += `\nTable sources: @${pick()} and @${pick()}.\n\n`;
    }
  }
  md += '## References\n\n';
  for (let n = 1; n <= note; n++) md += `[^n${n}]: ${sentence().slice(0, -1)} [@${pick()}].\n\n`;
  return md;
}

export function makeCorpus(root: string, SMALL: number, LARGE: number): { sampleDir: string; small: string; large: string } {
  const sampleDir = join(root, 'sample');
  mkdirSync(sampleDir);
  copyFileSync(join(PROJECT_ROOT, 'content', 'kerman-attack.md'), join(sampleDir, 'kerman-attack.md'));
  copyFileSync(join(PROJECT_ROOT, 'content', 'kerman-attack.bib'), join(sampleDir, 'kerman-attack.bib'));
  // Four bibliographies of 25 entries (the sample has 6); each synthetic brief
  // cites one of them, so a bibliography is shared by a quarter of the corpus.
  const bibs = [0, 1, 2, 3].map((g) => makeBibliography(25, g));
  const folders: Record<number, string> = {};
  for (const n of [SMALL, LARGE]) {
    const dir = join(root, `batch-${n}`);
    mkdirSync(dir);
    copyFileSync(join(sampleDir, 'kerman-attack.md'), join(dir, 'kerman-attack.md'));
    copyFileSync(join(sampleDir, 'kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
    bibs.forEach(({ bib }, g) => writeFileSync(join(dir, `refs-${g}.bib`), bib));
    for (let i = 1; i < n; i++) writeFileSync(join(dir, `brief-${String(i).padStart(3, '0')}.md`), makeBrief(i, bibs[i % 4]!.keys, `refs-${i % 4}.bib`));
    folders[n] = dir;
  }
  return { sampleDir, small: folders[SMALL]!, large: folders[LARGE]! };
}
