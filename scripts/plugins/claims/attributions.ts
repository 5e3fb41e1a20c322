/**
 * uncited-attribution: a reporting verb or phrase with a source as its subject (“officials said”,
 * “the report concluded”, “according to”, “records indicate”, “the directive states that”)
 * without a citation.
 *
 * Candidates come from a list of reporting verbs and phrases; the part-of-speech model drops a
 * word used as a noun (“clearer signals”, “his claims”) and the context drops the writer's own
 * voice (“we argue”, “this brief finds”, “as noted above”), the document's own material (“Table 2
 * shows”, “these results suggest”) and verbs used in another sense (“countries declared
 * emergencies”, “was charged with murder”, “claimed the lives of”). When in doubt it says nothing.
 */
import { RULES } from '../../lib/rules.ts';
import { tag } from './language.ts';
import { quotedSpans } from './quotations.ts';
import { OWN_VOICE, type Example, type Found } from './types.ts';
import {
  SELF_BEFORE,
  GENERIC_ONE_BEFORE,
  ADJECTIVE_BEFORE,
  DOCUMENT_BEFORE,
  RESEARCH_BEFORE,
  GROUP_BEFORE,
  OWN_MATERIAL_BEFORE,
  FORECASTER_BEFORE,
  sourceSubject,
  EVIDENCE_BEFORE,
  INDICATE_SOURCE,
  UNIT_AFTER,
  MEASURE_BEFORE,
  PUBLISHER_AFTER,
  SPEECH_AFTER,
} from './attribution-context.ts';

