// Use the system Chromium when there is one, so `npm install` downloads nothing;
// elsewhere fall back to puppeteer's own browser download. The launch code in
// scripts/lib/browser.ts applies the same rule (puppeteer only reads this file
// from the current directory upwards).
const { existsSync } = require('node:fs');

const executablePath =
  process.env.PUPPETEER_EXECUTABLE_PATH ||
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

module.exports = executablePath ? { executablePath, skipDownload: true } : {};
