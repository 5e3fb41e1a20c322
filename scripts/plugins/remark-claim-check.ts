/**
 * remark plugin: warn about claims that need a source but whose sentence has no
 * citation — direct quotations, statistics and attributions — and about
 * exemption comments that give no reason.
 *
 * Run it after `remark-citations` (it looks for `citation` nodes). It never
 * prints; every finding is a warning message on the file with a `ruleId` from
 * `RULES` and `source: 'briefpress'`, placed on the offending span.
 *
 * Decisions (the labelled sets in `test/fixtures/claims/` follow them):
 *
 * - Coverage: a citation covers its own sentence only. A sentence is covered
 *   when it contains a `citation` node, or a `footnoteReference` whose
 *   `footnoteDefinition` (matched by `identifier`) contains one. A footnote
 *   marker right after the full stop (`….[^1] Next`) belongs to the sentence
 *   before it.
 * - Quotations: text in “…”, "…", «…», „…“/„…”, ‘…’ or '…'. Single quotes count
 *   only as a pair that opens at the start of a word and closes at the end of
 *   one, so apostrophes (Daesh’s, can’t, members’, ’90s) never open or close a
 *   quotation. A single quoted word (scare quotes, “polytheists”) IS a
 *   quotation: it is a word taken from a source. Not quotations: names and
 *   titles introduced as such — directly after titled, entitled, called,
 *   named, dubbed, code-named, known as, so-called, calling itself, or a noun
 *   naming a work or a word (report, book, speech, address, operation, term,
 *   word, phrase, …). “called” with an object in between (“called the ruling
 *   “…””) is a report of speech, so that quotation still counts.
 * - Statistics: a figure stating a quantity — digits (not a year alone, a
 *   date, a time, a decade, a duration, a section/page/article/resolution
 *   number, or a number glued to letters such as G20, F-16, COVID-19, 9/11),
 *   percentages, money, counts in words (“two of its members”, “seven
 *   ministers”, “dozens of”, “a quarter of”, “one in five”), ranks (“third
 *   largest”, “142nd place”) and multiplicative changes (doubled, halved).
 *   Ordinal anniversaries, centuries and rounds (“fourth anniversary”, “21st
 *   century”, “second round”) are not statistics; nor are counts after a
 *   determiner (“the two countries”) or counts of the writer's own structure
 *   (“three options”, “two scenarios”), or durations (“two years later”).
 * - Attributions: a reporting verb or phrase (according to, said, told,
 *   claimed, reported, announced, argued, estimates, found that, warned,
 *   denied, reportedly, is said to, …) whose subject is not the writer (“we
 *   argue”, “this brief finds”, “as noted above” are not attributions).
 *   “claimed the lives of” is not; “claimed responsibility” is.
 * - Not claims: headings, front matter, code, inline code, HTML, images, link
 *   URLs and autolinks (e-mail addresses, bare URLs), and everything in the
 *   References section (after a heading whose text is `referencesTitle`,
 *   until a heading of the same or higher rank).
 * - Tables: a table whose cells state figures is covered by a citation in the
 *   paragraph directly before it, in a caption paragraph directly after it
 *   that starts with `Table:`, or in a cell; otherwise `uncited-statistic`
 *   fires once, at the table. Quotations and attributions inside cells are
 *   not checked.
 * - Block quotations are not treated as one quotation; their sentences are
 *   checked like any others.
 * - Exemptions: `<!-- cite-ok: reason -->`. Inside a paragraph it exempts that
 *   whole paragraph; as a block of its own it exempts the next block (the
 *   next sibling: a paragraph, list, table or block quote, blank lines
 *   between allowed). Every exemption is recorded in `file.data.exemptions`.
 *   Without a reason (`<!-- cite-ok -->`, `<!-- cite-ok: -->`) it warns
 *   `unjustified-exemption` and exempts nothing. Note that CommonMark makes a
 *   line that *starts* with `<!--` an HTML block up to the end of the line
 *   with `-->`, so put an inline marker after text, not at a line start.
 * - One message per rule per sentence: the first quotation, figure or
 *   reporting verb found; one citation fixes the whole sentence.
 */