export const examples: Example[] = [
  { md: 'Officials said the road was closed.', rules: [RULES.uncitedAttribution], why: 'a reporting verb' },
  { md: 'According to the ministry, the road was closed.', rules: [RULES.uncitedAttribution], why: 'a reporting phrase' },
  { md: 'The commission concluded that the warnings had been ignored.', rules: [RULES.uncitedAttribution], why: 'concluded' },
  { md: 'He resigned, stating that the party had lost its way.', rules: [RULES.uncitedAttribution], why: 'stating that' },
  { md: 'The ambassador commended the rescue teams.', rules: [RULES.uncitedAttribution], why: 'commended' },
  { md: 'Research has shown that sanctions rarely work.', rules: [RULES.uncitedAttribution], why: 'has shown' },
  { md: 'Prosecutors charged that the firm hid its losses.', rules: [RULES.uncitedAttribution], why: 'charged that' },
  { md: 'Records indicate the convoy left at dawn.', rules: [RULES.uncitedAttribution], why: 'records indicate' },
  { md: 'The directive states that platforms must act within a day.', rules: [RULES.uncitedAttribution], why: 'states that, with a document as subject' },
  { md: 'Member states that ratified the treaty met in Vienna.', rules: [], why: 'states as a noun: countries' },
  { md: 'Markets are sending clearer signals about rates.', rules: [], why: 'a noun, not a verb' },
  { md: 'Several countries declared emergencies after the floods.', rules: [], why: 'declared in another sense' },
  { md: 'He was charged with murder.', rules: [], why: 'charged in another sense' },
  { md: 'That said, we argue that this brief finds no easy answer, as noted above.', rules: [], why: 'the writer’s own voice' },
  { md: 'Table 2 shows the distribution by region.', rules: [], why: 'the document’s own material' },
  { md: 'The attack claimed the lives of twelve people.', rules: [RULES.uncitedStatistic], why: 'claimed in another sense' },
  { md: 'It is estimated that the dam holds 40 million tonnes.', rules: [RULES.uncitedAttribution, RULES.uncitedStatistic], why: 'it is estimated that: a report without a named source' },
  { md: 'NGOs may not appeal if denied registration.', rules: [], why: 'a participle, not a report' },
  { md: 'The specification describes how pods must be constrained.', rules: [], why: 'describes with a document of the writer as subject' },
  { md: 'The envoy described the talks as “constructive but difficult.”', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'describes … as, with speech' },
  { md: 'However, the Daily Dispatch of Richmond reported that the mob spared him.', rules: [], why: 'a newspaper named in the sentence is its source' },
  { md: 'As others have observed [4], the problem is hard.', rules: [], why: 'a numbered reference is a citation' },
  { md: 'What if a line were said to be by someone who never said it?', rules: [], why: 'a question reports nothing' },
  { md: 'The evidence suggests that both homes used the grants, and the intake data shows the same.', rules: [], why: 'the writer reading evidence or data, not a source speaking' },
  { md: 'They show that the tenants left early.', rules: [], why: 'a pronoun subject: the rule cannot tell whose words, so it says nothing' },
  { md: 'The make-up of the approved groups shows that trade bodies dominate.', rules: [], why: 'shows that, with no source as its subject' },
  { md: 'The tool returns data for the most recently concluded year.', rules: [], why: 'a participle used as an adjective' },
  { md: 'A "scope key" is a name declared in the manifest.', rules: [], why: 'declared in another sense, after a quoted term' },
  { md: 'A survey map (see figure 2) revealed sites absent from the state list.', rules: [], why: 'the writer’s own figure' },
  { md: 'In sum, research has found that such laws have other costs.', rules: [], why: 'a recap of findings cited just before' },
  { md: 'He sold shares to buyers (he called them members) in 1790.', rules: [], why: 'a gloss in brackets naming a term' },
  { md: 'The method assumes a binary and says virtually nothing about identity.', rules: [], why: 'says nothing about: a thing telling, not someone speaking' },
  { md: 'Existing research on regional human rights courts shows that rulings shape policy.', rules: [RULES.uncitedAttribution], why: 'research as subject, a few words before the verb' },
  { md: 'The results in @fig:coefs are reported as odds ratios, not as coefficients.', rules: [], why: 'reported as a unit or format: how the writer gives figures (a cross-reference gives no source)' },
  { md: 'Aid amounts are reported as constant 2011 U.S. dollars.', rules: [], why: 'reported as a unit, after a base year' },
  { md: 'The deaths were reported as suicides.', rules: [RULES.uncitedAttribution], why: 'reported as, with no unit: an unnamed source’s report' },
  { md: 'He was reported as saying that tax rates would rise.', rules: [RULES.uncitedAttribution], why: 'reported as saying: a unit word later in the clause does not count' },
  { md: 'Nearly all aid reported by USAID went through the government until 2000.', rules: [], why: 'a measure named by the organisation that publishes it: the writer describing a data series' },
  { md: 'Attacks reported by Amnesty International were never investigated.', rules: [RULES.uncitedAttribution], why: 'events, not a measure, reported by an organisation' },
  { md: 'Aid reported by local officials was delivered late.', rules: [RULES.uncitedAttribution], why: 'a measure reported by people, not by an organisation that publishes data' },
];

