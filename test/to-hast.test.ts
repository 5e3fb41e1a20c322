import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHtml } from '../scripts/lib/html.ts';
import { VFile } from 'vfile';
import { toHast } from '../scripts/plugins/to-hast.ts';
import { markdown } from './plugin-helpers.ts';

const MD = '# مقدمة\n\nText <span onclick="x()">raw</span><script>alert(1)</script>.[^1]\n\n[^1]: A note.';

test('one frozen processor per setting, built once', () => {
  assert.equal(toHast({ report: true }), toHast({ report: true }));
  assert.equal(toHast({ report: false, notes: 'الحواشي', backToText: 'عودة' }), toHast({ report: false, notes: 'الحواشي', backToText: 'عودة' }));
  assert.notEqual(toHast({ report: true }), toHast({ report: false }));
  assert.throws(() => toHast({ report: true }).use(() => undefined), /frozen/);
});

test('check and render get the same HTML; only the check reports what was removed, at the Markdown position', () => {
  const checkFile = new VFile();
  const renderFile = new VFile();
  const checked = toHtml(toHast({ report: true }).runSync(markdown(MD), checkFile));
  const rendered = toHtml(toHast({ report: false }).runSync(markdown(MD), renderFile));
  assert.equal(checked, rendered);
  assert.deepEqual(checkFile.messages.map((m) => [m.ruleId, m.line]), [['unsafe-html', 3], ['unsafe-html', 3]]);
  assert.equal(renderFile.messages.length, 0);
  // Headings shifted under the title and given ids; raw HTML made safe.
  assert.match(rendered, /^<h2 id="s-مقدمة">مقدمة<\/h2>\n<p>Text <span>raw<\/span>\.<sup>/);
});

test('render localises the notes title and the links back to the text', () => {
  const out = toHtml(toHast({ report: false, notes: 'الحواشي', backToText: 'العودة إلى النص' }).runSync(markdown(MD), new VFile()));
  assert.match(out, /<h2 class="sr-only" id="footnote-label">الحواشي<\/h2>/);
  assert.match(out, /aria-label="العودة إلى النص 1"/);
});
