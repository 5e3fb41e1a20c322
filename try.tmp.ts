import { readFileSync, readdirSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { VFile } from 'vfile';
import remarkCitations from './scripts/plugins/remark-citations.ts';
import remarkClaimCheck from './scripts/plugins/remark-claim-check.ts';
import { givesSource } from './scripts/plugins/claims/sources.ts';
import { visit } from 'unist-util-visit';
const [id, ...lines] = process.argv.slice(2);
const dir = `test/corpus/real/${id}/`;
const f = readdirSync(dir).find((n) => /\.(md|qmd|Rmd)$/.test(n) && n !== 'SOURCE.md')!;
const md = readFileSync(dir + f, 'utf8');
const p = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCitations).use(remarkClaimCheck);
const file = new VFile({ value: md });
const tree = p.parse(file);
await p.run(tree, file);
for (const l of lines.map(Number)) {
  console.log(l, md.split('\n')[l - 1]?.slice(0, 200));
  for (const m of file.messages) if (m.line === l) console.log('   ', m.ruleId, m.reason);
  visit(tree, 'footnoteDefinition', (d: any) => { if (d.position.start.line === l) console.log('   note gives source:', givesSource(d)); });
  visit(tree, 'heading', (h: any) => { if (h.position.start.line < l) (globalThis as any).lastH = md.split('\n')[h.position.start.line - 1]; });
  console.log('   under heading', (globalThis as any).lastH);
}
