import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeAlignAsStyle from '../scripts/plugins/rehype-align-as-style.ts';
import { html } from './plugin-helpers.ts';

test('GFM column alignment becomes a text-align style', () => {
  const out = html('| a | b | c |\n|:--|:-:|---|\n| 1 | 2 | 3 |', { rehype: [rehypeAlignAsStyle] });
  assert.match(out, /<th style="text-align: left">a<\/th>\s*<th style="text-align: center">b<\/th>\s*<th>c<\/th>/);
  assert.match(out, /<td style="text-align: left">1<\/td>/);
  assert.doesNotMatch(out, /align=/);
});
