// The floor for the benchmark: the least work that turns the finished HTML
// into a PDF. Plain JavaScript run by `node` (no tsx), one Chromium, one page,
// a file:// URL. Usage: node floor.mjs <dir with index.html> <out.pdf> [repeat]
// With repeat > 0 it then prints the same HTML that many more times on the
// already open page and writes their times (ms) as JSON to stdout.
import { existsSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import puppeteer from 'puppeteer';

const [dir, out, repeat = '0'] = process.argv.slice(2);
// The same rule as scripts/lib/browser.ts: the env var, /usr/bin/chromium, puppeteer's own.
const executablePath = process.env.PUPPETEER_EXECUTABLE_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : puppeteer.executablePath());
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  const url = pathToFileURL(join(dir, 'index.html')).href;
  const print = async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  };
  writeFileSync(out, await print());
  const times = [];
  for (let i = 0; i < Number(repeat); i++) {
    const started = performance.now();
    await print();
    times.push(performance.now() - started);
  }
  if (Number(repeat)) process.stdout.write(`${JSON.stringify(times)}\n`);
} finally {
  await browser.close();
}
