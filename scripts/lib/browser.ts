/**
 * One Chromium per run: found by the same rule as `.puppeteerrc.cjs`
 * (PUPPETEER_EXECUTABLE_PATH, then /usr/bin/chromium, then puppeteer's own),
 * closed once, in `finally` and on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';
import { removePendingWrites } from '../stages/write.ts';

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--disable-quic',
  '--font-render-hinting=none',
];

/** The browser executable briefpress will use, or undefined when there is none. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const own = puppeteer.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

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

export class BrowserMissingError extends Error {
  constructor() {
    super(HOW_TO_GET_A_BROWSER);
  }
}

/** A launched browser with an idempotent close that also runs on signals. */
export interface BrowserSession {
  browser: Browser;
  close(): Promise<void>;
}

/** Launch the one browser of this run. */
export async function launchBrowser(): Promise<BrowserSession> {
  const executablePath = findChromium();
  if (!executablePath) throw new BrowserMissingError();
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    void Promise.allSettled([close(), removePendingWrites()]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const close = () => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      try {
        await browser.close();
      } catch {
        browser.process()?.kill('SIGKILL');
      }
    })();
    return closing;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { browser, close };
}
