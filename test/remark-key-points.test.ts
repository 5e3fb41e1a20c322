import { test } from 'node:test';
import assert from 'node:assert/strict';
import remarkKeyPoints from '../scripts/plugins/remark-key-points.ts';
import { html } from './plugin-helpers.ts';

test('a [!key-points] quote becomes an aside with a localised title', () => {
  assert.equal(
    html('> [!key-points]\n> First point.\n> Second point.', { remark: [[remarkKeyPoints, { title: 'النقاط الرئيسية' }]] }),
    '<aside class="key-points" role="note" aria-label="النقاط الرئيسية">\n<p class="key-points-title">النقاط الرئيسية</p>\n<p>First point.\nSecond point.</p>\n</aside>',
  );
  // The marker alone, any case, with a space.
  assert.match(html('> [!KEY POINTS]\n\n> Quote.', { remark: [[remarkKeyPoints, { title: 'Key points' }]] }), /^<aside[^>]*>\n<p class="key-points-title">Key points<\/p>\n<\/aside>\n<blockquote>/);
});

test('an ordinary quote stays a quote', () => {
  assert.equal(html('> Just a [!note].', { remark: [[remarkKeyPoints, { title: 'Key points' }]] }), '<blockquote>\n<p>Just a [!note].</p>\n</blockquote>');
});
