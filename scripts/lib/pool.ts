/**
 * Parallel batches: one browser, launched on first use, and a bounded pool of
 * pages that are reused from one document to the next (opening a page costs
 * 70–140 ms here, about as much as printing a short brief).
 *
 * Hand-written rather than generic-pool/p-limit: the whole of it is a
 * semaphore and a free list, smaller than the glue a library would need.
 */
import { availableParallelism } from 'node:os';
import type { Browser, Page } from 'puppeteer';
import type { BrowserSession } from './browser.ts';
import { BrowserFailure } from './errors.ts';

/** puppeteer is loaded only when a browser is needed. */
const launchBrowser = async (signal?: AbortSignal): Promise<BrowserSession> => (await import('./browser.ts')).launchBrowser(signal);
const openPage = async (browser: Browser): Promise<Page> => (await import('./browser.ts')).openPage(browser);

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export class PagePool {
  readonly size: number;
  private session: Promise<BrowserSession> | undefined;
  private idle: Page[] = [];
  private busy = 0;
  private waiting: Array<() => void> = [];
  /** How many times a browser was launched by this pool. */
  launches = 0;
  /** Time spent launching browsers, in ms (for `--timings`). */
  launchMs = 0;

  constructor(size = defaultJobs(), private readonly launch: (signal?: AbortSignal) => Promise<BrowserSession> = launchBrowser) {
    this.size = Math.max(1, size);
  }

  /** Whether a browser has been started (or is starting). */
  get started(): boolean {
    return this.session !== undefined;
  }

  private browser(): Promise<BrowserSession> {
    if (!this.session) {
      this.launches++;
      const started = performance.now();
      this.aborter = new AbortController();
      this.session = this.launch(this.aborter.signal);
      this.session.then(() => (this.launchMs += performance.now() - started), () => undefined);
      // A failed launch may be retried by the next caller.
      this.session.catch(() => {
        this.session = undefined;
      });
    }
    return this.session;
  }

  /**
   * Run `fn` with a page of the pool; at most `size` run at once. `took` is told
   * the browser session the page belongs to, before `fn` runs: the session of
   * the moment the page is taken, not of before the wait for a free slot, in
   * which time a hung browser may have been replaced.
   */
  async use<T>(fn: (page: Page) => Promise<T>, took?: (session: Promise<BrowserSession>) => void): Promise<T> {
    this.used = true;
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    let page: Page | undefined;
    let healthy = false;
    try {
      // Idle pages belong to the current session: it and they are dropped together.
      const session = this.browser();
      took?.(session);
      page = this.idle.pop();
      if (!page || page.isClosed()) page = await this.newPage((await session).browser);
      const result = await fn(page);
      healthy = true;
      return result;
    } finally {
      if (page && healthy && !page.isClosed()) this.idle.push(page);
      else if (page) await page.close().catch(() => undefined);
      this.busy--;
      this.waiting.shift()?.();
    }
  }

  /**
   * Run one document's browser work on a page, under the per-document deadline
   * of `guarded` (lib/browser.ts). When the browser crashed or was killed for
   * hanging, the pool forgets it and its pages: the next document launches a
   * new one.
   */
  async guarded<T>(label: string, fn: (page: Page, browser: Browser) => Promise<T>): Promise<T> {
    const { guarded } = await import('./browser.ts');
    let launched = this.browser();
    try {
      return await this.use(async (page) => {
        const session = await launched;
        try {
          return await guarded(session, label, () => fn(page, session.browser));
        } catch (error) {
          // Forgotten before the slot is released: a document waiting for it
          // must get a new browser, not a page of this dead one.
          await this.forgetIfDead(launched, error);
          throw error;
        }
      }, (pageSession) => (launched = pageSession));
    } catch (error) {
      if (!(await this.forgetIfDead(launched, error))) throw error;
      // Opening a page on a browser that just died fails outside `guarded`: same cause.
      if (error instanceof BrowserFailure) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new BrowserFailure(`The browser crashed while printing (${reason}); it was restarted for the next brief`);
    }
  }

  /** Whether `error` left the session's browser dead; if so, the pool drops it (once). */
  private async forgetIfDead(launched: Promise<BrowserSession>, error: unknown): Promise<boolean> {
    const session = await launched.catch(() => undefined);
    const dead = error instanceof BrowserFailure || (session !== undefined && !session.browser.connected);
    if (dead && this.session === launched) {
      this.session = undefined;
      this.idle = [];
      await session?.close();
    }
    return dead;
  }

  /**
   * Open pages ahead of time (a build starts the browser while it checks;
   * watch mode keeps one page warm). Stops as soon as the pool is closed.
   */
  warm(n = 1): Promise<void> {
    const generation = this.generation;
    const warming = (async () => {
      const session = await this.browser();
      while (this.generation === generation && this.idle.length < Math.min(n, this.size)) {
        const page = await this.newPage(session.browser);
        if (this.generation === generation) this.idle.push(page);
      }
    })();
    this.warming = warming.catch(() => undefined);
    return warming;
  }

  /** Browsers whose first tab (the about:blank Chromium opens at launch) the pool has taken. */
  private firstTabTaken = new WeakSet<Browser>();

  /**
   * A page for the pool: the browser's own first tab the first time (it would
   * otherwise sit idle with a renderer of its own, about 30 MB), then new tabs.
   */
  private async newPage(browser: Browser): Promise<Page> {
    if (!this.firstTabTaken.has(browser)) {
      this.firstTabTaken.add(browser);
      const [first] = await browser.pages();
      if (first && !first.isClosed() && first.url() === 'about:blank') return first;
    }
    return openPage(browser);
  }

  /** Whether a document ever got a page: a browser that only warmed up is killed, not closed. */
  private used = false;
  /** Kills the browser of the current session, launched or still launching. */
  private aborter: AbortController | undefined;

  /** Bumped by close(): a warm-up that started before it opens no more pages. */
  private generation = 0;
  private warming: Promise<void> | undefined;

  async close(): Promise<void> {
    const session = this.session;
    this.generation++;
    this.session = undefined;
    this.idle = [];
    // A browser that printed nothing (every brief failed its checks) is killed
    // at once, launched or still launching: a build that stops at its checks
    // does not wait for a launch, a page and a graceful close it never used.
    if (session && !this.used) {
      this.aborter?.abort();
      // A launch aborted midway sometimes never settles (puppeteer): with
      // nothing else left to wait for, Node then ended the run with exit code
      // 0 before it reported. Wait for it at most 2 s; the abort has killed
      // the browser process either way.
      let timer: NodeJS.Timeout | undefined;
      const launched = await Promise.race([session.catch(() => undefined), new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), 2_000);
      })]);
      clearTimeout(timer);
      await launched?.close();
      return;
    }
    // A page being opened when the browser is closed leaves puppeteer waiting
    // 30 s for its target (Browser.waitForTarget), which kept a failed build's
    // process alive that long: let an open under way finish (or fail) first.
    await this.warming;
    await (await session?.catch(() => undefined))?.close();
  }
}

/** Map with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
