import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeIsolateRtl from '../scripts/plugins/rehype-isolate-rtl.ts';
import { html } from './plugin-helpers.ts';

// The sentence of test/fixtures/briefs/mixed.md (Daesh's slogan, "remaining and expanding").
const MIXED = "The group's slogan was باقية وتتمدد and it appeared on every banner.";

test('in a left-to-right brief each right-to-left run is isolated, spaces and digits inside it included', () => {
  assert.equal(
    html(MIXED, { rehype: [[rehypeIsolateRtl, { direction: 'ltr' }]] }),
    '<p>The group\'s slogan was <bdi dir="rtl">باقية وتتمدد</bdi> and it appeared on every banner.</p>',
  );
  assert.equal(
    html('Issue ٣ of *النبأ* (2024) and ۱۴۰۲ خورشیدی.', { rehype: [[rehypeIsolateRtl, { direction: 'ltr' }]] }),
    '<p>Issue <bdi dir="rtl">٣</bdi> of <em><bdi dir="rtl">النبأ</bdi></em> (2024) and <bdi dir="rtl">۱۴۰۲ خورشیدی</bdi>.</p>',
  );
});

test('text already inside an element with dir, a right-to-left brief, and plain English are left alone', () => {
  assert.equal(html('<span dir="rtl">نص عربي</span>', { rehype: [[rehypeIsolateRtl, { direction: 'ltr' }]] }), '<p><span dir="rtl">نص عربي</span></p>');
  assert.equal(html('نص عربي with English', { rehype: [[rehypeIsolateRtl, { direction: 'rtl' }]] }), '<p>نص عربي with English</p>');
  assert.equal(html('Plain text.', { rehype: [[rehypeIsolateRtl, { direction: 'ltr' }]] }), '<p>Plain text.</p>');
});
