import { test } from 'node:test';
import assert from 'node:assert/strict';
import rehypeSectionRoles from '../scripts/plugins/rehype-section-roles.ts';
import { html } from './plugin-helpers.ts';

test('the notes section is marked as endnotes and the References heading gets its class', () => {
  const out = html('## Bibliography\n\nText.[^1]\n\n[^1]: A note.', { rehype: [[rehypeSectionRoles, { referencesTitle: 'Bibliography' }]] });
  assert.match(out, /<h2 id="bibliography" class="references-title">Bibliography<\/h2>/);
  assert.match(out, /<section data-footnotes="" class="footnotes" role="doc-endnotes" epub:type="endnotes">/);
});
