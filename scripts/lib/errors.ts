/**
 * The errors briefpress throws across layers, in a module with no heavy
 * imports (as vivliostyle-cli keeps them), so that any layer can test them
 * with `instanceof` without loading puppeteer.
 */

export const HOW_TO_GET_A_BROWSER = [
  'No Chromium or Chrome was found. briefpress looked at:',
  '  1. $PUPPETEER_EXECUTABLE_PATH',
  '  2. /usr/bin/chromium',
  "  3. puppeteer's own download (~/.cache/puppeteer)",
  'Install one of them, for example:',
  '  Debian/Ubuntu:  sudo apt-get install chromium',
  '  any system:     npx puppeteer browsers install chrome',
  '  or point PUPPETEER_EXECUTABLE_PATH at an installed Chrome.',
].join('\n');

/** No browser to print with: the run stops (exit 1) with instructions. */
export class BrowserMissingError extends Error {
  override name = 'BrowserMissingError';
  constructor() {
    super(HOW_TO_GET_A_BROWSER);
  }
}

/** A document's browser work failed in a way that needs a fresh browser (timeout or crash). */
export class BrowserFailure extends Error {
  override name = 'BrowserFailure';
}

/** The command line was misused (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
