import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeEpubLang, { rtlLanguage } from '../scripts/plugins/rehype-epub-lang.ts';
import rehypeIsolateRtl from '../scripts/plugins/rehype-isolate-rtl.ts';
import { html } from './plugin-helpers.ts';

test('the script of a right-to-left run tells Arabic, Persian, Urdu and Hebrew apart', () => {
  assert.equal(rtlLanguage('الإعلان العالمي لحقوق الإنسان'), 'ar');
  assert.equal(rtlLanguage('اعلامیه جهانی حقوق بشر'), 'fa');
  assert.equal(rtlLanguage('۱۹۴۸'), 'fa');
  assert.equal(rtlLanguage('٢١٧'), 'ar');
  assert.equal(rtlLanguage('پاکستان کی قومی زبان اردو ہے'), 'ur');
  assert.equal(rtlLanguage('מגילת העצמאות'), 'he');
  assert.equal(rtlLanguage('Latin only'), undefined);
});

test('in a left-to-right brief, each isolated right-to-left run gets lang and xml:lang', () => {
  const out = html('The title is الإعلان العالمي and in Persian اعلامیه جهانی.', { rehype: [[rehypeIsolateRtl, { direction: 'ltr' }], [rehypeEpubLang, { lang: 'en' }]] });
  assert.equal(
    out,
    '<p>The title is <bdi dir="rtl" lang="ar" xml:lang="ar">الإعلان العالمي</bdi> and in Persian <bdi dir="rtl" lang="fa" xml:lang="fa">اعلامیه جهانی</bdi>.</p>',
  );
});

test('a run inside an element with its own language, and a right-to-left brief, are left as they are', () => {
  const out = html('<span lang="fa">متن <bdi dir="rtl">فارسی</bdi></span> <span lang="fr">texte</span>', { rehype: [[rehypeEpubLang, { lang: 'en' }]] });
  assert.equal(out, '<p><span lang="fa" xml:lang="fa">متن <bdi dir="rtl">فارسی</bdi></span> <span lang="fr" xml:lang="fr">texte</span></p>');
  assert.equal(html('<bdi dir="rtl">فارسی</bdi>', { rehype: [[rehypeEpubLang, { lang: 'fa-IR' }]] }), '<p><bdi dir="rtl">فارسی</bdi></p>');
});
