/**
 * EPUB notes as e-readers expect them (issue 15): one EPUB-only build of the
 * sample brief in a notes style, a brief with many notes in every place
 * (test/fixtures/notes) and a Persian brief in a notes style with an author's
 * note (test/fixtures/text-layer/fa.md), and an English brief with Arabic and
 * Persian runs and a note (test/fixtures/text-layer/inline.md). Every note
 * reference is an `epub:type="noteref"` link to an `aside epub:type="footnote"`
 * in the same file, with a back-link; the Arabic and Persian runs say their
 * language; epubcheck and DAISY Ace report nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';
import { ace, cli, epubcheck, requireTool, ROOT, SAMPLE, tempDir } from './helpers.ts';

const dir = tempDir();
const out = join(dir, 'out');
cpSync(join(ROOT, 'test/fixtures/notes'), join(dir, 'notes'), { recursive: true });
mkdirSync(join(dir, 'sample'));
copyFileSync(join(ROOT, 'content/kerman-attack.bib'), join(dir, 'sample', 'kerman-attack.bib'));
const notesStyle = (md: string) => md.replace(/^bibliography: (.*)$/m, 'bibliography: $1\ncsl: chicago-note-bibliography');
writeFileSync(join(dir, 'sample', 'sample-notes.md'), notesStyle(readFileSync(SAMPLE, 'utf8')));
mkdirSync(join(dir, 'rtl'));
copyFileSync(join(ROOT, 'test/fixtures/text-layer/refs.bib'), join(dir, 'rtl', 'refs.bib'));
writeFileSync(join(dir, 'rtl', 'fa-notes.md'), notesStyle(readFileSync(join(ROOT, 'test/fixtures/text-layer/fa.md'), 'utf8')));
copyFileSync(join(ROOT, 'test/fixtures/text-layer/inline.md'), join(dir, 'rtl', 'inline.md'));

/** How many note references each brief has: its footnote references, and in a notes style its citations outside notes. */
const REFERENCES = { 'notes': 12, 'sample-notes': 14, 'fa-notes': 5, 'inline': 5 } as const;
/**
 * Validators run once per file across the suite: e2e-citations runs epubcheck
 * on the sample in this notes style, e2e-text-layer both validators on inline.
 */
const VALIDATE = { 'notes': ['epubcheck', 'ace'], 'sample-notes': ['ace'], 'fa-notes': ['epubcheck', 'ace'], 'inline': [] } as const;
const NAMES = Object.keys(REFERENCES) as Array<keyof typeof REFERENCES>;
const built = cli(['build', 'notes/notes.md', 'sample/sample-notes.md', 'rtl/fa-notes.md', 'rtl/inline.md', '--out', out, '--formats', 'epub'], { cwd: dir });

