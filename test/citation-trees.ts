/** Citation trees for the citation plugins' unit tests: a parsed brief and the fixture bibliography. */
import { join } from 'node:path';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { parse } from '../scripts/stages/parse.ts';
import { mergeBibliographies, readBibliography, type Bibliography } from '../scripts/lib/bibliography.ts';
import { readStyle, resolveStyle } from '../scripts/lib/csl.ts';
import { ROOT } from './helpers.ts';

const BIB = join(ROOT, 'test', 'fixtures', 'briefs', 'refs.bib');

export async function citationTree(body: string): Promise<{ tree: Root; file: VFile; bibliography: Bibliography }> {
  const file = new VFile({ path: join(ROOT, 'test', 'fixtures', 'briefs', 'unit.md'), value: `---\ntitle: T\n---\n\n${body}\n` });
  const { tree } = await parse(file);
  const bibliography = mergeBibliographies([await readBibliography(BIB, 'refs.bib')], [BIB]);
  return { tree, file, bibliography };
}

export function style(name: string): string {
  return readStyle(resolveStyle(name, ROOT)!);
}
