/**
 * End to end, real Chromium and real validators, one build of two briefs
 * (English with lists of figures and tables, Arabic): every cross-reference is
 * a link annotation in the PDF whose destination is the page that shows its
 * target, the lists give the pages the captions are on, and in the EPUBs
 * (split into chapters) every cross-reference's href, and every entry of the
 * lists of figures and tables in the navigation document, names an id of the
 * file it points at; epubcheck has nothing to say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { cli, epubcheck, pdftotext, requireTool, ROOT, tempDir } from './helpers.ts';
import { PNG } from './fixtures.ts';

const dir = tempDir();
const out = join(dir, 'out');
copyFileSync(join(ROOT, 'content/kerman-attack.bib'), join(dir, 'refs.bib'));
writeFileSync(join(dir, 'dot.png'), PNG);
const front = (title: string, extra = '') => `---\ntitle: ${title}\ndescription: Figures, tables and sections by number.\nbibliography: refs.bib\nnocite: ["@*"]\n${extra}---\n\n`;
writeFileSync(join(dir, 'en.md'), front('Cross-references', 'lof: true\nlot: true\n') + `# Overview {#sec:overview}

The map in @fig:map shows the sites; [@fig:map; @fig:trend; @fig-chart] give the rest, and @tbl:claims lists the claims, as [@tbl:claims; @tbl-losses] do [@adnani2014]. @Fig:trend is read in @sec:method.

![Sites of the attacks](dot.png){#fig:map width=30%}

## Method {#sec:method}

![Claims per month](dot.png "Claims per month, 2023"){#fig:trend width=30%}

| Year | Claims |
|------|--------|
| 2023 | 12 |
| 2024 | 30 |

: Claims by year {#tbl:claims}

# Results {#sec-results}

: Losses by province {#tbl-losses}

| Province | Losses |
|----------|--------|
| Kerman | 95 |

![A chart](dot.png){#fig-chart width=30%}

See @sec-results, @sec:overview and -@fig:map. The rate follows @eq:rate:

$$
r = \\frac{c}{t}
$$ {#eq:rate}
`);
writeFileSync(join(dir, 'ar.md'), front('الإحالات', 'lang: ar\n') + `# نظرة عامة {#sec:overview}

تبين الخريطة في @fig:map المواقع، وانظر [@fig:map; @fig:trend] وكذلك @tbl:claims.

![مواقع الهجمات](dot.png){#fig:map width=30%}

## الإعلانات {#sec:claims}

![الإعلانات شهرياً](dot.png){#fig:trend width=30%}

| السنة | الإعلانات |
|------|--------|
| 2023 | 12 |

: الإعلانات حسب السنة {#tbl:claims}

انظر @sec:overview و @sec:claims.
`);
const built = cli(['build', dir, '--out', out], { cwd: dir });

/** What each target shows on its page. */
const SHOWN: Record<string, Record<string, string>> = {
  en: { 'fig:map': 'Figure 1.', 'fig:trend': 'Figure 2.', 'fig-chart': 'Figure 3.', 'tbl:claims': 'Table 1.', 'tbl-losses': 'Table 2.', 'sec:overview': 'Overview', 'sec:method': 'Method', 'sec-results': 'Results', 'eq:rate': '(1)' },
  ar: { 'fig:map': 'الشكل', 'fig:trend': 'الشكل', 'tbl:claims': 'الجدول', 'sec:overview': 'نظرة عامة', 'sec:claims': 'الإعلانات' },
};

const CAPTIONS: Record<string, string> = { 'fig:map': 'Sites of the attacks', 'fig:trend': 'Claims per month, 2023', 'fig-chart': 'A chart', 'tbl:claims': 'Claims by year', 'tbl-losses': 'Losses by province' };

test('the briefs build', async () => {
  const result = await built;
  assert.equal(result.code, 0, result.stderr + result.stdout);
});

