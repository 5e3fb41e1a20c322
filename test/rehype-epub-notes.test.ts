import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unified } from 'unified';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import rehypeEpubNotes from '../scripts/plugins/rehype-epub-notes.ts';
import { toHtml } from '../scripts/lib/html.ts';
import { toHast } from '../scripts/plugins/to-hast.ts';
import { markdown } from './plugin-helpers.ts';

/**
 * Markdown to hast as render does; the notes section taken out as
 * stages/epub.ts does; the rest split at h2 into chapters as the EPUB is, each
 * chapter's links pointing into the notes file; the plugin run on each.
 */
function chapters(md: string, notesFile = 'section-09.xhtml'): string[] {
  const tree: Root = toHast({ report: false, backToText: 'Back to reference' }).runSync(markdown(md), new VFile());
  const notes = new Map<string, Element>();
  const split: Root[] = [{ type: 'root', children: [] }];
  for (const node of tree.children) {
    if (node.type === 'element' && node.properties.dataFootnotes !== undefined) {
      visit(node, 'element', (li: Element) => {
        if (li.tagName === 'li') notes.set(`${notesFile}#${String(li.properties.id)}`, li);
      });
      continue;
    }
    if (node.type === 'element' && node.tagName === 'h2') split.push({ type: 'root', children: [] });
    split.at(-1)!.children.push(node);
  }
  return split.map((chapter, i) => {
    visit(chapter, 'element', (a: Element) => {
      const href = a.properties.href;
      if (a.tagName === 'a' && typeof href === 'string' && href.startsWith('#user-content-fn-') && notesFile !== `chapter-${i}.xhtml`) a.properties.href = `${notesFile}${href}`;
    });
    unified().use(rehypeEpubNotes, { notes, file: `chapter-${i}.xhtml` }).runSync(chapter);
    return toHtml(chapter).trim();
  });
}

const chapter = (md: string) => chapters(md)[0]!;

test('a reference becomes a noteref to a footnote aside in the same file, which starts with its number as a back-link', () => {
  const html = chapter('Text.[^a]\n\n[^a]: The note.\n');
  assert.equal(
    html,
    '<p>Text.<sup><a href="#user-content-fn-a" id="user-content-fnref-a" data-footnote-ref="" epub:type="noteref" role="doc-noteref">1</a></sup></p>\n' +
      '<section class="footnotes" epub:type="footnotes"><aside id="user-content-fn-a" class="footnote" role="doc-footnote" epub:type="footnote">\n' +
      '<p><a href="#user-content-fnref-a" role="doc-backlink" class="note-number" aria-label="Back to reference 1">1</a> The note.</p>\n' +
      '</aside></section>',
  );
});

test('notes follow the order of their first reference; a note cited twice keeps a back-link to its second reference', () => {
  const html = chapter('One.[^b] Two.[^a] Again.[^b]\n\n[^a]: Note a.\n[^b]: Note b.\n');
  const ids = [...html.matchAll(/<aside id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['user-content-fn-b', 'user-content-fn-a']);
  assert.match(html, /<a href="#user-content-fnref-b" role="doc-backlink" class="note-number"[^>]*>1<\/a> Note b\. <a href="#user-content-fnref-b-2" [^>]*role="doc-backlink">↩<sup>2<\/sup><\/a><\/p>/);
  assert.equal([...html.matchAll(/epub:type="noteref"/g)].length, 3);
});

test('a note cited from two chapters is in both, each with a back-link to its own reference only', () => {
  const [, first, second] = chapters('## One\n\nHere.[^a]\n\n## Two\n\nThere.[^a]\n\n[^a]: Shared.\n');
  for (const [html, ref] of [[first!, 'user-content-fnref-a'], [second!, 'user-content-fnref-a-2']] as const) {
    assert.match(html, new RegExp(`<a href="#user-content-fn-a" id="${ref}" [^>]*epub:type="noteref"`));
    assert.match(html, new RegExp(`<aside id="user-content-fn-a" [^>]*>\\n<p><a href="#${ref}" role="doc-backlink" class="note-number"[^>]*>1</a> Shared\\.</p>\\n</aside>`));
  }
});

test('a chapter that cites no note gets no notes section', () => {
  assert.equal(chapter('No notes here.\n\n## Two\n\nA note.[^a]\n\n[^a]: Elsewhere.\n'), '<p>No notes here.</p>');
});

test('a note cited inside a note is put after it, in the same chapter, its reference a noteref too', () => {
  const html = chapter('Text.[^outer]\n\n[^outer]: Outer.[^inner]\n[^inner]: Inner.\n');
  assert.deepEqual([...html.matchAll(/<aside id="([^"]+)"/g)].map((m) => m[1]), ['user-content-fn-outer', 'user-content-fn-inner']);
  assert.match(html, /Outer\.<sup><a href="#user-content-fn-inner" id="user-content-fnref-inner" data-footnote-ref="" epub:type="noteref" role="doc-noteref">2<\/a><\/sup><\/p>/);
});

test('a note of several blocks keeps them; the number goes in its first paragraph', () => {
  const html = chapter('Text.[^a]\n\n[^a]: First.\n\n    Second.\n\n    - item\n');
  assert.match(html, /<p><a [^>]*class="note-number"[^>]*>1<\/a> First\.<\/p>\n<p>Second\.<\/p>\n<ul>\n<li>item<\/li>\n<\/ul>/);
});

test('a note that opens with a list gets its number in a paragraph of its own', () => {
  const html = chapter('Text.[^a]\n\n[^a]:\n    - item\n');
  assert.match(html, /<aside [^>]*><p><a [^>]*class="note-number"[^>]*>1<\/a><\/p>/);
});

test('notes that were in the same file (a collection keeps each brief in one file) link as #id', () => {
  const html = chapters('Text.[^a]\n\n[^a]: The note.\n', 'chapter-0.xhtml')[0]!;
  assert.match(html, /<a href="#user-content-fn-a" id="user-content-fnref-a" [^>]*epub:type="noteref"/);
  assert.match(html, /<aside id="user-content-fn-a" [^>]*epub:type="footnote">\n<p><a href="#user-content-fnref-a" role="doc-backlink"/);
});
