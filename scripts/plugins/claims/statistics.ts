/**
 * uncited-statistic: a figure of the world (“a 53% decrease”, “838
 * operations”, “a 600-acre farm”, “two thirds of voters”, “ranked first”)
 * stated without a source.
 *
 * Candidates come from patterns over the text (digits, number words, ranks,
 * proportions); the part-of-speech and entity model then drops what is not a
 * figure of the world: a year or date (DATE entity, 4-digit years), a time or
 * duration, a version, a page, a figure/table/section number, a postal code,
 * a number that names something (after a proper noun: “Python 3”, “Windows
 * 10”), a measurement of the document's own results (in a Results/Methods
 * section, in a sentence where the writer speaks — “we”, “our”, “this study”
 * — or a statistic written as one: “n = 120”, “accuracy of 0.93”, “2,400 px”), the bare
 * counts of a sentence that tallies a named set (“the other 16 subscribers”, “18 out of 22”), the
 * writer's reading of evidence and the targets of an instruction. When in doubt it says nothing.
 */
import { RULES } from '../../lib/rules.ts';
import { tag, type Token } from './language.ts';
import { OWN_VOICE, type Context, type Example, type Found } from './types.ts';

export const examples: Example[] = [
  { md: 'Attacks fell by 53% in the north.', rules: [RULES.uncitedStatistic], why: 'a percentage' },
  { md: 'Daesh claimed 838 operations in 2023.', rules: [RULES.uncitedAttribution, RULES.uncitedStatistic], why: 'a count; the year is not' },
  { md: 'Two of its members set off their vests.', rules: [RULES.uncitedStatistic], why: 'a count in words' },
  { md: 'The fire destroyed a 600-acre farm.', rules: [RULES.uncitedStatistic], why: 'a figure joined to its unit' },
  { md: 'The suspect, a 33-year-old man, was arrested.', rules: [RULES.uncitedStatistic], why: 'an age joined to its unit' },
  { md: 'Two thirds of voters backed the plan.', rules: [RULES.uncitedStatistic], why: 'a proportion in words' },
  { md: 'The country ranked first in the index.', rules: [RULES.uncitedStatistic], why: 'a rank in words' },
  { md: 'The agreement was signed in 2015.', rules: [], why: 'a year' },
  { md: 'The blast took place on 3 January 2024.', rules: [], why: 'a date' },
  { md: 'Section 4 and page 12 discuss Resolution 2254 and the G20.', rules: [], why: 'labels, not quantities' },
  { md: 'Figure 3 and Table 2 compare the groups.', rules: [], why: 'figure and table numbers' },
  { md: 'It runs on Python 3 and version 2.0 of the library.', rules: [], why: 'versions' },
  { md: 'The institute is at Unter den Linden 6, 10117 Berlin.', rules: [], why: 'an address and postal code' },
  { md: 'We measured an accuracy of 0.93 with n = 120.', rules: [], why: 'the document’s own results' },
  { md: 'Images are scaled to 2,400 px wide.', rules: [], why: 'a technical measurement' },
  { md: 'Data were collected between 2010 and 2015.', rules: [], why: 'years' },
  { md: 'The two countries signed a pact; three options remain.', rules: [], why: 'a determiner, or the writer’s own structure' },
  { md: 'This coincides with the fourth anniversary of the killing.', rules: [], why: 'an ordinal anniversary' },
  { md: 'Derogating states had a nearly 100% probability of imposing restrictions.', rules: [], why: 'a model’s predicted probability' },
  { md: 'Layer 3 institutions limit participation; see Tables 2, 3, and 4.', rules: [], why: 'labels and listed labels' },
  { md: 'The state offered $10,000 to the school and $20,000 to the home.', rules: [RULES.uncitedStatistic], why: 'dollar amounts are not TeX math' },
  { md: 'Troops killed 10 and wounded more than 400. Two weeks later, police raided 17 offices.', rules: [RULES.uncitedStatistic, RULES.uncitedStatistic], why: 'a sentence ends after a number' },
  { md: 'The left half of the diagram shows two avenues of registration.', rules: [], why: 'half as a place; a small count of the writer’s own structure' },
  { md: 'Of the 13 clerical buyers, seven lived in the city; 18 out of 22 traders kept ledgers.', rules: [], why: 'a tally of a set the text has defined (the 13 buyers, N out of M): the writer counting their own material' },
  { md: 'Six of the listed victims survived, and eleven of them later moved away.', rules: [], why: 'a part of a set already named (of the, of them)' },
  { md: 'The framework has three scoring tiers: low, medium and high.', rules: [], why: 'a count that introduces the list that follows' },
  { md: 'Grants (4 possible kinds): (1) seed, (2) bridge, (3) core and (4) capital.', rules: [], why: 'a count that introduces the list that follows, in brackets' },
  { md: 'Set `max_steps` to 3000 and the run stops after 100 batches.', rules: [], why: 'a sentence about software settings (code in it): its figures are settings' },
  { md: 'Two of the three pipelines were damaged.', rules: [RULES.uncitedStatistic], why: 'a share of a whole the sentence counts: a figure of the world' },
  { md: 'Of the top ten donors, ranked by total gifts, six were banks.', rules: [], why: 'a part of a set the sentence names first (Of the …, N)' },
  { md: 'Of the 40 delegates, eleven (28 percent) were women.', rules: [], why: 'a figure in brackets restating a tally' },
  { md: 'Out of 86 cases that year, 70 percent (60 cases) were dismissed.', rules: [RULES.uncitedStatistic], why: 'the share still counts; only the restatement in brackets is skipped' },
  { md: 'The index sorts projects into more than 200 purpose codes and converts between 30 naming schemes.', rules: [], why: 'parts of a classification or a program: its design' },
  { md: 'Superscript: 2^10^ is 1024.', rules: [], why: 'pandoc superscript: arithmetic, not a figure' },
  { md: 'Over two years the author collected forty-eight interviews.', rules: [], why: 'the writer’s own fieldwork in the third person' },
  { md: 'The scale runs from 0 to 5, and most places are coded at levels 2 and 3.', rules: [], why: 'the points of a scale, not quantities' },
  { md: 'The other 16 subscribers held between 7 and 22 people; the majority (11) held 13 or fewer.', rules: [], why: 'a sentence that tallies a named set: its bare counts are the writer’s count' },
  { md: 'The remaining 26 victims were white (24% of the total).', rules: [RULES.uncitedStatistic], why: 'in a tally, a share still counts' },
  { md: 'Based on the available evidence, the courts never sent 100 percent of them away.', rules: [], why: 'the writer’s own reading of the evidence' },
  { md: 'Besides these cases where five men escaped the mob, the papers corrected another.', rules: [], why: 'a count in a recap of cases told before' },
  { md: 'If setup is slow, revisit the configuration to cut setup time by 20% per release.', rules: [], why: 'a target in the writer’s instruction (a bare verb opens the main clause)' },
  { md: 'These visualizations show that nearly one-third of the girls came from rural areas.', rules: [], why: 'the writer pointing at their own visualizations' },
];