test('PDF: every cross-reference is a link whose destination is the page of its target', async (t) => {
  await built;
  if (!requireTool(t, 'poppler')) return;
  for (const name of ['en', 'ar']) {
    const doc = await getDocument({ data: new Uint8Array(readFileSync(join(out, `${name}.pdf`))), useSystemFonts: false }).promise;
    const linked = new Map<string, number>();
    // Page by page (poppler puts Arabic back in logical order, pdf.js gives presentation forms).
    const pageText = pdftotext(join(out, `${name}.pdf`)).split('\f').map((p) => p.replace(/[\u200E\u200F\u202A-\u202E]/g, '').replace(/\s+/g, ' '));
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      for (const annotation of await page.getAnnotations()) {
        if (annotation.subtype !== 'Link' || typeof annotation.dest !== 'string' || !/^(fig|tbl|sec|eq)[:-]/.test(annotation.dest)) continue;
        const dest = await doc.getDestination(annotation.dest);
        assert.ok(dest, `${name}: no destination ${annotation.dest}`);
        linked.set(annotation.dest, (await doc.getPageIndex(dest[0])) + 1);
      }
    }
    assert.deepEqual([...linked.keys()].sort(), Object.keys(SHOWN[name]!).sort(), `${name}: targets linked`);
    for (const [id, page] of linked) assert.ok(pageText[page - 1]!.includes(SHOWN[name]![id]!), `${name}: ${id} → page ${page}: ${pageText[page - 1]}`);
    if (name === 'en') {
      // The lists of figures and tables give those pages.
      const lists = pageText.slice(0, 3).join(' ');
      for (const [id, caption] of Object.entries(CAPTIONS)) assert.ok(lists.includes(`${SHOWN.en![id]} ${caption} ${linked.get(id)} `), `${id} on page ${linked.get(id)}: ${lists}`);
    }
  }
});

test('EPUB: every cross-reference names an id of the chapter it points at; epubcheck passes', async (t) => {
  await built;
  for (const name of ['en', 'ar']) {
    const zip = await JSZip.loadAsync(readFileSync(join(out, `${name}.epub`)));
    const files = new Map<string, string>();
    for (const [path, entry] of Object.entries(zip.files)) if (/section-\d+\.xhtml$/.test(path)) files.set(path.split('/').at(-1)!, await entry.async('string'));
    const targets = new Set<string>();
    for (const [file, xhtml] of files) {
      for (const m of xhtml.matchAll(/<a href="([^"#]*)#([^"]+)" class="crossref">/g)) {
        const target = m[1] || file;
        assert.ok(files.get(target)?.includes(` id="${m[2]}"`), `${name}/${file}: #${m[2]} is not in ${target}`);
        targets.add(m[2]!);
      }
    }
    assert.deepEqual([...targets].sort(), Object.keys(SHOWN[name]!).sort());
    // The lists of figures and tables are navs of the navigation document (EPUB 3 `lof`, `lot`), linked to the chapters.
    const nav = await zip.file(/toc\.xhtml$/)[0]!.async('string');
    const lists = [...nav.matchAll(/<nav epub:type="(lo[ft])"[^]*?<\/nav>/g)].map((m) => [m[1], [...m[0].matchAll(/href="([^"#]+)#([^"]+)"/g)].map((h) => `${h[2]}@${h[1]}`)]);
    if (name === 'en') {
      assert.deepEqual(lists.map(([kind]) => kind), ['lof', 'lot']);
      for (const [, entries] of lists) for (const entry of entries as string[]) {
        const [id, file] = entry.split('@');
        assert.ok(files.get(file!)?.includes(` id="${id}"`), `${entry} in the ${name} nav`);
      }
    } else assert.deepEqual(lists, []);
  }
  if (!requireTool(t, 'epubcheck')) return;
  for (const name of ['en', 'ar']) assert.deepEqual(await epubcheck(join(out, `${name}.epub`)), [], name);
});