import type {
  FootnoteDefinition,
  Html,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { RULES, SOURCE } from '../lib/rules.ts';
import type {} from '../lib/types.ts';

/** An exemption that was honoured: its reason and where its comment is. */
export interface Exemption {
  reason: string;
  place: Position;
}

declare module 'vfile' {
  interface DataMap {
    /** Claims exempted with `<!-- cite-ok: reason -->`, for the CLI summary. */
    exemptions: Exemption[];
  }
}

export interface Options {
  /**
   * Text of the heading that opens the bibliography; that section (until a
   * heading of the same or higher rank) is not checked. Compared trimmed and
   * case-insensitively. Default: `'References'`.
   */
  referencesTitle?: string | null;
  /** Keyword of exemption comments, as in `<!-- cite-ok: reason -->`. Default: `'cite-ok'`. */
  exemptionMarker?: string | null;
}

/** A span found in a sentence: offsets relative to the sentence, and what it says. */
interface Found {
  from: number;
  to: number;
  label: string;
}

/** A paragraph (or table cell) flattened to text, each character mapped back to the source. */
interface Flat {
  text: string;
  start: number[];
  end: number[];
  /** Indices of citation markers and of references to footnotes that cite. */
  covering: Set<number>;
  comments: Html[];
}

// Placeholders for inline nodes that are not prose.
const OPAQUE = '\uE000';
const CITE = '\uE001';
const NOTE = '\uE002';

/** Check claims in a document and put warnings on the file; never prints. */
export default function remarkClaimCheck(options?: Options | null) {
  const referencesTitle = (options?.referencesTitle ?? 'References').trim().toLowerCase();
  const marker = options?.exemptionMarker ?? 'cite-ok';
  const exemptionRe = new RegExp(String.raw`<!--\s*${escapeRe(marker)}(?![\w-])([\s\S]*?)-->`, 'g');

  return function transform(tree: Root, file: VFile) {
    const source = String(file);
    const loc = location(file);
    const exemptions: Exemption[] = (file.data.exemptions ??= []);

    // Footnotes whose definition cites something.
    const citingNotes = new Set<string>();
    visit(tree, 'footnoteDefinition', (def: FootnoteDefinition) => {
      let cites = false;
      visit(def, 'citation', () => {
        cites = true;
      });
      if (cites) citingNotes.add(def.identifier);
    });

    const point = (offset: number): Point | undefined => loc.toPoint(offset);
    const place = (from: number, to: number): Position | undefined => {
      const start = point(from);
      const end = point(to);
      return start && end ? { start, end } : undefined;
    };

    /** Read exemption comments in an html node; return whether one with a reason was found. */
    function readExemptions(node: Html): boolean {
      let exempt = false;
      for (const m of node.value.matchAll(exemptionRe)) {
        const reason = (m[1] ?? '').replace(/^\s*[:—–-]?\s*/, '').trim();
        const at = node.position;
        if (!reason) {
          file.message(`Exemption \`${marker}\` needs a reason, as in \`<!-- ${marker}: reason -->\``, {
            place: at,
            ruleId: RULES.unjustifiedExemption,
            source: SOURCE,
          });
          continue;
        }
        exempt = true;
        if (at) exemptions.push({ reason, place: at });
      }
      return exempt;
    }

    function flatten(nodes: PhrasingContent[], flat: Flat) {
      for (const node of nodes) {
        switch (node.type) {
          case 'text':
            pushText(flat, node.value, node.position);
            break;
          case 'citation':
            pushMark(flat, CITE, node.position, true);
            break;
          case 'footnoteReference':
            pushMark(flat, NOTE, node.position, citingNotes.has(node.identifier));
            break;
          case 'inlineCode':
          case 'image':
          case 'imageReference':
            pushMark(flat, OPAQUE, node.position, false);
            break;
          case 'html':
            flat.comments.push(node);
            break;
          case 'break':
            pushMark(flat, ' ', node.position, false);
            break;
          case 'link': {
            const text = toString(node);
            const bare = node.url.replace(/^mailto:/, '');
            if (text === node.url || text === bare || node.url === `http://${text}` || node.url === `https://${text}`) {
              pushMark(flat, OPAQUE, node.position, false);
            } else flatten(node.children, flat);
            break;
          }
          default:
            if ('children' in node) flatten(node.children as PhrasingContent[], flat);
        }
      }
    }

    function pushMark(flat: Flat, ch: string, pos: Position | undefined, covering: boolean) {
      if (covering) flat.covering.add(flat.text.length);
      flat.text += ch;
      const from = pos?.start.offset ?? flat.end.at(-1) ?? 0;
      flat.start.push(from);
      flat.end.push(pos?.end.offset ?? from);
    }

    /** Append a text node, aligning each character with the source (approximate around escapes and entities). */
    function pushText(flat: Flat, value: string, pos: Position | undefined) {
      const from = pos?.start.offset;
      const to = pos?.end.offset;
      if (from === undefined || to === undefined) {
        const at = flat.end.at(-1) ?? 0;
        for (const ch of value) {
          flat.text += ch;
          flat.start.push(at);
          flat.end.push(at);
        }
        return;
      }
      let s = from;
      for (let i = 0; i < value.length; i++) {
        const ch = value[i] as string;
        let k = s;
        while (k < to && k - s < 12 && source[k] !== ch) k++;
        const at = k < to && source[k] === ch ? k : Math.min(s, to);
        flat.text += ch;
        flat.start.push(at);
        flat.end.push(Math.min(at + 1, to));
        s = Math.min(at + 1, to);
      }
    }

    function newFlat(): Flat {
      return { text: '', start: [], end: [], covering: new Set(), comments: [] };
    }

    function report(flat: Flat, from: number, to: number, reason: string, ruleId: string) {
      const a = flat.start[from];
      const b = flat.end[Math.max(from, to - 1)];
      file.message(reason, {
        place: a !== undefined && b !== undefined ? place(a, b) : undefined,
        ruleId,
        source: SOURCE,
      });
    }

    function checkParagraph(node: Paragraph, exempt: boolean) {
      const flat = newFlat();
      flatten(node.children, flat);
      let inlineExempt = false;
      for (const comment of flat.comments) if (readExemptions(comment)) inlineExempt = true;
      if (exempt || inlineExempt) return;
      for (const [a, b] of splitSentences(flat.text)) {
        let covered = false;
        for (const i of flat.covering) if (i >= a && i < b) covered = true;
        if (covered) continue;
        const sentence = flat.text.slice(a, b);
        const findings: Array<[Found, string, string]> = [];
        const quote = findQuotations(sentence)[0];
        if (quote) findings.push([quote, `Quotation “${quote.label}” has no citation in its sentence`, RULES.uncitedQuotation]);
        const figure = findStatistics(sentence)[0];
        if (figure) {
          findings.push([figure, `Figure “${figure.label}” states a quantity but its sentence has no citation`, RULES.uncitedStatistic]);
        }
        const verb = findAttributions(sentence)[0];
        if (verb) {
          findings.push([verb, `Attribution “${verb.label}” reports a source but its sentence has no citation`, RULES.uncitedAttribution]);
        }
        findings.sort((x, y) => x[0].from - y[0].from);
        for (const [span, reason, ruleId] of findings) report(flat, a + span.from, a + span.to, reason, ruleId);
      }
    }

    function checkTable(table: Table, before: RootContent | undefined, after: RootContent | undefined, exempt: boolean) {
      if (exempt) return;
      let figure: Found | undefined;
      let covered = false;
      for (const row of table.children) {
        for (const cell of row.children) {
          const flat = newFlat();
          flatten(cell.children, flat);
          for (const comment of flat.comments) readExemptions(comment);
          if (flat.covering.size > 0) covered = true;
          figure ??= findStatistics(flat.text)[0];
        }
      }
      if (!figure || covered) return;
      const cites = (node: RootContent | undefined) => {
        if (node?.type !== 'paragraph') return false;
        const flat = newFlat();
        flatten(node.children, flat);
        return flat.covering.size > 0;
      };
      if (cites(before)) return;
      if (after?.type === 'paragraph' && /^\s*Table:/.test(toString(after)) && cites(after)) return;
      file.message(
        `Table states figures (“${figure.label}”) but neither the sentence introducing it nor its caption has a citation`,
        { place: table.position, ruleId: RULES.uncitedStatistic, source: SOURCE },
      );
    }

    /** Walk the blocks of a parent, keeping the References section and block exemptions in mind. */
    function walk(children: RootContent[], exemptAll: boolean) {
      let inReferences = 0; // depth of the References heading, 0 when outside
      let pending = false;
      for (let i = 0; i < children.length; i++) {
        const node = children[i] as RootContent;
        if (node.type === 'heading') {
          if (inReferences && node.depth <= inReferences) inReferences = 0;
          if (toString(node).trim().toLowerCase() === referencesTitle) inReferences = node.depth;
          pending = false;
          continue;
        }
        if (inReferences) continue;
        if (node.type === 'html') {
          if (readExemptions(node)) pending = true;
          continue;
        }
        const exempt = exemptAll || pending;
        pending = false;
        switch (node.type) {
          case 'paragraph':
            checkParagraph(node, exempt);
            break;
          case 'table':
            checkTable(node, children[i - 1], children[i + 1], exempt);
            break;
          case 'blockquote':
          case 'list':
          case 'listItem':
          case 'footnoteDefinition':
            walk(node.children as RootContent[], exempt);
            break;
          default:
            break; // code, yaml, thematic breaks, definitions: not claims
        }
      }
    }

    walk(tree.children, false);
  };
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------
// Sentences.

/** Abbreviations whose full stop does not end a sentence (lower case, no final dot). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof gen col lt sgt capt maj adm cmdr rep sen gov pres st jr sr vs v p pp vol vols fig figs ' +
    'cf al approx inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec art sec ch ca c est dept ' +
    'univ mt ft op ed eds trans para paras cl n nn nos e.g i.e a.m p.m u.s u.k u.n e.u a.k.a viz ibid'
  ).split(' '),
);

/** Split prose into sentences: [start, end) offsets, ignoring full stops in abbreviations, decimals and open quotations. */
export function splitSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let begin = 0;
  let curly = 0; // depth of “…”, „…“ and «…»
  let german = false;
  let straight = false;
  const n = text.length;
  const update = (ch: string) => {
    if (ch === '„' || ch === '«') {
      curly++;
      if (ch === '„') german = true;
    } else if (ch === '“') {
      if (german && curly > 0) {
        curly--;
        german = false;
      } else curly++;
    } else if (ch === '”' || ch === '»') curly = Math.max(0, curly - 1);
    else if (ch === '"') straight = !straight;
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i] as string;
    if (!/[.!?…]/.test(ch)) {
      update(ch);
      continue;
    }
    let j = i + 1;
    while (j < n && /[.!?…]/.test(text[j] as string)) j++;
    while (j < n) {
      const c = text[j] as string;
      if (c === '”' || c === '»' || c === '’' || c === ')' || c === ']' || c === NOTE || c === CITE) update(c);
      else if (c === '"' && straight) update(c);
      else if (c === '“' && german) update(c);
      else break;
      j++;
    }
    i = j - 1;
    if (curly > 0 || straight) continue;
    if (j >= n) break;
    if (!/\s/.test(text[j] as string)) continue;
    let k = j;
    while (k < n && /\s/.test(text[k] as string)) k++;
    if (k >= n) break;
    if (/[\p{Ll},;:]/u.test(text[k] as string)) continue;
    // “…?” Al-Zawahiri inquired: a quotation closed by ?/! and followed by its
    // speaker is one sentence.
    if (ch !== '.' && /[”»"]/.test(text.slice(i, j)) && SPEAKER_AFTER.test(text.slice(k, k + 80))) continue;
    if (ch === '.' && isAbbreviation(text, i, text[k] as string)) continue;
    out.push([begin, j]);
    begin = k;
  }
  if (begin < n && text.slice(begin).trim()) out.push([begin, n]);
  return out;
}

const SPEAKER_AFTER =
  /^(?:[\p{Lu}][\p{L}'’-]*\s+){1,4}(?:said|asked|inquired|wrote|added|noted|replied|explained|stated|declared|insisted|remarked|warned|told|argued|wondered|exclaimed)\b/u;

function isAbbreviation(text: string, dot: number, next: string): boolean {
  let w = dot;
  while (w > 0 && /[\p{L}.]/u.test(text[w - 1] as string)) w--;
  const word = text.slice(w, dot);
  if (!word) return false;
  if (/^\p{Lu}$/u.test(word)) return true; // initial
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // U.S, e.g, a.m
  const lower = word.toLowerCase();
  if (lower === 'no') return /\d/.test(next);
  return ABBREVIATIONS.has(lower);
}

// ---------------------------------------------------------------------------
// Quotations.

const TITLE_BEFORE = new RegExp(
  String.raw`(?:\b(?:titled|entitled|called|named|dubbed|nicknamed|code-?named|codenamed|known\s+as|so-called|call(?:s|ed|ing)?\s+(?:itself|themselves)|styled|headlined)` +
    String.raw`|\b(?:term|terms|word|words|phrase|expression|label|hashtag|motto|name|title|headline|operation|report|book|article|paper|study|essay|speech|address|lecture|film|documentary|video|podcast|series|column|op-ed|chapter|strategy|programme|program|initiative|campaign|exercise|song|poem|novel|volume|album|memoir|blog|newsletter))` +
    String.raw`[\s,:]*$`,
  'iu',
);

/** Quotations in a sentence that are not introduced as a title or name. */
export function findQuotations(s: string): Found[] {
  return quotedSpans(s).filter((q) => !q.title);
}

/** Every span in quotation marks, titles and names included. */
function quotedSpans(s: string): Array<Found & { title: boolean }> {
  const found: Array<Found & { title: boolean }> = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    let close = -1;
    if (ch === '“') close = s.indexOf('”', i + 1);
    else if (ch === '„') close = firstOf(s, i + 1, ['“', '”']);
    else if (ch === '«') close = s.indexOf('»', i + 1);
    else if (ch === '"') close = s.indexOf('"', i + 1);
    else if ((ch === '‘' || ch === "'") && opensSingle(s, i)) close = closingSingle(s, i, ch === '‘' ? '’' : "'");
    if (close > i) {
      const inner = s.slice(i + 1, close);
      if (/\p{L}\P{L}*\p{L}/u.test(inner)) {
        // at least two letters: rock 'n' roll is not a quotation
        found.push({ from: i, to: close + 1, label: shorten(inner), title: TITLE_BEFORE.test(s.slice(0, i)) });
      }
      i = close + 1;
      continue;
    }
    i++;
  }
  return found;
}

function firstOf(s: string, from: number, chars: string[]): number {
  let best = -1;
  for (const c of chars) {
    const at = s.indexOf(c, from);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

/** A single quote opens a quotation only at the start of a word. */
function opensSingle(s: string, i: number): boolean {
  const before = s[i - 1];
  const after = s[i + 1];
  return (before === undefined || /[\s([—–-]/.test(before)) && after !== undefined && /\p{L}/u.test(after);
}

/** The matching closing single quote: at the end of a word, not an apostrophe inside one. */
function closingSingle(s: string, open: number, quote: string): number {
  for (let j = open + 2; j < s.length; j++) {
    if (s[j] !== quote) continue;
    const after = s[j + 1];
    if (after !== undefined && /[\p{L}\p{N}]/u.test(after)) continue; // can’t, Daesh’s
    if (!/\S/.test(s[j - 1] ?? ' ')) continue;
    return j;
  }
  return -1;
}

function shorten(inner: string): string {
  const words = inner.trim().split(/\s+/);
  if (words.length <= 4) return inner.trim();
  return words.slice(0, 4).join(' ').replace(/[,;:]$/, '') + '…';
}

// ---------------------------------------------------------------------------
// Statistics.

const MONTHS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);
/** Words before a number that make it a label (Section 4, Resolution 2254), not a quantity. */
const REFERENCE_WORDS = new Set(
  (
    'section sections sec chapter chapters ch chap page pages p pp article articles art paragraph para paras ' +
    'resolution resolutions res table tables figure figures fig figs annex appendix no nos number version v ' +
    'room line lines item items clause rule step phase level tier stage round session exhibit footnote footnotes ' +
    'note notes box map chart grade route flight platform gate act law bill protocol amendment point points part ' +
    'parts unit volume vol vols issue episode season cop question q class category type model mark mk block ' +
    'district zone sector lot door building floor recommendation recommendations option options scenario'
  ).split(' '),
);
const NUMBER = /(?<![\p{L}\p{N}_.,\/:]|\p{L}-)((?:US|A|C|HK|NZ|S)?[$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(st|nd|rd|th|s|bn|tn|mn|m|k|%)?(?![\p{L}\p{N}_\/]|-\p{L}|[.,]\d|:\d)/gu;
const UNIT_AFTER = /^\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|basis\s+points\b|bps\b|million\b|billion\b|trillion\b|bn\b|tn\b)/iu;
const QUANTITY_NOUN = /^\s+(?:people|persons|troops|soldiers|fighters|civilians|deaths|casualties|attacks|operations|incidents|refugees|migrants|tonnes|tons|barrels|km|miles|dollars|euros|pounds|members|cases|households|families|villages|vehicles|tanks|aircraft|jobs|workers|students|children|women|men)\b/iu;
const RANK_AFTER = /^[\s-]+(?:place|position|spot|largest|biggest|highest|lowest|smallest|richest|poorest|busiest|deadliest|most|least|globally|worldwide|in\s+the\s+world|out\s+of|among|on\s+the\s+list)\b/iu;
const TIME_AFTER = /^\s*(?:[ap]\.?m\.?(?!\p{L})|gmt\b|utc\b|o[’']clock\b|hrs\b|h\b)/iu;
const DURATION_AFTER = /^[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)\b/iu;

const WORDNUM =
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand';
const SPELLED = new RegExp(String.raw`(?<![\p{L}-])(?:${WORDNUM})(?:[- ](?:${WORDNUM}|one)(?![\p{L}]))*(?![\p{L}-])`, 'giu');
const DETERMINER_BEFORE = /(?:^|[\s(])(?:the|these|those|its|their|his|her|our|both|all|every|each|first|last|next|past|previous|other|your|my|any|these)\s+$/iu;
/** Nouns counted by the writer's own structure, or time, after a number word: not a statistic. */
const STRUCTURE_AFTER =
  /^\s+(?:times?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|generations?|terms?|ways?|sides?|things?|reasons?|options?|questions?|lessons?|points?|scenarios?|steps?|stages?|phases?|rounds?|parts?|pillars?|priorities|goals?|principles?|levels?|dimensions?|aspects?|factors?|sections?|chapters?|recommendations?|approaches|models?|categories|elements?|issues?|areas?|tracks?|objectives?)\b/iu;
const OTHER_FIGURES: RegExp[] = [
  /\b(?:dozens|hundreds|thousands|millions|billions|scores|tens\s+of\s+thousands)\s+of\b/giu,
  /\b(?:a|one|two|three|four)[- ](?:half|third|quarter|fifth|tenth)s?\s+of\b/giu,
  /\b(?:two|three)[- ](?:thirds|quarters|fifths)\b/giu,
  /\bby\s+(?:a|one)[- ](?:half|third|quarter|fifth|tenth)\b/giu,
  /\b(?:tens|hundreds)\s+of\s+(?:thousands|millions)\b/giu,
  /(?<!\b(?:first|second|latter|other|the|back|front)\s)\bhalf\b(?!-)/giu,
  /\b(?:doubled|tripled|trebled|quadrupled|halved|doubling|tripling|halving|\d+-fold|(?:two|three|four|five|ten)-?fold)\b/giu,
  /\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ](?:largest|biggest|highest|lowest|smallest|richest|poorest|busiest|deadliest|most|least|fastest|slowest|strongest|weakest|worst|best)\b/giu,
  /\bone\s+(?:in|out\s+of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b/giu,
  /\b(?:a|half\s+a)\s+dozen\b/giu,
];

/** Figures in a sentence that state a quantity, first one first. */
export function findStatistics(s: string): Found[] {
  const found: Found[] = [];
  for (const m of s.matchAll(NUMBER)) {
    const from = m.index;
    let to = from + m[0].length;
    const after = s.slice(to);
    const unit = UNIT_AFTER.exec(after);
    if (isQuantity(s, m, after, Boolean(unit))) {
      if (unit) to += unit[0].length;
      found.push({ from, to, label: s.slice(from, to) });
    }
  }
  for (const m of s.matchAll(SPELLED)) {
    const from = m.index;
    const to = from + m[0].length;
    if (isSpelledCount(s.slice(0, from), s.slice(to))) {
      const label = spelledLabel(s, from, to);
      found.push({ from, to: from + label.length, label });
    }
  }
  for (const re of OTHER_FIGURES) {
    for (const m of s.matchAll(re)) found.push({ from: m.index, to: m.index + m[0].length, label: m[0] });
  }
  return found.sort((a, b) => a.from - b.from);
}

function isQuantity(s: string, m: RegExpMatchArray, after: string, hasUnit: boolean): boolean {
  const currency = m[1];
  const digits = m[2] ?? '';
  const decimals = m[3];
  const suffix = m[4];
  if (currency || hasUnit || (suffix && /^(?:bn|tn|mn|m|k|%)$/.test(suffix))) return true;
  const before = s.slice(0, m.index);
  const prev = /(\p{L}+)\.?\s*$/u.exec(before)?.[1]?.toLowerCase();
  const next = /^\s*(\p{L}+)/u.exec(after)?.[1]?.toLowerCase();
  if (prev && REFERENCE_WORDS.has(prev) && /\s$|\.\s?$/.test(before)) return false;
  if ((prev && MONTHS.has(prev)) || (next && MONTHS.has(next))) return false;
  const range = /^\s*(?:[-–]|to|and|until)\s*\d{1,2}(?:st|nd|rd|th)?\s+(\p{L}+)/iu.exec(after);
  if (range && MONTHS.has((range[1] ?? '').toLowerCase())) return false; // 12 to 14 June
  if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') {
    return RANK_AFTER.test(after) || /\b(?:ranks?|ranked|ranking|placed|finished|came)\s+$/iu.test(before);
  }
  if (suffix === 's') return false; // a decade: the 1990s
  const value = Number(digits.replace(/,/g, ''));
  if (!decimals && digits.length === 4 && value >= 1500 && value <= 2100 && !QUANTITY_NOUN.test(after)) return false;
  if (TIME_AFTER.test(after) || DURATION_AFTER.test(after)) return false;
  return true;
}

function isSpelledCount(before: string, after: string): boolean {
  if (DETERMINER_BEFORE.test(before)) return false;
  if (/^\s+of\b/iu.test(after)) return true;
  if (STRUCTURE_AFTER.test(after)) return false;
  if (/^\s+(?:and|or|to|in|at|by|on|per|more|fewer|less)\b/iu.test(after)) return false;
  return /^\s+\p{Ll}/u.test(after);
}

/** “two of its members”, “seven ministers”: the number word and the next word or two. */
function spelledLabel(s: string, from: number, to: number): string {
  const more = /^\s+of\s+\S+\s+\S+|^\s+[\p{L}’'-]+/u.exec(s.slice(to));
  return s.slice(from, to + (more ? more[0].length : 0)).replace(/[,;:.]$/, '');
}

// ---------------------------------------------------------------------------
// Attributions.

const ATTRIBUTION = new RegExp(
  String.raw`\b(?:according\s+to|reportedly|allegedly|purportedly|in\s+an?\s+(?:statement|press\s+release|interview|communiqu[ée]|press\s+conference)` +
    String.raw`|(?:is|are|was|were|been|being)\s+(?:said|reported|alleged|claimed|quoted)\s+(?:to|as)\b|an\s+estimated` +
    String.raw`|say|says|said|told|tells|stated|claimed|claims?(?=\s+(?:that|to)\b)|reported|reports?(?=\s+that\b|\s*[.,;]?$)|announced|announces` +
    String.raw`|argued|argues|argue|estimated|estimates|estimate|found|finds|warned|warns|warn|noted|notes(?=\s+that\b)|acknowledged|acknowledges` +
    String.raw`|admitted|admits|denied|denies|deny|insisted|insists|insist|asserted|asserts|alleged|alleges|confirmed|confirms` +
    String.raw`|revealed|reveals|concluded(?=\s+that\b)|concludes(?=\s+that\b)|suggests|suggested|suggest|shows|showed|show|wrote|writes` +
    String.raw`|testified|declared|declares|vowed|vows|pledged|pledges|promised|promises|described|describes|describe|accused|accuses` +
    String.raw`|urged|urges|called|calls|labell?ed|branded|dismissed|dismisses|projects|projected|forecasts?|predicted|predicts` +
    String.raw`|maintained|maintains|signall?ed|signals|asked|asks|chanted|believe|believes|quoted|citing|spoke\s+of|speaks\s+of` +
    String.raw`|threatened|threatens|conceded|concedes|disclosed|discloses|expects?|fears?)\b`,
  'giu',
);
/** The writer speaking: we argue, this brief finds, as noted above. */
const SELF_BEFORE =
  /(?:(?:^|[\s(,;—–])(?:we|i|this\s+(?:brief|paper|report|note|analysis|study|chapter|section|article|essay|piece|memo)|the\s+(?:present|current)\s+\w+|the\s+authors?|our\s+\w+)\s+(?:\w+\s+){0,2}|(?:^|[\s(,;—–])as\s+(?:\w+ly\s+)?)$/iu;
/** The writer's hedge: one could argue, one might say. */
const GENERIC_ONE_BEFORE = /(?:^|[\s(,;—–])one\s+(?:could|might|may|can|would|should|must)\s+(?:also\s+|well\s+)?$/iu;
const ADJECTIVE_BEFORE = /(?:^|[\s(])(?:the|a|an|its|their|his|her|our|this|these|those|your|my)\s+$/iu;
const DOCUMENT_BEFORE =
  /\b(?:study|studies|report|reports|survey|surveys|poll|polls|polling|audit|review|analysis|investigation|inquiry|researchers?|investigators?|inspectors?|panel|commission|court|tribunal|experts?|data|evidence|evaluation|census|assessment|probe|scientists?|team|research|memo|cable|documents?|footage|video|figures|statistics|estimates|records?|archive|filings?|paper|article)\b(?:\s+[\p{L}’'-]+){0,3}\s+$/iu;
/** Groups whose expectations and fears a writer reports: analysts expect, officials fear. */
const GROUP_BEFORE =
  /\b(?:analysts|economists|markets|investors|officials|experts|forecasters|observers|diplomats|traders|critics|residents|witnesses|sources|activists|commentators|scholars|researchers|insiders|aides|allies|governments|leaders)\s+(?:\p{L}+\s+)?$/iu;
/** The writer pointing at their own material: these figures show, this suggests. */
const OWN_MATERIAL_BEFORE = /\b(?:this|these|our|the\s+(?:above|following))\s+(?:\p{L}+\s+)?$/iu;
const FORECASTER_BEFORE =
  /(?:\b\p{Lu}{2,}|\b(?:Bank|Fund|Office|Agency|Ministry|Commission|Council|Institute|Organi[sz]ation|Administration|Department|Service|Board|government|forecasters|economists|analysts|ministry|agency|bank|fund))\s+$/u;

/** Reporting verbs and phrases in a sentence whose subject is not the writer. */
export function findAttributions(s: string): Found[] {
  const found: Found[] = [];
  const quoted = quotedSpans(s);
  for (const m of s.matchAll(ATTRIBUTION)) {
    const from = m.index;
    const to = from + m[0].length;
    if (quoted.some((q) => from > q.from && to < q.to)) continue; // the source's own words
    if (isAttribution(m[0].toLowerCase().replace(/\s+/g, ' '), s.slice(0, from), s.slice(to))) {
      found.push({ from, to, label: m[0] });
    }
  }
  return found;
}

function isAttribution(verb: string, before: string, after: string): boolean {
  if (/-$/.test(before)) return false; // so-called, self-described
  if (verb.includes(' ') || verb === 'reportedly' || verb === 'allegedly' || verb === 'purportedly') {
    return true; // according to, is said to, an estimated, in a statement
  }
  if (SELF_BEFORE.test(before) || GENERIC_ONE_BEFORE.test(before)) return false;
  if (ADJECTIVE_BEFORE.test(before)) return false; // the reported cases, its stated goal, a say
  if (/\bto\s+$/iu.test(before)) return false; // needless to say, refuse to confirm
  switch (verb) {
    case 'said':
      return !(/(?:^|\s)that\s+$/iu.test(before) && /^\s*,/.test(after)); // that said,
    case 'found':
    case 'finds':
      if (/\b(?:was|were|been|be|being|is|are)\s+$/iu.test(before)) return false;
      if (OWN_MATERIAL_BEFORE.test(before)) return false;
      return /^\s+that\b/iu.test(after) || DOCUMENT_BEFORE.test(before);
    case 'expect':
    case 'expects':
    case 'fear':
    case 'fears':
      return GROUP_BEFORE.test(before) || FORECASTER_BEFORE.test(before);
    case 'shows':
    case 'showed':
    case 'show':
    case 'suggests':
    case 'suggested':
    case 'suggest':
      if (OWN_MATERIAL_BEFORE.test(before)) return false;
      return DOCUMENT_BEFORE.test(before) || (/^show/.test(verb) && /^\s+that\b/iu.test(after) && !/\b(?:this|it|which)\s+$/iu.test(before));
    case 'claimed':
    case 'claims':
    case 'claim':
      return !/^\s+(?:the\s+)?(?:lives?|a\s+(?:\w+\s+)?toll|victims|casualties)\b/iu.test(after);
    case 'called':
    case 'calls':
      if (verb === 'calls' && /(?:\b\p{L}+ed|\b(?:growing|fresh|new|many|international|public|urgent|further|similar|mounting|louder))\s+$/iu.test(before)) {
        return false; // renewed calls for justice
      }
      return /^\s+(?:for|on|upon|the|it|them|him|her|this|these|that|those|his|their|its|a|an)\b/iu.test(after);
    case 'projects':
    case 'projected':
    case 'forecast':
    case 'forecasts':
      return FORECASTER_BEFORE.test(before);
    case 'maintained':
    case 'maintains':
      return /^\s+that\b/iu.test(after);
    case 'described':
    case 'describes':
    case 'noted':
      return !/^\s+(?:in|above|below|here|earlier|later|previously)\b/iu.test(after);
    case 'say':
    case 'says':
      return !/^\s*,/.test(after); // say, Egypt
    default:
      return true;
  }
}