const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
/** Words before a number that make it a label (Section 4, Resolution 2254), not a quantity. */
const REFERENCE_WORDS = new Set(
  (
    'section sections sec chapter chapters ch chap page pages p pp article articles art paragraph para paras ' +
    'resolution resolutions res table tables figure figures fig figs annex appendix no nos number version v ' +
    'room line lines item items clause rule step phase level tier stage round session exhibit footnote footnotes ' +
    'note notes box map chart grade route flight platform gate act law bill protocol amendment point points part ' +
    'parts unit volume vol vols issue issues episode season cop question q class category type model mark mk block ' +
    'district zone sector lot door building floor recommendation recommendations option options scenario ' +
    'equation eq eqs listing algorithm panel row rows column columns ref refs isbn issn id pr release python ' +
    'node java ubuntu debian windows ios android macos suite street road avenue hypothesis study experiment lemma theorem code codes grant award contract port ports'
  ).split(' '),
);
const NUMBER =
  /(?<![\p{L}\p{N}_.,\/:#=<>≤≥±~^]|\p{L}-)((?:US|A|C|HK|NZ|S)?[$€£¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(st|nd|rd|th|s|bn|tn|mn|m|k|%)?(?![\p{L}\p{N}_\/^]|-\p{L}|[.,]\d|:\d)/gu;
const UNIT_AFTER = /^\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b|basis\s+points\b|bps\b|million\b|billion\b|trillion\b|bn\b|tn\b)/iu;
const QUANTITY_NOUN =
  /^\s+(?:people|persons|troops|soldiers|fighters|civilians|deaths|casualties|attacks|operations|incidents|refugees|migrants|tonnes|tons|barrels|km|miles|dollars|euros|pounds|members|cases|households|families|villages|vehicles|tanks|aircraft|jobs|workers|students|children|women|men)\b/iu;
const RANK_AFTER =
  /^[\s-]+(?:place|position|spot|largest|biggest|highest|lowest|smallest|richest|poorest|busiest|deadliest|most|least|globally|worldwide|in\s+the\s+world|out\s+of|among|on\s+the\s+list)\b/iu;
const TIME_AFTER = /^\s*(?:[ap]\.?m\.?(?!\p{L})|gmt\b|utc\b|o[’']clock\b|hrs\b|h\b)/iu;
const DURATION_AFTER = /^[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)\b(?!-old)/iu;
/** Units of a technical measurement (image sizes, timings, memory): not a figure of the world. */
const TECH_UNIT_AFTER =
  /^\s?(?:°(?![CF])|(?:px|pt|pts|em|rem|dpi|ppi|fps|ms|µs|ns|s|sec|secs|kb|mb|gb|tb|kib|mib|gib|hz|khz|mhz|ghz|bits?|bytes?|cores?|threads?|epochs?|iterations?|pixels?|characters?|chars?|lines?|rows?|columns?|tokens?|words?|pages?|files?|commits?|samples?|participants?|respondents?|items?|runs?|trials?|seeds?)\b)/iu;
/** Parts of a classification or a program (30 country code schemes, 200 purpose codes): its design, not a figure of the world. */
const SYSTEM_PARTS_AFTER =
  /^\s+(?:[\p{L}-]+\s+){0,2}(?:codes|schemes|formats|standards|encodings|categories|classes|variables|fields|functions|methods|modules|plugins|options|settings|parameters|indicators|metrics|subcategories)\b/iu;
/** A figure joined to its unit by a hyphen: 600-acre, 33-year-old, 1,200-page. */
const JOINED_UNIT =
  /(?<![\p{L}\p{N}_.,\/:#-])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?-(?:acres?|hectares?|miles?|mile-long|km|kilometre|kilometer|metre|meter|foot|feet|ton|tonne|pound|year-old|month-old|day-old|week-old|storey|story|seat|member|strong|man|person|bed|room|page|point|vote)\b/giu;
const STAT_NOTATION_BEFORE = /(?:\b[nNpPrRkKtFdβα]\s*|\b(?:SD|SE|CI|OR|RR|HR|AUC|F1|mean|median|accuracy|precision|recall|score|rate|ratio|error|loss|alpha|beta)\s*(?:of\s+)?)[=<>≤≥:]?\s*$/u;

/** A sentence reporting a statistical model's output: predicted probabilities, credible intervals. */
const MODEL_RESULT =
  /\b(?:probabilit(?:y|ies)|likelihood|(?:more|less|most|least|as)\s+likely|posterior|credible\s+intervals?|confidence\s+intervals?|coefficients?|marginal\s+(?:means?|effects?)|statistically\s+significant|regression|chances?|odds|standard\s+deviations?|p\s*[<=>])\b/iu;
/** The writer's own fieldwork, named in the third person: the author collected, the authors coded. */
const OWN_WORK = /\bthe\s+authors?\s+(?:\p{L}+ly\s+)?(?:collected|conducted|gathered|compiled|coded|interviewed|identified|recorded|counted|surveyed|transcribed)\b/iu;
/**
 * A sentence that tallies a set the text has named (the other 16 subscribers, 18 out of 22, the
 * majority (11), of the 86 cases): its bare counts are the writer's count of that set; shares,
 * sums and amounts still count.
 */
const TALLY = /\b(?:the|these|those)\s+(?:other|remaining)\s+(?:\d+|[\p{L}-]+teen|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b|\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|\b(?:majority|minority|rest|remainder)\s*\(\s*\d+\s*\)|(?:^|[\s(])(?:of|out\s+of)\s+(?:the|these|those)\s+\d+\s/iu;
/** The writer's own reading of the evidence: based on the available evidence, judging from the records. */
const OWN_READING = /\b(?:based\s+on|judging\s+(?:by|from))\s+(?:the|this|our|my)\s+(?:available\s+|surviving\s+|extant\s+)?(?:evidence|records)\b/iu;
/** A count in a recap of cases told before: these cases where five men … */
const RECAP_BEFORE = /\b(?:these|those|such)\s+(?:\p{L}+\s+)?(?:cases|instances|incidents|examples|episodes)\s+(?:where|in\s+which|when|involving)\s+(?:\p{L}+\s+){0,2}$/iu;
/** A sentence about software settings: inline code, an identifier (max_steps, batchSize), an argument that defaults. */
const SETTINGS = /\uE000|\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z][a-z]+\w*\b|\b(?:argument|parameter|hyperparameter|option|flag)s?\s+(?:\S+\s+){0,3}(?:defaults?|is\s+set|are\s+set)\b/u;
/** TeX math or markup: $x$, \\begin{…}, \\footnotesize. */
const MATH = /\$[^$\s](?:[^$]*[^$\s])?\$(?!\d)|\\[a-zA-Z]{2,}|\{\{<|\^\w+\^/u; // pandoc's rule: no digit after the closing $
/** Things counted in the world (after a small number word): two ministers, three villages. */
const WORLD_COUNT_AFTER =
  /^\s+(?:(?:\p{L}+\s+)?(?:people|persons|troops|soldiers|fighters|militants|civilians|deaths|dead|killed|wounded|injured|casualties|victims|hostages|prisoners|detainees|refugees|migrants|attacks|bombings|strikes|raids|operations|incidents|members|ministers|officials|officers|police|judges|lawmakers|senators|deputies|leaders|commanders|children|women|men|girls|boys|students|workers|journalists|activists|protesters|families|households|villages|towns|cities|counties|regions|provinces|districts|countries|states|nations|governments|parties|groups|factions|organi[sz]ations|companies|banks|hospitals|schools|vehicles|tanks|aircraft|ships|drones|missiles|rockets|weapons|tonnes|tons|barrels|miles|kilometres|kilometers|hectares|acres|dollars|euros|votes|seats|cases|arrests|executions|convictions|elections|wars|coups|referendums|protests|demonstrations|massacres|floods|earthquakes|outbreaks)\b)/iu;
/** A part of a set already named: six of the victims, seven of them; Of the 13 …, Of those who … */
const PARTITION = new RegExp(String.raw`^\s+(?:out\s+)?of\s+(?:them\b|(?:the|these|those)\s+(?!(?:${'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred'})\b|\d))`, 'iu'); // not “two of the three pipelines”: a share of a known whole
const PARTITION_BEFORE = /(?:^|[.;]\s*)of\s+(?:the|these|those)\s[^;]*,\s*$/iu;
/** A count that introduces the list that follows: three metric groups: …, (2 possible barriers): (1) … */
const LIST_AFTER = /^(?:[\s-]+[\p{L}’'-]+){1,3}\)?\s*:\s*(?:\(?\d\)|\p{L})/u;
/** A figure in brackets right after a count restates it: eleven (forty-four percent). */
const RESTATED = new RegExp(String.raw`(?:\d|\b(?:${'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|one'}))\s*\(\s*$`, 'iu');
const SMALL = /^(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/iu;

const WORDNUM =
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand';
const SPELLED = new RegExp(String.raw`(?<![\p{L}-])(?:${WORDNUM})(?:[- ](?:${WORDNUM}|one)(?![\p{L}]))*(?![\p{L}-])`, 'giu');
const DETERMINER_BEFORE =
  /(?:^|[\s(])(?:the|these|those|its|their|his|her|our|both|all|every|each|first|last|next|past|previous|other|your|my|any)\s+(?:(?:other|remaining|top|bottom)\s+)?$/iu;
/** Nouns counted by the writer's own structure, or time, after a number word: not a statistic. */
const STRUCTURE_AFTER =
  /^\s+(?:times?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|generations?|terms?|ways?|sides?|things?|reasons?|options?|questions?|lessons?|points?|scenarios?|steps?|stages?|phases?|rounds?|parts?|pillars?|priorities|goals?|principles?|levels?|dimensions?|aspects?|factors?|sections?|chapters?|recommendations?|approaches|models?|categories|elements?|issues?|areas?|tracks?|objectives?|examples?|cases?|types?|kinds?|groups?|main|key|major|different|distinct|separate|broad|basic)\b/iu;
const OTHER_FIGURES: RegExp[] = [
  // Vague quantities only of things in the world: hundreds of protesters, not dozens of requests.
  new RegExp(String.raw`\b(?:dozens|hundreds|thousands|millions|billions|scores|tens\s+of\s+thousands)\s+of(?=${WORLD_COUNT_AFTER.source.slice(1)})`, 'giu'),
  /\b(?:a|one|two|three|four)[- ](?:half|third|quarter|fifth|tenth)s?\s+of\b/giu,
  /\b(?:two|three|four|nine)[- ](?:thirds|quarters|fifths|tenths)\b/giu,
  /\bby\s+(?:a|one)[- ](?:half|third|quarter|fifth|tenth)\b/giu,
  /\b(?:tens|hundreds)\s+of\s+(?:thousands|millions)\b/giu,
  /(?<!\b(?:first|second|latter|other|the|back|front|left|right|top|bottom|upper|lower|northern|southern|eastern|western)\s)\bhalf\b(?!-|\s+(?:a\s+)?(?:mile|hour|day|week|month|year|decade|century|dozen|an?\b))/giu,
  /\b(?:doubled|tripled|trebled|quadrupled|halved|doubling|tripling|halving|\d+-fold|(?:two|three|four|five|ten)-?fold)\b/giu,
  /\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ](?:largest|biggest|highest|lowest|smallest|richest|poorest|busiest|deadliest|most|least|fastest|slowest|strongest|weakest|worst|best)\b/giu,
  /\bone\s+(?:in|out\s+of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b/giu,
  /\b(?:a|half\s+a)\s+dozen\b(?!\s+(?:years?|months?|weeks?|days?|times)\b)/giu,
  /\b(?:rank(?:s|ed)?|placed|finished|came)\s+(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b|\d+(?:st|nd|rd|th)\b)/giu,
];

/** Figures in a sentence that state a quantity of the world, first one first. */
export function findStatistics(s: string, context: Context = { ownResults: false }): Found[] {
  if (context.ownResults || OWN_VOICE.test(s) || OWN_WORK.test(s) || OWN_READING.test(s) || MODEL_RESULT.test(s) || MATH.test(s) || SETTINGS.test(s)) return [];
  const candidates: Array<Found & { digits?: boolean; bare?: boolean }> = [];
  for (const m of s.matchAll(NUMBER)) {
    const from = m.index;
    let to = from + m[0].length;
    const after = s.slice(to);
    const unit = UNIT_AFTER.exec(after);
    if (isQuantity(s, m, after, Boolean(unit))) {
      if (unit) to += unit[0].length;
      candidates.push({ from, to, label: s.slice(from, to), digits: true, bare: !unit && !m[1] && !m[3] && !m[4] });
    }
  }
  for (const m of s.matchAll(JOINED_UNIT)) candidates.push({ from: m.index, to: m.index + m[0].length, label: m[0], digits: true });
  for (const m of s.matchAll(SPELLED)) {
    const from = m.index;
    const to = from + m[0].length;
    const small = SMALL.test(m[0]) && !/^\s+of\b/iu.test(s.slice(to));
    // A small count of things (two pathways, three access methods) is usually the
    // writer's own structure: only counts of things in the world are figures.
    if (small && !WORLD_COUNT_AFTER.test(s.slice(to))) continue;
    if (isSpelledCount(s.slice(0, from), s.slice(to))) {
      const label = spelledLabel(s, from, to);
      candidates.push({ from, to: from + label.length, label, bare: !/percent|hundreds|thousands/iu.test(label) });
    }
  }
  for (const re of OTHER_FIGURES) {
    for (const m of s.matchAll(re)) candidates.push({ from: m.index, to: m.index + m[0].length, label: m[0] });
  }
  if (candidates.length === 0) return [];
  const tokens = tag(s);
  const tally = TALLY.test(s);
  return candidates
    .filter((c) => !c.digits || !namesSomething(s, c, tokens))
    .filter((c) => !(c.bare && (tally || RECAP_BEFORE.test(s.slice(0, c.from)))))
    .filter(() => !imperative(s, tokens))
    .sort((a, b) => a.from - b.from)
    .map(({ from, to, label }) => ({ from, to, label }));
}

/**
 * The writer's instruction or target, not a figure of the world: a main clause that starts with a
 * bare verb, at the start or after a leading if/when clause (… is slow, revisit the setup to cut
 * time by 20%).
 */
function imperative(s: string, tokens: Token[]): boolean {
  // A bare verb with its object or complement after it (revisit the setup), not a noun phrase (Reprint volumes from …).
  const bare = (i: number) => {
    const t = tokens[i];
    return t !== undefined && t.pos === 'VERB' && /^\p{L}+$/u.test(t.text) && !/(?:ing|ed|s)$/iu.test(t.text) && /^(?:DET|PRON|ADP|PART|ADV|NUM)$/u.test(tokens[i + 1]?.pos ?? '');
  };
  const start = tokens.findIndex((t) => t.pos !== 'PUNCT');
  if (bare(start)) return true;
  if (!/^(?:if|when|where|once|unless|before|after|while)$/iu.test(tokens[start]?.text ?? '')) return false;
  return tokens.some((_, i) => i > start && tokens[i - 1]?.text === ',' && bare(i));
}

/** The model's view of a number: a date, a time, a name (Python 3), a postal code. */
function namesSomething(s: string, c: Found, tokens: Token[]): boolean {
  if (/[%$€£¥]|percent|million|billion|trillion|-/iu.test(c.label)) return false;
  const i = tokens.findIndex((t) => t.from <= c.from && t.to > c.from);
  const token = tokens[i];
  if (!token) return false;
  if (token.entity === 'DATE' || token.entity === 'TIME' || token.entity === 'DURATION') return true;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const digits = c.label.replace(/\D/g, '');
  const plain = !/,/.test(c.label);
  // A number after a singular noun is a label: layer 3, level 5, expectation 1, step 2.
  if (prev?.pos === 'NOUN' && prev.to === c.from - 1 && !/s$/iu.test(prev.text) && digits.length <= 3 && !/\./.test(c.label) && !/^\s*[-–]?\s*(?:%|percent)/iu.test(s.slice(c.to))) return true;
  // A number that follows a name names something: Python 3, Windows 10, Kerman 2.
  if (prev?.pos === 'PROPN' && prev.to === c.from - 1 && /^\p{Lu}/u.test(prev.text) && !QUANTITY_NOUN.test(s.slice(c.to))) return true;
  // A postal code: four or more digits, no thousands separator, next to a name.
  if (plain && digits.length >= 4 && (prev?.pos === 'PROPN' || next?.pos === 'PROPN')) return true;
  return false;
}

function isQuantity(s: string, m: RegExpMatchArray, after: string, hasUnit: boolean): boolean {
  const currency = m[1];
  const digits = m[2] ?? '';
  const decimals = m[3];
  const suffix = m[4];
  const before = s.slice(0, m.index);
  if (STAT_NOTATION_BEFORE.test(before)) return false; // n = 120, accuracy of 0.93
  if (!currency && !hasUnit && !suffix) {
    // A definite description (the 13 subscribers, these 40 letters): a set the text has named.
    if (/(?:^|[\s(])(?:the|these|those|its|their|his|her|our|all)\s+(?:(?:other|remaining|top|bottom|first|last)\s+)?$/iu.test(before)) return false;
    // A part of a whole: 42 of 51, 18 out of 22, 185 of 302 — a tally of a set, usually the writer's own.
    if (/^\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+)?\d/iu.test(after) || /\d\s+(?:out\s+)?of\s+(?:the\s+)?$/iu.test(before)) return false;
    if (PARTITION.test(after) || PARTITION_BEFORE.test(before)) return false;
    // The points of a scale or code: from 0 to 1, levels 2 and 3, −3 to 3.
    if (Number(digits) <= 10 && (/^\s*(?:to|and|or|[-–])\s*[−-]?(?:10|\d)\b(?![.,]?\d|\s*(?:%|percent|\p{L}))/u.test(after) || /\b(?:from|roughly|between|to|and)\s+[−-]?$/iu.test(before) && /\b(?:from|between|scale|ranges?|levels?|coded)\b/iu.test(before))) return false;
    // A figure in brackets after a count restates it: eleven (forty-four percent), 70 percent (60 cases).
  }
  if (LIST_AFTER.test(after)) return false; // three metric groups: base, …
  if (RESTATED.test(before)) return false;
  if (/\d\s*[-–—]{1,3}\s*$/u.test(before)) return false; // the end of a range: judged by its start
  if (/(?:^|[\s(])$/u.test(before) && /^\)/u.test(after) && digits.length <= 2) return false; // an enumerator: (1), 1)
  if (/\|\s*$/u.test(before) || /^\s*\|/u.test(after)) return false; // a table or list of versions: 3.8 | 3.9
  if (/[“"‘«]$/u.test(before) || /^[”"’»]/u.test(after)) return false; // a code in quotation marks: "612"
  if (!decimals && !m[1] && !m[4] && !/,/.test(digits) && digits.length >= 5 && !UNIT_AFTER.test(after)) return false; // an identifier: 1436622
  if (/(?:\w_\w+|\uE000)\s*(?:is|=|of|to)?\s*$/u.test(before)) return false; // generate_every is 1000, `limit` is 5: a setting
  if (/\b(?:set\s+to|value\s+of|equals?|equal\s+to|defaults?\s+to|divided?\s+(?:\S+\s+){0,8}by|multiplied\s+by|is\s+set\s+to)\s*$/iu.test(before)) return false; // a setting
  if (/^100$/u.test(digits) && /^100\s?(?:%|percent)\s+(?:\p{L}+ly\s+)?(?:robust|transparent|sure|certain|committed|safe|correct|accurate|reliable|free|compatible|open|honest)\b/iu.test(s.slice(m.index ?? 0))) return false; // 100% robust: a manner of speaking
  if (currency || hasUnit || (suffix && /^(?:bn|tn|mn|m|k|%)$/.test(suffix))) return true;
  if (TECH_UNIT_AFTER.test(after) || SYSTEM_PARTS_AFTER.test(after)) return false;
  const prev = /(\p{L}+)\.?\s*$/u.exec(before)?.[1]?.toLowerCase();
  const next = /^\s*(\p{L}+)/u.exec(after)?.[1]?.toLowerCase();
  if (prev && REFERENCE_WORDS.has(prev) && /\s$|\.\s?$/.test(before)) return false;
  // The next label in a list: codes 150 and 151, Tables 2, 3 and 4.
  const listed = /(\p{L}+)\.?\s+[\p{N}\p{Lu}.]+(?:\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*[\p{N}\p{Lu}.]+)*\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*$/u.exec(before);
  if (listed && REFERENCE_WORDS.has((listed[1] ?? '').toLowerCase())) return false;
  if ((prev && MONTHS.has(prev)) || (next && MONTHS.has(next))) return false;
  const range = /^\s*(?:[-–]|to|and|until)\s*\d{1,2}(?:st|nd|rd|th)?\s+(\p{L}+)/iu.exec(after);
  if (range && MONTHS.has((range[1] ?? '').toLowerCase())) return false; // 12 to 14 June
  if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') {
    return RANK_AFTER.test(after) || /\b(?:ranks?|ranked|ranking|placed|finished|came)\s+$/iu.test(before);
  }
  if (suffix === 's') return false; // a decade: the 1990s
  if (decimals && Number(digits) === 0 && !QUANTITY_NOUN.test(after)) return false; // a coefficient: 0.93
  const value = Number(digits.replace(/,/g, ''));
  if (!decimals && digits.length === 4 && value >= 1500 && value <= 2100 && !QUANTITY_NOUN.test(after)) return false;
  if (TIME_AFTER.test(after) || DURATION_AFTER.test(after)) return false;
  if (/^\s*[-–]\s*\d/u.test(after) && /\b(?:pp?|pages?)\.?\s*$/iu.test(before)) return false;
  return true;
}

function isSpelledCount(before: string, after: string): boolean {
  if (DETERMINER_BEFORE.test(before)) return false;
  if (PARTITION.test(after) || PARTITION_BEFORE.test(before) || LIST_AFTER.test(after) || RESTATED.test(before)) return false;
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