/** The content documents of an EPUB, parsed, by file name. */
async function documents(name: string): Promise<Map<string, Root>> {
  const zip = await JSZip.loadAsync(readFileSync(join(out, `${name}.epub`)));
  const docs = new Map<string, Root>();
  for (const [path, entry] of Object.entries(zip.files)) {
    if (/section-\d+\.xhtml$/.test(path)) docs.set(path.replace(/^OEBPS\//, ''), fromHtml(await entry.async('string'), { space: 'html' }));
  }
  return docs;
}

const attr = (el: Element, name: string) => {
  const value = el.properties[name];
  return Array.isArray(value) ? value.join(' ') : value === undefined ? undefined : String(value);
};

test('the briefs build', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
});

for (const name of NAMES) {
  test(`${name}: every note reference is a noteref to a footnote aside in the same file, which links back to it`, async () => {
    await built;
    let references = 0;
    for (const [file, tree] of await documents(name)) {
      const byId = new Map<string, Element>();
      visit(tree, 'element', (el: Element) => {
        if (typeof el.properties.id === 'string') byId.set(el.properties.id, el);
      });
      visit(tree, 'element', (el: Element) => {
        const type = attr(el, 'epub:type');
        const href = attr(el, 'href');
        if (el.tagName === 'a' && type === 'noteref') {
          references++;
          assert.equal(attr(el, 'role'), 'doc-noteref', `${file}: ${href}`);
          assert.ok(href !== undefined && href.startsWith('#'), `${file}: a noteref to another file: ${href}`);
          const aside = byId.get(href.slice(1));
          assert.ok(aside, `${file}: no ${href} in the same file`);
          assert.equal(aside.tagName, 'aside');
          assert.equal(attr(aside, 'epub:type'), 'footnote');
          assert.equal(attr(aside, 'role'), 'doc-footnote');
          // The note links back to a reference of this file.
          const backs: string[] = [];
          visit(aside, 'element', (a: Element) => {
            if (attr(a, 'role') === 'doc-backlink') backs.push(attr(a, 'href') ?? '');
          });
          assert.ok(backs.length > 0, `${file}: ${href} has no back-link`);
          for (const back of backs) assert.equal(attr(byId.get(back.slice(1)) ?? el, 'epub:type'), 'noteref', `${file}: back-link ${back}`);
        }
        // No link into a footnote from another file, no notes list left over.
        if (el.tagName === 'a' && href && !href.startsWith('#') && /#user-content-fn-/.test(href)) assert.fail(`${file}: link to a note in another file: ${href}`);
        assert.notEqual(type, 'endnotes', `${file}: an endnotes section is left`);
      });
    }
    assert.equal(references, REFERENCES[name]);
  });

  if (VALIDATE[name].length === 0) continue;
  test(`${name}: ${VALIDATE[name].join(' and ')} find nothing`, async (t) => {
    await built;
    const tools: readonly string[] = VALIDATE[name];
    if (tools.includes('epubcheck') && requireTool(t, 'epubcheck')) {
      const messages = await epubcheck(join(out, `${name}.epub`));
      assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0])}`), []);
    }
    if (tools.includes('ace') && requireTool(t, 'ace')) assert.deepEqual(await ace(join(out, `${name}.epub`)), []);
  });
}

test('notes: a note cited from two chapters is in both; a note cited in a note goes with it; the title page keeps its own', async () => {
  await built;
  const asides = new Map<string, string[]>();
  for (const [file, tree] of await documents('notes')) {
    visit(tree, 'element', (el: Element) => {
      if (el.tagName === 'aside') asides.set(file, [...(asides.get(file) ?? []), String(el.properties.id).replace('user-content-fn-', '')]);
    });
  }
  assert.deepEqual(Object.fromEntries(asides), {
    'section-00.xhtml': ['opening'],
    'section-01.xhtml': ['shared', 'twice', 'inline-note-1', 'sourced', 'outer', 'inner'],
    'section-02.xhtml': ['shared', 'long', 'blocks'],
    'section-03.xhtml': ['short'],
  });
});

test('inline: each Arabic and Persian run in the English brief has lang and xml:lang for its language', async () => {
  await built;
  const runs: string[] = [];
  for (const tree of (await documents('inline')).values()) {
    visit(tree, 'element', (el: Element) => {
      if (el.tagName !== 'bdi' || attr(el, 'dir') !== 'rtl') return;
      assert.equal(attr(el, 'lang'), attr(el, 'xmlLang'));
      runs.push(`${attr(el, 'lang')} ${toString(el).replace(/\u200F/g, '')}`);
    });
  }
  assert.deepEqual(runs.slice(0, 4), ['ar الإعلان العالمي لحقوق الإنسان', 'fa اعلامیه جهانی حقوق بشر', 'ar لمّا كان الاعتراف بالكرامة المتأصلة', 'fa از آنجا که شناسائی حیثیت ذاتی']);
  assert.ok(runs.every((r) => /^(ar|fa) /.test(r)), runs.join('\n'));
});
