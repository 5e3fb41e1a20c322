/**
 * remark plugin: warn about claims that need a source but whose sentence has no
 * citation — quotations, statistics and attributions — and about exemption
 * comments that give no reason. Run it after `remark-citations` (it looks for
 * `citation` nodes). Every finding is a message with a `ruleId` from `RULES`.
 *
 * The parts, in `claims/`: `flatten.ts` (a paragraph to text, mapped back to
 * the source once), `sentences.ts` (parse-english), `sources.ts` (which
 * footnotes give a source), `language.ts` (wink-nlp's part-of-speech and
 * entity model), one file per rule (`quotations.ts`, `statistics.ts`,
 * `attributions.ts`, each with the examples its tests run) and
 * `exemptions.ts`.
 *
 * - Coverage: a citation covers its own sentence. A sentence is covered when it
 *   holds a `citation` node or a footnote reference whose note gives a source
 *   (see `sources.ts`). A marker right after the full stop belongs to the
 *   sentence before it.
 * - Not checked: headings, front matter, code, HTML, images, URLs, the
 *   References section (after a heading whose text is `referencesTitle` or a
 *   usual name — Bibliography, Works cited, Notes, … — until a heading of the
 *   same or higher rank). In sections of the document's own
 *   results or methods (Results, Methods, Evaluation, …) figures are not
 *   claims.
 * - Tables: a table whose cells state figures is covered by a citation in the
 *   paragraph directly before it, in a `Table:` caption after it, or in a
 *   cell; otherwise `uncited-statistic` fires once, at the table.
 * - One message per rule per sentence; one citation fixes the whole sentence.
 */
import type { Paragraph, Root, RootContent, Table } from 'mdast';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { toString } from 'mdast-util-to-string';
import { RULES, SOURCE, type RuleId } from '../lib/rules.ts';
import type {} from '../lib/types.ts';
import { findAttributions } from './claims/attributions.ts';
import { exemptionReader } from './claims/exemptions.ts';
import { flatten, type Flat } from './claims/flatten.ts';
import { looksEnglish } from './claims/language.ts';
import { findQuotations } from './claims/quotations.ts';
import { splitSentences } from './claims/sentences.ts';
import { readsAsReference, sourceNotes } from './claims/sources.ts';
import { findStatistics } from './claims/statistics.ts';
import { OWN_VOICE, type Found } from './claims/types.ts';

export type { Exemption } from './claims/exemptions.ts';

export interface Options {
  /** Heading text that opens the bibliography (not checked). Default `'References'`. */
  referencesTitle?: string | null;
  /** Keyword of exemption comments, as in `<!-- cite-ok: reason -->`. Default: `'cite-ok'`. */
  exemptionMarker?: string | null;
  /**
   * The document's language (BCP 47). The claim rules are written for English:
   * for another language, or a text that does not read as English, they say
   * nothing (exemption comments are still read). Default: `'en'`.
   */
  lang?: string | null;
  /**
   * What earlier runs found: the sentences of each paragraph's text, and
   * each sentence's findings by its text and paragraph facts
   * (`sentenceFindings`). The check stage keeps them on disk, so a check
   * after an edit reads only the changed sentences, and the part-of-speech
   * model is loaded only when a sentence is new. Values are JSON.
   */
  /** Whether a citation key names a bibliography entry: a key shaped like a cross-reference that does is a source. */
  isEntry?: ((key: string) => boolean) | null;
  memo?: { get(key: string): unknown; set(key: string, value: unknown): void } | null;
}

/** Headings of bibliography, endnote and acknowledgement sections (besides `referencesTitle`): not prose with claims. */
const BIBLIOGRAPHY_HEADING =
  /^(?:references?|reference\s+list|bibliography|select\s+bibliography|works\s+cited|literature(?:\s+cited)?|sources(?:\s+cited)?|notes|endnotes|footnotes|further\s+reading|citations|acknowledge?ments?|funding|author\s+contributions|contributions|conflicts?\s+of\s+interest|competing\s+interests|data\s+availability|code\s+availability|availability)\s*$/iu;