const ATTRIBUTION = new RegExp(
  String.raw`\b(?:according\s+to|reportedly|allegedly|purportedly|in\s+an?\s+(?:statement|press\s+release|interview|communiqu[ée]|press\s+conference)` +
    String.raw`|(?:is|are|was|were|been|being)\s+(?:said|reported|alleged|claimed|quoted)\s+(?:to|as)\b|an\s+estimated` +
    String.raw`|(?:has|have|had)\s+(?:shown|demonstrated|found|concluded|argued|suggested|reported|warned|noted)` +
    String.raw`|say|says|said|told|tells|stated|stating|(?<=\b(?:directive|law|act|bill|constitution|treaty|charter|resolution|agreement|accord|decree|order|regulation|guidance|communiqu[ée]|declaration|memorandum|memo|cable|letter|manifesto|ruling|judgment|judgement|verdict|indictment|contract|convention|protocol|statute)\s)states(?=\s+that\b)|claimed|claims?(?=\s+(?:that|to)\b)|reported|reports?(?=\s+that\b|\s*[.,;]?$)|announced|announces` +
    String.raw`|argued|argues|argue|estimated|estimates|estimate|found|finds|warned|warns|warn|noted|notes(?=\s+that\b)|acknowledged|acknowledges` +
    String.raw`|admitted|admits|denied|denies|deny|insisted|insists|insist|asserted|asserts|alleged|alleges|confirmed|confirms` +
    String.raw`|revealed|reveals|concluded|concludes|suggests|suggested|suggest|shows|showed|show|wrote|writes` +
    String.raw`|testified|declared|declares|vowed|vows|pledged|pledges|promised|promises|described|describes|describe|accused|accuses` +
    String.raw`|urged|urges|called|calls|labell?ed|branded|dismissed|dismisses|projects|projected|forecasts?|predicted|predicts` +
    String.raw`|maintained|maintains|signall?ed|signals|asked|asks|chanted|believe|believes|quoted|citing|spoke\s+of|speaks\s+of` +
    String.raw`|threatened|threatens|conceded|concedes|disclosed|discloses|expects?|fears?|commended|commends|praised|condemned|condemns` +
    String.raw`|criticis(?:ed|es)|criticiz(?:ed|es)|charged|charges(?=\s+that\b)|indicated?|indicates|contended|contends|stressed|emphasi[sz]ed|recalled|explained|observed|worried|worries|feared|believed|thought|explain|explains|contest|contests)\b`,
  'giu',
);

