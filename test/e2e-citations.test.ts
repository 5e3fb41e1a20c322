/**
 * End to end: the sample brief in Chicago author-date and in a notes style
 * (switched by front matter only); every citation link, followed in the EPUB's
 * XHTML and in the PDF's link annotations, lands on its entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { cli, epubcheck, requireTool, ROOT, tempDir } from './helpers.ts';

const dir = tempDir();
const out = join(dir, 'out');
copyFileSync(join(ROOT, 'content/kerman-attack.bib'), join(dir, 'kerman-attack.bib'));
const sample = readFileSync(join(ROOT, 'content/kerman-attack.md'), 'utf8');
writeFileSync(join(dir, 'author-date.md'), sample.replace('bibliography: kerman-attack.bib', 'bibliography: kerman-attack.bib\ncsl: chicago-author-date'));
writeFileSync(join(dir, 'notes.md'), sample.replace('bibliography: kerman-attack.bib', 'bibliography: kerman-attack.bib\ncsl: chicago-note-bibliography'));
const built = cli(['build', dir, '--out', out], { cwd: dir });

const ENTRY_START: Record<string, string> = {
  'ref-amaq2024': 'Islamic State.',
  'ref-ansari2024': 'Ansari, Abu Hudhayfah al-',
  'ref-zawahiri2005': 'Zawahiri, Ayman al-',
  'ref-adnani2014': 'Adnani, Abu Muhammad al-',
  'ref-unsc2023': 'United Nations Security Council.',
};

test('both styles build', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr);
});

for (const name of ['author-date', 'notes']) {
  test(`${name}: the EPUB passes epubcheck with no messages`, async (t) => {
    await built;
    if (!requireTool(t, 'epubcheck')) return;
    const messages = await epubcheck(join(out, `${name}.epub`));
    assert.deepEqual(messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0])}`), []);
  });

  test(`${name}: every citation link in the EPUB resolves to its entry, across files`, async () => {
    await built;
    const zip = await JSZip.loadAsync(readFileSync(join(out, `${name}.epub`)));
    const xhtml = new Map<string, string>();
    for (const [path, entry] of Object.entries(zip.files)) {
      if (path.endsWith('.xhtml')) xhtml.set(path.replace(/^OEBPS\//, ''), await entry.async('string'));
    }
    let links = 0;
    for (const [file, text] of xhtml) {
      for (const m of text.matchAll(/<a class="citation-link" href="([^"]*)"/g)) {
        links++;
        const [target = file, id = ''] = m[1]!.startsWith('#') ? [file, m[1]!.slice(1)] : m[1]!.split('#');
        const dest = xhtml.get(target);
        assert.ok(dest, `${file}: link to missing file ${target}`);
        const at = dest.indexOf(`id="${id}"`);
        assert.ok(at !== -1, `${file}: no element ${id} in ${target}`);
        const entryText = dest.slice(at).replace(/<[^>]+>/g, '').replace(/^[^>]*>/, '').trimStart();
        assert.ok(entryText.startsWith(ENTRY_START[id] ?? '\0'), `${id} lands on: ${entryText.slice(0, 60)}`);
      }
    }
    assert.ok(links >= 14, `${links} links for 14 citations (a link that wraps across lines is two)`);
  });

  test(`${name}: every citation link in the PDF lands on its entry`, async () => {
    await built;
    const doc = await getDocument({ data: new Uint8Array(readFileSync(join(out, `${name}.pdf`))), isEvalSupported: false }).promise;
    let links = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      for (const annotation of await page.getAnnotations()) {
        if (annotation.subtype !== 'Link' || typeof annotation.dest !== 'string' || !annotation.dest.startsWith('ref-')) continue;
        links++;
        const dest = await doc.getDestination(annotation.dest);
        assert.ok(dest, `no destination ${annotation.dest}`);
        const pageIndex = await doc.getPageIndex(dest[0]);
        // Chromium writes the destination's top without the page's top margin
        // (22 mm in the brief template): a viewer shows the entry that far below
        // the window's top edge. Correct for it to find the entry's first line.
        const y = (dest[3] as number) - (22 / 25.4) * 72;
        const target = await doc.getPage(pageIndex + 1);
        const content = await target.getTextContent();
        // The first line of text just below the destination's top edge.
        const lines = content.items
          .filter((i): i is typeof i & { str: string; transform: number[] } => 'str' in i && i.str.trim() !== '')
          .filter((i) => i.transform[5]! <= y && i.transform[5]! > y - 16)
          .sort((a, b) => b.transform[5]! - a.transform[5]! || a.transform[4]! - b.transform[4]!);
        const first = lines.map((i) => i.str).join('').replaceAll('\u00AD', '');
        const expected = (ENTRY_START[annotation.dest] ?? '\0').split(/[ .]/)[0]!;
        assert.ok(first.includes(expected), `${annotation.dest} lands on “${first.slice(0, 60)}”`);
      }
    }
    assert.ok(links >= 14, `${links} links for 14 citations (a link that wraps across lines is two)`);
  });
}

test('notes: citations became numbered notes and the text keeps no parenthetical citations', async () => {
  await built;
  const zip = await JSZip.loadAsync(readFileSync(join(out, 'notes.epub')));
  let all = '';
  for (const [path, entry] of Object.entries(zip.files)) if (path.endsWith('.xhtml')) all += await entry.async('string');
  // epub-gen-memory writes non-ASCII characters as numeric references.
  all = all.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
  assert.ok(!all.includes('(Islamic State 2024)'));
  assert.match(all, /Islamic State, “Claim of Responsibility for the Kerman Bombing\.”/);
});
