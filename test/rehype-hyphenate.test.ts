import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeHyphenate from '../scripts/plugins/rehype-hyphenate.ts';
import { html } from './plugin-helpers.ts';

const SHY = '\u00AD';

test('running text gets soft hyphens in the brief\'s language; headings, code, URLs and other languages do not', () => {
  const md = '## Internationalisation\n\nInternationalisation and `internationalisation`, [https://example.com/internationalisation](https://example.com/internationalisation), <span lang="fr">internationalisation</span>.';
  const out = html(md, { rehype: [[rehypeHyphenate, { lang: 'en-GB' }]] });
  const [heading, paragraph] = out.split('\n');
  assert.ok(!heading!.includes(SHY), heading);
  assert.match(paragraph!, new RegExp(`^<p>In${SHY}?ter${SHY}`));
  assert.match(paragraph!, /<code>internationalisation<\/code>/);
  assert.match(paragraph!, />https:\/\/example\.com\/internationalisation<\/a>/);
  assert.match(paragraph!, /<span lang="fr">internationalisation<\/span>/);
});

test('a language without patterns is left as it is', () => {
  assert.equal(html('Internationalisation', { rehype: [[rehypeHyphenate, { lang: 'x-none' }]] }), '<p>Internationalisation</p>');
});

test('no soft hyphen inside an f-ligature (ff, fi, fl, ft…): the ligature glyph would lose its text in pdf.js', () => {
  const out = html('The effective, sufficient and reaffirmed office', { rehype: [[rehypeHyphenate, { lang: 'en-GB' }]] });
  assert.doesNotMatch(out, /f\u00AD[bfhijklt]/, JSON.stringify(out));
  // The words keep their other break points.
  assert.match(out, new RegExp(`effect${SHY}ive`));
});