/** Reporting verbs and phrases in a sentence whose subject is not the writer. */
export function findAttributions(s: string): Found[] {
  if (/\?[\s”"’»)\uE000-\uE002]*$/u.test(s)) return []; // a question asks; it reports nothing said
  // A recap (In sum, research has found…) of findings cited just before is not a new report.
  if (/^[\s\p{P}]*(?:in\s+sum|in\s+short|in\s+summary|to\s+sum\s+up|to\s+summari[sz]e|taken\s+together|overall|in\s+brief)\b/iu.test(s)) return [];
  const candidates: Found[] = [];
  const quoted = quotedSpans(s);
  for (const m of s.matchAll(ATTRIBUTION)) {
    const from = m.index;
    const to = from + m[0].length;
    if (quoted.some((q) => from > q.from && to < q.to)) continue; // the source's own words
    if (isAttribution(m[0].toLowerCase().replace(/\s+/g, ' '), s.slice(0, from), s.slice(to), m[0])) {
      candidates.push({ from, to, label: m[0] });
    }
  }
  if (candidates.length === 0) return [];
  // The model: a single word tagged as a noun or adjective is not a verb here.
  const tokens = tag(s);
  return candidates.filter((c) => {
    if (/\s/u.test(c.label) || /^(?:reportedly|allegedly|purportedly|states)$/iu.test(c.label)) return true; // “states that” only after a document (the pattern)
    const i = tokens.findIndex((t) => t.from === c.from);
    const token = tokens[i];
    if (!token || token.pos === 'VERB' || token.pos === 'AUX') return true;
    // The model reads some verbs as nouns after a noun subject (“officials
    // estimate that”, “the World Bank projects a recovery”): a noun or name
    // before and a clause or object after make it a verb.
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    return (
      token.pos === 'NOUN' &&
      (prev?.pos === 'NOUN' || prev?.pos === 'PROPN') &&
      (next?.lower === 'that' || next?.pos === 'DET' || next?.pos === 'NUM' || next?.pos === 'PRON')
    );
  });
}

function isAttribution(verb: string, before: string, after: string, raw: string): boolean {
  if (/-$/.test(before)) return false; // so-called, self-described
  // It is estimated that, it was reported that: a source unnamed, still a report.
  if (/\bit\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|often\s+|also\s+)?$/iu.test(before) && /^\s+that\b/iu.test(after)) return true;
  if (/^\p{Lu}{2,}$/u.test(raw)) return false; // ACCEPT/DENY: a value, not a verb
  if (/^\p{Lu}/u.test(raw) && /\p{L}\s*$/u.test(before)) return false; // capitalised mid-sentence: part of a title (O Say Can You See)
  if (/\b(?:allow|grant|accept|approve|permit|block|read|write)\s+(?:or|and)\s+$/iu.test(before)) return false; // allow or deny
  if (/\b(?:who|whom|what|which)\s+(?:\p{L}+ly\s+)?$/iu.test(before) && /^(?:wrote|said|says|writes)$/u.test(verb)) return false; // who wrote it?
  if (/\bby\s+$/iu.test(before) && /ing$/u.test(verb)) return false; // by citing PIDs
  if (/\b(?:if|when|unless|once|until|whether)\s+$/iu.test(before) && /ed$/u.test(verb)) return false; // if denied registration: a participle
  if (/^\s+that\s+you\b|^\s+(?:our|my)\b/u.test(after)) return false; // confirms that you want; describes our goals
  if (/\b(?:policy|rule|law|sign|label|message|code|line|file|text|setting|option|function|variable|field)\s+(?:that|which)\s+$/iu.test(before)) return false; // a policy that says
  if (/^\s*[\p{P}\uE000-\uE002]*\s*$/u.test(before) && (/^\p{Ll}/u.test(raw) || /^(?:say|deny|quoted|describe|ask)$/u.test(verb))) return false; // an imperative or a label: deny write requests, Say for example
  if (/^(?:has|have|had) /.test(verb)) {
    if (SELF_BEFORE.test(before) || OWN_MATERIAL_BEFORE.test(before) || OWN_VOICE.test(before.slice(-40))) return false;
    return true; // research has shown
  }
  if (verb === 'according to') {
    // according to their beliefs, according to the plan: in keeping with, not a source.
    return !/^\s+(?:(?:their|its|his|her|our|my|your|one's)\b|(?:the\s+)?(?:\p{L}+\s+)?(?:plans?|schedules?|rules?|laws?|customs?|traditions?|needs?|expectations?|types?|sizes?|levels?|models?|definitions?|criteria|procedures?|instructions?|principles?|beliefs?|requirements?|standards?|policies|policy|guidelines?|regulations?|categories|category|ranks?|priority|priorities|severity|specifications?)\b)/iu.test(after);
  }
  // Results are reported as odds ratios, values are quoted as percentages: how figures are given.
  if (/ (?:reported|quoted) as$/u.test(verb) && UNIT_AFTER.test(after)) return false;
  if (verb.includes(' ') || verb === 'reportedly' || verb === 'allegedly' || verb === 'purportedly') {
    return true; // according to, is said to, an estimated, in a statement
  }
  if (SELF_BEFORE.test(before) || GENERIC_ONE_BEFORE.test(before)) return false;
  // The writer is the subject of this clause: we showed … described, our model predicts.
  const clause = before.replace(/[“"«‘][^”"»’]*[”"»’]/gu, ' ').split(/[;:—–]|,\s+(?:but|while|whereas|and)\b/u).pop() ?? before;
  if (OWN_VOICE.test(clause)) return false;
  // A participle used as an adjective: in predicted probabilities, the estimated mean.
  if (/(?:\b(?:in|of|for|with|by|on|to|from|and|or)|['’]s)\s+$/iu.test(before) && /ed$/u.test(verb)) return false;
  if (/\b(?:does|do|did|may|might|could|would|can|cannot|must|should|will)\s+(?:not\s+)?$/iu.test(before) && /^(?:indicate|show|suggest|mean|say|predict)/u.test(verb)) {
    return false; // does not indicate, may suggest: the writer's hedge
  }
  if (ADJECTIVE_BEFORE.test(before)) return false; // the reported cases, its stated goal, a say
  if (/\bto\s+$/iu.test(before)) return false; // needless to say, refuse to confirm
  if (/\b(?:can|could|may|might|must|should|would|will)\s+(?:\p{L}+\s+)?be\s+(?:\p{L}+\s+)?$/iu.test(before)) return false; // can be said to
  if (/\b(?:is|are|was|were|be|been|being)\s+(?:(?:\p{L}+ly|not|only|well|also|still|already|often|widely|commonly|generally|usually|rarely|never|further|more|most|less)\s+){0,2}$/iu.test(before) && !(/^(?:said|reported|quoted)$/.test(verb) && /^\s+(?:to\s+(?:be|have)|as|that)\b/iu.test(after))) {
    return false; // was charged with, were found, is described: passive, not a source speaking
  }
  switch (verb) {
    case 'said':
      return !(/(?:^|\s)that\s+$/iu.test(before) && /^\s*,/.test(after)); // that said,
    case 'found':
    case 'finds':
      if (OWN_MATERIAL_BEFORE.test(before)) return false;
      if (/^\s+(?:in|at|on|across|among|throughout|within|near|inside|under)\b/iu.test(after)) return false; // found in: located
      return /^\s+that\b/iu.test(after) || DOCUMENT_BEFORE.test(before);
    case 'predicted':
    case 'predicts':
    case 'estimated':
    case 'estimates':
    case 'estimate':
      if (OWN_MATERIAL_BEFORE.test(before) || /\bmodels?\s+(?:\p{L}+\s+)?$/iu.test(before)) return false;
      return GROUP_BEFORE.test(before) || FORECASTER_BEFORE.test(before) || DOCUMENT_BEFORE.test(before) || /^\s+that\b/iu.test(after);
    case 'admitted':
    case 'admits':
      return SPEECH_AFTER.test(after) || /^\s+(?:to\s+)?(?:\p{L}+ing|responsibility|guilt|defeat|wrongdoing)\b/iu.test(after);
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
    case 'indicate':
    case 'indicated':
    case 'indicates':
      if (OWN_MATERIAL_BEFORE.test(before) || EVIDENCE_BEFORE.test(before)) return false;
      if (/\b(?:this|it|which|they|these|those)\s+$/iu.test(before)) return false; // a pronoun: whose material is unclear
      if (/^indicate/.test(verb)) return INDICATE_SOURCE.test(before);
      return DOCUMENT_BEFORE.test(before) || RESEARCH_BEFORE.test(before) || (/^(?:show|indicate)/.test(verb) && /^\s+that\b/iu.test(after) && sourceSubject(before));
    case 'reported':
      // A measure named by the organisation that publishes it (aid reported by USAID, like “USAID's
      // aid data”): the writer describing a data series, whose figures the statistic rule checks.
      if (MEASURE_BEFORE.test(before) && PUBLISHER_AFTER.test(after)) return false;
      return !/^\s+to\s+(?:the|a|an|certain|some|any|their|its|all)\b/iu.test(after); // vulnerabilities reported to the project
    case 'claimed':
    case 'claims':
    case 'claim':
      if (/^\s+(?:\S+\s+){0,5}as\s+(?:property|their|his|her|its)\b/iu.test(after)) return false; // claimed people as property
      return !/^\s+(?:the\s+)?(?:lives?|a\s+(?:\w+\s+)?toll|victims|casualties|seats?|victory|title)\b/iu.test(after);
    case 'called':
    case 'calls':
      if (verb === 'calls' && /(?:\b\p{L}+ed|\b(?:growing|fresh|new|many|international|public|urgent|further|similar|mounting|louder))\s+$/iu.test(before)) {
        return false; // renewed calls for justice
      }
      if (verb === 'called' && /^\s+[“"‘«]/u.test(after)) return false; // a coalition called “Hope”: a name
      if (verb === 'called' && /\([^)]*$/u.test(before) && /^\s+(?:them|it|him|her|these|this)\s+\p{Ll}+\s*\)/u.test(after)) return false; // (he called them subscribers): a gloss naming a term
      return /^\s+(?:(?:for|on|upon|the|it|them|him|her|this|these|that|those|his|their|its|a|an)\b|[“"‘«])/iu.test(after);
    case 'projects':
    case 'projected':
    case 'forecast':
    case 'forecasts':
      return FORECASTER_BEFORE.test(before);
    case 'concluded':
    case 'concludes':
      return !/^\s+(?:with|by|in|on|at)\b/iu.test(after); // the chapter concludes with a comparison
    case 'explain':
    case 'explains':
      // The document's own section, chapter or appendix explains: its own material.
      if (/\b(?:section|chapter|appendix|part|annex|figure|table)\b(?:\s+\S+){0,6}\s+$/iu.test(before)) return false;
      return sourceSubject(before) && SPEECH_AFTER.test(after);
    case 'contest':
    case 'contests':
      return sourceSubject(before) && (SPEECH_AFTER.test(after) || /^contest/u.test(verb));
    case 'worried':
    case 'worries':
    case 'feared':
    case 'believed':
    case 'thought':
      return /^\s+that\b/iu.test(after) && sourceSubject(before);
    case 'maintained':
    case 'maintains':
    case 'observed':
    case 'recalled':
    case 'explained':
    case 'stressed':
    case 'emphasised':
    case 'emphasized':
    case 'contended':
    case 'contends':
      return SPEECH_AFTER.test(after);
    case 'declared':
    case 'declares':
    case 'charged':
      // declared war, declared emergencies, charged a fee: another sense.
      // A quotation before the verb (“…,” he declared): the quote ends with a comma or sentence mark, not a quoted term mid-sentence.
      return SPEECH_AFTER.test(after) || /^\s*[.!?]?\s*$/u.test(after) || /(?:[,.!?]\s*[”"»]|[”"»]\s*,)\s*(?:[\p{L}’'-]+\s+){0,4}$/u.test(before) || /^\s+(?:itself|himself|herself|themselves|him|her|them|it)\b/iu.test(after);
    case 'described':
    case 'describes':
    case 'describe':
    case 'reveals':
    case 'revealed':
    case 'promises':
    case 'promised':
    case 'threatens':
    case 'threatened':
    case 'asks':
    case 'asked':
      // Another sense unless a source is the subject or the object is speech:
      // the story reveals the ways, the specification describes how, data
      // visualization promises to render; but “described the talks as”,
      // “promised a “swift return””, “one farmer asked.”
      if (/^\s+(?:in|above|below|here|earlier|later|previously)\b/iu.test(after)) return false;
      if (sourceSubject(before) || /^\s*(?:that\b|[:,]?\s*[“"‘«])/iu.test(after) || /^\s*[.!?]?\s*$/u.test(after) || /[”"»]\s*,?\s*$/u.test(before)) return true;
      if (/^describ/u.test(verb)) return /^[^.;:]*?\bas\b/iu.test(after);
      if (/^(?:promis|threaten)/u.test(verb)) return /^\s+(?:an?\s+|the\s+)?(?:\p{L}+\s+){0,2}[“"«]/u.test(after);
      if (/^ask/u.test(verb)) return /^\s+(?:whether|if|why|how|what|for)\b/iu.test(after);
      return false;
    case 'noted':
    case 'stated':
      return !/^\s+(?:in|above|below|here|earlier|later|previously)\b/iu.test(after);
    case 'say':
    case 'says':
      if (/^\s+(?:\p{L}+ly\s+)?(?:nothing|little|much|something|more|less|a\s+lot)\s+about\b/iu.test(after)) return false; // says nothing about: tells, not speech
      return !/^\s*,/.test(after); // say, Egypt
    default:
      return true;
  }
}
