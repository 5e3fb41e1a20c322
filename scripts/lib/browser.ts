/**
 * One Chromium per run: found by the same rule as `.puppeteerrc.cjs`
 * (PUPPETEER_EXECUTABLE_PATH, then /usr/bin/chromium, then puppeteer's own),
 * closed once, in `finally` and on SIGINT/SIGTERM.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
// puppeteer-core (the same version puppeteer itself uses) launches and drives
// the browser: it loads in about 125 ms where the puppeteer package, which
// also reads its config and knows its downloads, took 145 ms, ahead of every
// launch. The puppeteer package is only asked where its own browser is.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { removePendingWrites } from './write.ts';
import { BrowserFailure, BrowserMissingError } from './errors.ts';

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
  // Chromium 14x preloads its omnibox pop-ups (WebUI pages with a renderer of
  // their own, about 70 MB and some CPU) even when headless, and keeps a spare
  // renderer for the next navigation: a printer needs neither. puppeteer
  // merges this list with its own --disable-features.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI,SpareRendererForSitePerProcess',
];

/** The browser executable briefpress will use, or undefined when there is none. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const own = (createRequire(import.meta.url)('puppeteer') as typeof import('puppeteer')).default.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

/** A launched browser with an idempotent close that also runs on signals. */
export interface BrowserSession {
  browser: Browser;
  /** Close the browser (killing it if it does not close within a few seconds). */
  close(): Promise<void>;
}

/** Longest a document may keep the browser busy: BRIEFPRESS_DOC_TIMEOUT_MS, default 120 s. */
export function documentTimeout(): number {
  const fromEnv = Number(process.env.BRIEFPRESS_DOC_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 120_000;
}

/**
 * Run one document's browser work with a deadline. On a timeout the browser is
 * killed; on a timeout or a crash a BrowserFailure is thrown and the session is
 * closed, so the caller launches a new browser for the next document.
 *
 * BRIEFPRESS_FAULT=crash:<label> or hang:<label> injects a Chromium crash
 * (SIGKILL) or hang (SIGSTOP) for the document with that label: for tests.
 */
export async function guarded<T>(session: BrowserSession, label: string, work: () => Promise<T>, ms = documentTimeout()): Promise<T> {
  const fault = /^(crash|hang):(.*)$/.exec(process.env.BRIEFPRESS_FAULT ?? '');
  const pid = session.browser.process()?.pid;
  if (fault && fault[2] === label && pid) process.kill(pid, fault[1] === 'crash' ? 'SIGKILL' : 'SIGSTOP');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BrowserFailure(`Printing took longer than ${Math.round(ms / 1000)} s and was stopped; the browser was restarted for the next brief`)), ms);
  });
  const running = work();
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } catch (error) {
    if (error instanceof BrowserFailure) {
      // Timed out: the browser may be hung, so it is killed rather than asked to close.
      session.browser.process()?.kill('SIGKILL');
      await session.close();
      throw error;
    }
    if (!session.browser.connected) {
      await session.close();
      throw new BrowserFailure(`The browser crashed while printing (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); it was restarted for the next brief`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Launch the one browser of this run. Signals are handled from before the
 * launch, so a Ctrl-C during start-up also closes it. Aborting `signal` kills
 * the browser, even while it is starting.
 */
export async function launchBrowser(signal?: AbortSignal): Promise<BrowserSession> {
  const executablePath = findChromium();
  if (!executablePath) throw new BrowserMissingError();
  // The browser's profile (and temporary) folder is our own, removed when the browser is
  // closed and in any case when this process exits: puppeteer removes its own
  // temporary profile only after a launch that got through, and a build whose
  // briefs all failed their checks (launch aborted) left one in the temp folder.
  const profile = mkdtempSync(join(tmpdir(), 'bp-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  process.once('exit', removeProfile);
  const launching = puppeteer.launch({
    executablePath,
    userDataDir: profile,
    // Chromium's own temporary files go there too (a killed browser leaves
    // them). Its socket paths then start with the profile's: hence the short
    // name, as a Unix socket path is limited to 107 bytes.
    env: { ...process.env, TMPDIR: profile },
    headless: true,
    args: LAUNCH_ARGS,
    // Talk over a pipe, not a socket: if this process dies (even by SIGKILL),
    // the pipe closes and Chromium exits instead of living on as an orphan.
    pipe: true,
    ...(signal ? { signal } : {}),
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
      const browser = await launching.catch(() => undefined);
      if (!browser) return; // the exit handler removes the profile
      const child = browser.process();
      let timer: NodeJS.Timeout | undefined;
      try {
        // A printer keeps nothing in its temporary profile: the browser is
        // killed rather than asked to shut down (which took 80–120 ms of every
        // build), and puppeteer's close() then waits for the exit and removes
        // the profile folder.
        child?.kill('SIGKILL');
        await Promise.race([
          browser.close(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('close timed out')), 5_000);
          }),
        ]);
      } catch {
        child?.kill('SIGKILL');
      } finally {
        clearTimeout(timer);
      }
      try {
        removeProfile();
        process.off('exit', removeProfile);
      } catch {
        // left for the exit handler
      }
    })();
    return closing;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return { browser: await launching, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Each browser's queue of front-tab work. Per browser, not per process: a
 * brief retried on a browser of its own (build.ts) must not wait behind a
 * screenshot on a browser that hangs until its deadline kills it.
 */
const frontTab = new WeakMap<Browser, Promise<unknown>>();

function inTurn<T>(browser: Browser, fn: () => Promise<T>): Promise<T> {
  const run = (frontTab.get(browser) ?? Promise.resolve()).then(fn);
  frontTab.set(browser, run.catch(() => undefined));
  return run;
}

/**
 * Run `fn` with `page` as the browser's front tab, one call at a time: a tab in
 * the background never paints, so a screenshot taken there waits forever.
 */
export function inFrontTab<T>(page: Page, fn: () => Promise<T>): Promise<T> {
  return inTurn(page.browser(), async () => {
    await page.bringToFront();
    return fn();
  });
}

/**
 * Open a tab. A new tab comes to the front, which would send a tab in the
 * middle of a screenshot to the background (and hang it): so tabs are opened
 * in turn with screenshots, never during one.
 */
export function openPage(browser: Browser): Promise<Page> {
  return inTurn(browser, () => browser.newPage());
}
