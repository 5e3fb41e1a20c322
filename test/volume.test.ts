/** The pieces of a collection's volume that need no browser: ids, merged references, the volume's HTML, YAML positions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h } from 'hastscript';
import type { Root } from 'hast';
import * as v from 'valibot';
import YAML from 'yaml';
import { prefixIds } from '../scripts/lib/prefix-ids.ts';
import { FrontMatter } from '../scripts/lib/meta.ts';
import { loadTemplate } from '../scripts/lib/template.ts';
import { nodePlace } from '../scripts/lib/yaml-position.ts';
import { toHtml } from '../scripts/lib/html.ts';
import { volumePrintHtml, type BriefPart } from '../scripts/stages/volume.ts';
import { mergeReferences } from '../scripts/stages/volume-references.ts';

test('prefixIds: ids and everything that points at one', () => {
  const tree: Root = { type: 'root', children: [
    h('h2#intro', 'Intro'),
    h('a', { href: '#intro', ariaDescribedBy: 'footnote-label' }, 'x'),
    h('a', { href: 'https://example.com/#top' }, 'y'),
    h('span.toc-page', { dataFor: 'intro' }),
    h('td', { headers: 'a b' }),
  ] };
  prefixIds(tree, 'w--');
  assert.equal(toHtml(tree), '<h2 id="w--intro">Intro</h2><a href="#w--intro" aria-describedby="w--footnote-label">x</a><a href="https://example.com/#top">y</a><span class="toc-page" data-for="w--intro"></span><td headers="w--a w--b"></td>');
});

const entry = (id: string, text: string) => h('div.csl-entry', { id, role: 'listitem' }, text);
const part = (slug: string, entries: ReturnType<typeof entry>[]): BriefPart => ({
  slug, dir: '/x', title: `Brief ${slug}`, authors: ['A. Author'], lang: 'en', direction: 'ltr', sections: [], outline: [],
  print: { type: 'root', children: [
    h('p', [h('a', { href: `#${slug}--ref-${slug}` }, 'cite')]),
    h('h2.references-title', 'References'),
    h('div.references.csl-bib-body', { role: 'list' }, entries),
  ] },
});

test('mergeReferences: one list, an entry two briefs share once, sorted, citations relinked', () => {
  const a = part('a', [entry('a--ref-a', 'Zeta, Z. 2001. Last.'), entry('a--ref-shared', 'Ostrom, Elinor. 1990. Governing the Commons.')]);
  const b = part('b', [entry('b--ref-b', 'Alpha, A. 2020. First.'), entry('b--ref-shared', 'Ostrom, Elinor. 1990. Governing the Commons.')]);
  const merged = mergeReferences([a, b], { title: 'References', lang: 'en' });
  const html = toHtml(merged.print);
  assert.deepEqual([...html.matchAll(/id="(volume--[^"]+)"/g)].map((m) => m[1]), ['volume--references', 'volume--ref-b', 'volume--ref-shared', 'volume--ref-a']);
  for (const p of merged.parts) {
    const text = toHtml(p.print);
    assert.doesNotMatch(text, /references-title|csl-entry/, 'no References left in the brief');
    assert.match(text, new RegExp(`href="#volume--ref-${p.slug}"`));
  }
  assert.equal(merged.epub.ids.get('b\0ref-shared'), 'volume--ref-shared');
});

test('volumePrintHtml: cover with editors, contents with a line per brief, a named page per brief under its title', () => {
  const template = loadTemplate('brief', { paper: 'A4' })!;
  const meta = v.parse(FrontMatter, { title: 'Quarterly', author: ['E. Ditor'], classification: 'OFFICIAL' });
  const html = volumePrintHtml([part('a', []), part('b', [])], { meta, direction: 'ltr', template, dir: '/x' });
  assert.match(html, /<p class="authors">Edited by E\. Ditor<\/p>/);
  assert.match(html, /<span class="toc-page" data-for="a--title"><\/span>/);
  assert.match(html, /<article class="volume-brief" lang="en" dir="ltr" style="page: brief-2" aria-labelledby="b--title">/);
  // Classified: the marking keeps the centre, the brief's title goes to the side.
  assert.match(html, /@page brief-1 \{ @top-left \{ content: "Brief a"; \} \}/);
});

test('nodePlace: a key, a list item, and the deepest that exists', () => {
  const text = 'title: X\nbriefs:\n  - a.md\n  - b.md\ncover:\n  image: c.png\n';
  const doc = YAML.parseDocument(text);
  assert.deepEqual(nodePlace(doc, text, ['briefs', 1]), { line: 4, column: 5 });
  assert.deepEqual(nodePlace(doc, text, ['cover', 'image']), { line: 6, column: 3 });
  assert.deepEqual(nodePlace(doc, text, ['cover', 'alt']), { line: 5, column: 1 });
  assert.equal(nodePlace(doc, text, ['nothing']), undefined);
});