/** A source written in the sentence: a numbered reference, or a newspaper or inventory named. */
const SOURCE_IN_TEXT = new RegExp(
  String.raw`\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]|` +
    String.raw`\b\p{Lu}[\p{L}’'-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}’'-]*)*\s+(?:Gazette|Herald|Times|Post|Dispatch|Spectator|Journal|Tribune|Guardian|Telegraph|Chronicle|Inquirer|Observer|Courier|Bulletin|Planet|Sentinel|Advertiser|Examiner|Register|Intelligencer|Democrat|Argus|Ledger)\b|` +
    String.raw`\b\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*\s+(?:inventory|database|atlas|census)\b|` +
    // per the UCDP's rules, per Reuters: the source named.
    String.raw`\bper\s+(?:the\s+)?\p{Lu}[\p{L}’'-]+`,
  'u',
);
const QUOTED = /[“"«][^”"»]*[”"»]/gu;
const NUMBERED_AFTER = /^[\s\uE000]*\[{1,2}\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]/u;

/** A quotation opened in this sentence and closed in a later one that is followed by a citation or a numbered reference. */
function quoteClosesCited(text: Flat, a: number, b: number): boolean {
  const sentence = text.text.slice(a, b);
  const open = /[“"«](?=[^”"»]*$)/u.exec(sentence);
  if (!open || (sentence.match(/"/gu)?.length ?? 0) % 2 === 0 && open[0] === '"') return false;
  const close = text.text.slice(b).search(/[”"»]/u);
  if (close === -1) return false;
  const at = b + close + 1;
  if (NUMBERED_AFTER.test(text.text.slice(at, at + 16))) return true;
  for (const i of text.covering) if (i >= at && i < at + 4) return true;
  return false;
}

/** The writer pointing at their own figure or table: see figure 2, as Table 1 shows, (figure 3), these visualizations. */
const OWN_FIGURE = /\b(?:see|in|as\s+(?:shown|seen|indicated)\s+(?:in|by))\s+(?:figures?|fig\.|tables?|maps?|charts?|graphs?)\s+\d|\b(?:these|the\s+above|our|my)\s+(?:visuali[sz]ations|charts|graphs|plots|maps)\b|\((?:see\s+)?(?:figures?|fig\.|tables?|maps?)\s+\d[^)]*\)|\b(?:figure|table|map|chart)\s+\d+\s+(?:shows|illustrates|displays|presents|depicts|maps|summari[sz]es)\b/iu;

/** The writer's own data work: we tracked, I coded, our sample, this study. */
const OWN_DATA =
  /\b(?:[Ww]e|I)\s+(?:have\s+|had\s+)?(?:\p{L}+ly\s+)?(?:tracked|collected|identified|coded|counted|compiled|gathered|analy[sz]ed|recorded|mapped|traced|excluded|included|sampled|surveyed|interviewed|transcribed|digiti[sz]ed)\b|\b(?:[Oo]ur|[Mm]y)\s+(?:sample|data|dataset|database|records|analysis|counts?|survey|corpus|inventory|atlas)\b|\b[Tt]his\s+study\b/u;

/** A quotation followed by a page locator only. */
const LOCATOR_AFTER_QUOTE = /[”"’»]\s*\((?:pp?\.\s*)?\d{1,4}(?:\s*[-–]+\s*\d{1,4})?\)/u;

/** Headings of sections that report the document's own results or methods. */
const OWN_RESULTS_HEADING =
  /^(?:[\dIVX]+(?:\.\d+)*\.?\s+)?(?:results?|methods?|methodology|materials\s+and\s+methods|data\s+and\s+methods?|experiments?|experimental\s+(?:setup|results)|evaluation|benchmarks?|performance|implementation|usage|installation|examples?|statistical\s+analysis|results\s+and\s+discussion)\b/iu;

/** What the claim rules find in one uncovered sentence: spans relative to the sentence, in order. */
export type Finding = [from: number, to: number, label: string, ruleId: ClaimRule];
type ClaimRule = typeof RULES.uncitedQuotation | typeof RULES.uncitedStatistic | typeof RULES.uncitedAttribution;

const REASON: Record<ClaimRule, (label: string) => string> = {
  [RULES.uncitedQuotation]: (label) => `Quotation “${label}” has no citation in its sentence`,
  [RULES.uncitedStatistic]: (label) => `Figure “${label}” states a quantity but its sentence has no citation`,
  [RULES.uncitedAttribution]: (label) => `Attribution “${label}” reports a source but its sentence has no citation`,
};

/**
 * The findings of one sentence: a function of its text and two facts about its
 * paragraph only, so a run can keep them (`Options.memo`) and the next run
 * re-reads only the sentences that changed.
 */
export function sentenceFindings(sentence: string, quoteOnly: boolean, ownFigures: boolean): Finding[] {
  const findings: Finding[] = [];
  const add = (found: Found | undefined, ruleId: ClaimRule) => {
    if (found) findings.push([found.from, found.to, found.label, ruleId]);
  };
  // A sentence pointing at the writer's own figure (shown in figure 4) reads their own material.
  const verb = OWN_FIGURE.test(sentence) ? undefined : findAttributions(sentence)[0];
  add(quoteOnly || OWN_VOICE.test(sentence.replace(QUOTED, ' ')) ? undefined : findQuotations(sentence, verb)[0], RULES.uncitedQuotation);
  add(findStatistics(sentence, { ownResults: ownFigures })[0], RULES.uncitedStatistic);
  add(verb, RULES.uncitedAttribution);
  return findings.sort((x, y) => x[0] - y[0]);
}

/** Check claims in a document and put warnings on the file; never prints. */
export default function remarkClaimCheck(options?: Options | null) {
  const referencesTitle = (options?.referencesTitle ?? 'References').trim().toLowerCase();
  const marker = options?.exemptionMarker ?? 'cite-ok';
  const english = /^en\b/iu.test(options?.lang ?? 'en');
  const memo = options?.memo;
  const isEntry = options?.isEntry ?? undefined;
  function remember<T>(key: string, compute: () => T): T {
    const kept = memo?.get(key);
    if (kept !== undefined) return kept as T;
    const value = compute();
    memo?.set(key, value);
    return value;
  }

  return function transform(tree: Root, file: VFile) {
    const source = String(file);
    const loc = location(file);
    const readExemptions = exemptionReader(file, marker);
    const notes = sourceNotes(tree);
    const flat = (children: Paragraph['children']) => flatten(children, source, (id) => notes.has(id), isEntry);
    const checkClaims = english && looksEnglish(toString(tree));

    function report(text: Flat, from: number, to: number, reason: string, ruleId: RuleId) {
      const a = text.start[from];
      const b = text.end[Math.max(from, to - 1)];
      const start: Point | undefined = a === undefined ? undefined : loc.toPoint(a);
      const end: Point | undefined = b === undefined ? undefined : loc.toPoint(b);
      const place: Position | undefined = start && end ? { start, end } : undefined;
      file.message(reason, { place, ruleId, source: SOURCE });
    }

    function checkParagraph(node: Paragraph, exempt: boolean, ownResults: boolean) {
      const text = flat(node.children);
      let inlineExempt = false;
      for (const comment of text.comments) if (readExemptions(comment)) inlineExempt = true;
      if (exempt || inlineExempt || !checkClaims) return;
      // A template tag (Jekyll, Hugo: {% figure caption: "…" %}), a pandoc div
      // fence (::: {.class}) or an admonition (!!! tip "Title").
      if (/^\s*(?:\{[%{]|:::|!!!|\?\?\?)/u.test(text.text)) return;
      // A reference written out as a paragraph outside the References section.
      const plain = text.text.replace(/[\uE000-\uE002]/gu, ' ');
      if (plain.split(/\s+/u).length < 60 && /^\s*(?:[“"]|\p{Lu}[\p{L}’'.-]+,\s)/u.test(plain) && readsAsReference(plain)) return;
      // A paragraph that shows the writer's own figure or table reports their own analysis: its figures are not claims.
      // So does a paragraph where the writer describes their own data work (we tracked, our sample, this study).
      const ownFigures = ownResults || OWN_FIGURE.test(plain) || OWN_DATA.test(plain);
      // A paragraph that is only a quotation, with nobody named: an example or an output shown.
      const quoteOnly = /^\s*[“"«‘][^“”"«»]*[”"»’][.!?]?\s*$/u.test(text.text.replace(/[\uE000-\uE002]/gu, ''));
      for (const [a, b] of remember(`S\0${text.text}`, () => splitSentences(text.text))) {
        let covered = false;
        for (const i of text.covering) if (i >= a && i < b) covered = true;
        const sentence = text.text.slice(a, b);
        // A quotation followed by a bare page, “(168)” or “(p. 168)”, takes its
        // source from the citation before it in the paragraph.
        if (!covered && LOCATOR_AFTER_QUOTE.test(sentence) && [...text.covering].some((i) => i < a)) covered = true;
        if (covered) continue;
        // A numbered reference ([4], <sup>[4]</sup>), a link to a web page or a
        // named newspaper or inventory in the sentence gives its source as text.
        if (SOURCE_IN_TEXT.test(sentence) || text.links.some((i) => i >= a && i < b)) continue;
        // A numbered reference right after the full stop (… requested." [0].), or after the
        // closing mark of a quotation that runs on into later sentences, is this sentence's source.
        if (NUMBERED_AFTER.test(text.text.slice(b, b + 16)) || quoteClosesCited(text, a, b)) continue;
        const findings = remember(`${quoteOnly ? 'q' : '-'}${ownFigures ? 'o' : '-'}\0${sentence}`, () => sentenceFindings(sentence, quoteOnly, ownFigures));
        for (const [from, to, label, ruleId] of findings) report(text, a + from, a + to, REASON[ruleId](label), ruleId);
      }
    }

    function checkTable(table: Table, before: RootContent | undefined, after: RootContent | undefined, exempt: boolean, ownResults: boolean) {
      if (exempt || ownResults || !checkClaims) return;
      // A table of settings, grades or examples is the writer's own.
      const header = table.children[0] ? toString(table.children[0]) : '';
      if (/\b(?:range|grade|level|score|example|option|parameter|setting|value|default|version|type|name|description|id)\b/iu.test(header)) return;
      let figure: Found | undefined;
      let covered = false;
      for (const row of table.children) {
        for (const cell of row.children) {
          const text = flat(cell.children);
          for (const comment of text.comments) readExemptions(comment);
          if (text.covering.size > 0) covered = true;
          figure ??= remember(`T\0${text.text}`, () => findStatistics(text.text)[0] ?? null) ?? undefined;
        }
      }
      if (!figure || covered) return;
      // Conservative: only tables of figures of the world (percentages, money,
      // thousands), and not a table the writer introduces as their own.
      if (!/[%$€£¥]|\d,\d{3}|million|billion|percent/iu.test(figure.label)) return;
      if (before?.type === 'paragraph' && (OWN_VOICE.test(toString(before)) || /\b(?:table|example)\b/iu.test(toString(before)))) return;
      const cites = (node: RootContent | undefined) => node?.type === 'paragraph' && flat(node.children).covering.size > 0;
      if (cites(before)) return;
      if (after?.type === 'paragraph' && /^\s*Table:/.test(toString(after)) && cites(after)) return;
      file.message(
        `Table states figures (“${figure.label}”) but neither the sentence introducing it nor its caption has a citation`,
        { place: table.position, ruleId: RULES.uncitedStatistic, source: SOURCE },
      );
    }

    /** Walk the blocks of a parent, keeping the References section, own-results sections and block exemptions in mind. */
    function walk(children: RootContent[], exemptAll: boolean, ownResultsAll: boolean) {
      let inReferences = 0; // depth of the References heading, 0 when outside
      let ownResults = 0; // depth of a Results/Methods heading, 0 when outside
      let pending = false;
      for (let i = 0; i < children.length; i++) {
        const node = children[i] as RootContent;
        if (node.type === 'heading') {
          const title = toString(node).trim();
          if (inReferences && node.depth <= inReferences) inReferences = 0;
          if (ownResults && node.depth <= ownResults) ownResults = 0;
          if (title.toLowerCase() === referencesTitle || BIBLIOGRAPHY_HEADING.test(title)) inReferences = node.depth;
          if (OWN_RESULTS_HEADING.test(title)) ownResults = node.depth;
          pending = false;
          continue;
        }
        // Notes are walked wherever their definitions stand (often under a Notes heading).
        if (inReferences && node.type !== 'footnoteDefinition') continue;
        if (node.type === 'html') {
          if (readExemptions(node)) pending = true;
          continue;
        }
        const exempt = exemptAll || pending;
        const own = ownResultsAll || ownResults > 0;
        pending = false;
        switch (node.type) {
          case 'paragraph':
            checkParagraph(node, exempt, own);
            break;
          case 'table':
            checkTable(node, children[i - 1], children[i + 1], exempt, own);
            break;
          case 'footnoteDefinition':
            // A note that gives a source is a reference, not prose with claims.
            if (!notes.has(node.identifier)) walk(node.children, exempt, own);
            break;
          case 'blockquote':
          case 'list':
          case 'listItem':
            walk(node.children as RootContent[], exempt, own);
            break;
          default:
            break; // code, yaml, thematic breaks, definitions: not claims
        }
      }
    }

    walk(tree.children, false, false);
  };
}
