/**
 * What citeproc work a render after an edit can take from the one before
 * (lib/csl.ts renders). A rebuild in watch mode renders the same brief again,
 * most often citing the same sources in the same order of first citation.
 * For a manuscript's 84 citations of 86 sources, a fresh engine took 8 ms to
 * build, 70 ms to register the items (`updateItems`: sort keys and
 * disambiguation), 70 ms to render the citations and 55 ms for the
 * bibliography. Two of those are taken from before, and only these two:
 *
 * - the bibliography, which depends on the style, the language, the items
 *   cited in that order and those listed uncited, with their data, and on
 *   nothing in the citations themselves (locators, prefixes, note numbers,
 *   repeats): a fresh engine that registers only those items gives the
 *   bibliography of the whole document, byte for byte, on 784 renders of the
 *   real documents in four styles;
 * - an engine built and given the same items to register ahead of time, in
 *   the idle time after a rebuild (`primeCitationEngines`, called by watch
 *   mode): registering the same list again costs 4 ms instead of 70.
 *
 * Every citation is still rendered on an engine that has rendered nothing
 * before. Keeping an engine that has rendered is not safe: a second pass over
 * the citations keeps given-name disambiguation from the first ("G. M.
 * Feinman, 2000" where a fresh engine writes "Feinman, 2000").
 * `npm run eval:citeproc-reuse` replays seeded edits on the real documents and
 * compares every render with a wholly fresh one.
 */
import { createHash } from 'node:crypto';
import type { CiteprocEngine } from 'citeproc';
import type { CslItem } from './bibliography.ts';

type Bibliography = ReturnType<CiteprocEngine['makeBibliography']>;

/** What an engine registers ahead of a render (the items cited, in order of first citation), and the key of all a reuse depends on. */
export interface Registration {
  key: string;
  ids: string[];
}

export function registration(styleXml: string, lang: string, items: Map<string, CslItem>, ids: string[], uncited: string[]): Registration {
  const key = createHash('sha256')
    .update(JSON.stringify([styleXml, lang, ids, uncited, [...ids, ...uncited].map((id) => items.get(id))]))
    .digest('hex');
  return { key, ids };
}

/** Kept per registration: a watch session over a few briefs at a time. */
const KEEP = 8;
const bibliographies = new Map<string, Bibliography>();
const primed = new Map<string, CiteprocEngine>();
/** How to prime an engine for each registration rendered lately. */
const recent = new Map<string, () => CiteprocEngine>();
let reuse = true;

/** Run `fn` with nothing reused (scripts/eval-citeproc-reuse.ts compares the two). */
export function withFreshCiteproc<T>(fn: () => T): T {
  reuse = false;
  try {
    return fn();
  } finally {
    reuse = true;
  }
}

/** Set `key` as the most recently used entry of `map`, dropping the oldest beyond KEEP. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) if (map.size > KEEP) map.delete(old);
}

/**
 * An engine for a render of `reg`: one primed for it (used once), or a new
 * one from `make`. `make` is kept to prime the next render's engine.
 */
export function engineFor(reg: Registration, make: () => CiteprocEngine): CiteprocEngine {
  if (!reuse) return make();
  remember(recent, reg.key, () => {
    const engine = make();
    engine.updateItems([...reg.ids]);
    return engine;
  });
  const ready = primed.get(reg.key);
  primed.delete(reg.key);
  return ready ?? make();
}

/** Build and register, ahead of time, an engine for each brief rendered lately (idle time in watch mode). */
export function primeCitationEngines(): void {
  for (const [key, prime] of recent) {
    if (primed.has(key)) continue;
    try {
      remember(primed, key, prime());
    } catch {
      // The render itself will meet the error and report it.
    }
  }
}

/** The bibliography of `reg`, kept from an earlier render or made by `make`. */
export function bibliographyFor(reg: Registration, make: () => Bibliography): Bibliography {
  if (!reuse) return make();
  const found = bibliographies.get(reg.key);
  const bibliography = found !== undefined ? found : make();
  remember(bibliographies, reg.key, bibliography);
  return bibliography;
}
