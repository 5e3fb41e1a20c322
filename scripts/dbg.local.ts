import { VFile } from 'vfile';
import { parse } from './stages/parse.ts';
const md = process.argv[2]!;
const { tree } = await parse(new VFile({ path: 'x.md', value: md }));
console.log(JSON.stringify(tree.children, (k, v) => (k === 'position' ? undefined : v), 1));
