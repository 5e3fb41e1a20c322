import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { Root } from 'hast';
import rehypeResources from '../scripts/plugins/rehype-resources.ts';
import { html } from './plugin-helpers.ts';
import { tempDir } from './helpers.ts';
import { PNG } from './fixtures.ts';

const dir = tempDir();
writeFileSync(join(dir, 'a b.png'), PNG);
const MD = '![One](a%20b.png) ![Two](<a b.png>) ![Gone](missing.png) [out](../x.md) [web](<https://example.com/a b>)';

test('render: images kept are recorded in file.data.images with their real path; bad images and links go', () => {
  const file = new VFile();
  const out = html(MD, { rehype: [[rehypeResources, { briefDir: dir }]] }, file);
  assert.equal(out, '<p><img src="a%20b.png" alt="One"> <img src="a%20b.png" alt="Two">  out <a href="https://example.com/a%20b">web</a></p>');
  const images = file.data.images ?? [];
  assert.deepEqual(images.map((i) => [i.printSrc, i.path, i.node.properties.alt, i.node.position?.start.column]), [
    ['a%20b.png', realpathSync(join(dir, 'a b.png')), 'One', 1],
    ['a%20b.png', realpathSync(join(dir, 'a b.png')), 'Two', 19],
  ]);
  assert.equal(file.messages.length, 0);
});

test('check: problems are reported at their position, the tree and file.data are left alone', () => {
  const file = new VFile();
  const out = html(MD, { rehype: [[rehypeResources, { briefDir: dir, report: true }]] }, file);
  assert.match(out, /missing\.png/);
  assert.deepEqual(file.messages.map((m) => [m.ruleId, m.column]), [['missing-image', 37], ['broken-link', 58]]);
  assert.equal(file.data.images, undefined);
  // A second run starts afresh.
  const again = new VFile();
  const empty: Root = { type: 'root', children: [] };
  unified().use(rehypeResources, { briefDir: dir }).runSync(empty, again);
  assert.deepEqual(again.data.images, []);
});
