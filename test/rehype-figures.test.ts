import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeFigures from '../scripts/plugins/rehype-figures.ts';
import { html } from './plugin-helpers.ts';

test('an image alone in its paragraph becomes a figure captioned with its title, else its alt text', () => {
  assert.equal(html('![Alt](a.png "Title")', { rehype: [rehypeFigures] }), '<figure><img src="a.png" alt="Alt"><figcaption>Title</figcaption></figure>');
  assert.equal(html('![Alt](a.png)', { rehype: [rehypeFigures] }), '<figure><img src="a.png" alt="Alt"><figcaption>Alt</figcaption></figure>');
  assert.equal(html('![](a.png)', { rehype: [rehypeFigures] }), '<figure><img src="a.png" alt=""></figure>');
});

test('an image in running text stays inline', () => {
  assert.equal(html('See ![Alt](a.png) here.', { rehype: [rehypeFigures] }), '<p>See <img src="a.png" alt="Alt"> here.</p>');
});
