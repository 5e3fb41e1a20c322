import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import type { Heading } from 'mdast';
import remarkShiftHeadings from '../scripts/plugins/remark-shift-headings.ts';
import { markdown } from './plugin-helpers.ts';

const depths = (md: string) => {
  const tree = markdown(md);
  unified().use(remarkShiftHeadings).runSync(tree);
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => h.depth);
};

test('a brief written with # headings is shifted under the title', () => {
  assert.deepEqual(depths('# One\n\n## Two\n\n###### Six\n\n# Three'), [2, 3, 6, 2]);
});

test('a brief whose sections are ## is left alone', () => {
  assert.deepEqual(depths('## One\n\n### Two'), [2, 3]);
});
