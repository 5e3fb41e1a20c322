/**
 * The page pool's bookkeeping, with stand-in browsers (no Chromium: what is
 * tested is which session a document is given, not printing; the end-to-end
 * tests in harden-failures.test.ts run the same paths on real browsers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer';
import { PagePool } from '../scripts/lib/pool.ts';
import type { BrowserSession } from '../scripts/lib/browser.ts';
import { BrowserFailure } from '../scripts/lib/errors.ts';

/** A stand-in browser whose one tab is the about:blank a launch opens. */
function standIn(name: string): BrowserSession {
  const page = { url: () => 'about:blank', isClosed: () => false, close: async () => undefined } as unknown as Page;
  const browser = { name, connected: true, pages: async () => [page], process: () => null } as unknown as Browser;
  return { browser, close: async () => undefined };
}

test('a document that waited for a slot while the browser was replaced runs on the new browser, not the dead one', async () => {
  const launched: BrowserSession[] = [];
  const pool = new PagePool(1, async () => {
    const session = standIn(`browser ${launched.length + 1}`);
    launched.push(session);
    return session;
  });
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let holding = () => undefined as void;
  const holds = new Promise<void>((resolve) => (holding = resolve));
  // The first document holds the only slot, then its browser fails.
  const first = pool.guarded('a', async () => {
    holding();
    await gate;
    throw new BrowserFailure('Printing took longer than 1 s and was stopped; the browser was restarted for the next brief');
  });
  first.catch(() => undefined);
  // Not a fixed wait: on a loaded machine the first may not have its slot yet
  // (guarded() imports lib/browser.ts first), and the second would take it.
  await holds;
  // The second asks while the first still runs, so it waits for the slot.
  const second = pool.guarded('b', async (_page, browser) => (browser as unknown as { name: string }).name);
  release();
  await assert.rejects(first, BrowserFailure);
  assert.equal(await second, 'browser 2', 'the second document is given the browser its page came from');
  assert.equal(launched.length, 2);
  await pool.close();
});
