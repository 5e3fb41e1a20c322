/**
 * What stands around a reporting verb, for the attribution rule (attributions.ts): who or what
 * is the subject before it (the writer, the document's own material, a source, a forecaster) and
 * what follows it (speech, a unit figures are given in, the publisher of a data series).
 */

/** The writer speaking: we argue, this brief finds, as noted above. */
export const SELF_BEFORE =
  /(?:(?:^|[\s(,;—–])(?:we|i|this\s+(?:brief|paper|report|note|analysis|study|chapter|section|article|essay|piece|memo|work|thesis|book)|the\s+(?:present|current)\s+\w+|the\s+authors?|our\s+\w+)\s+(?:\w+\s+){0,2}|(?:^|[\s(,;—–])as\s+(?:\w+ly\s+)?)$/iu;
/** The writer's hedge: one could argue, one might say. */
export const GENERIC_ONE_BEFORE = /(?:^|[\s(,;—–])one\s+(?:could|might|may|can|would|should|must)\s+(?:also\s+|well\s+)?$/iu;
/** A determiner before the word: the reported cases, its stated goal, a say (an adjective or a noun). */
export const ADJECTIVE_BEFORE = /(?:^|[\s(])(?:the|a|an|its|their|his|her|our|this|these|those|your|my)\s+(?:(?:\p{L}+ly|most|more|least|less|newly|only)\s+){0,2}$/iu;
/** A study, report, record or body of research as the subject: the survey found, court records show. */
export const DOCUMENT_BEFORE =
  /\b(?:study|studies|report|reports|survey|surveys|poll|polls|polling|audit|review|analysis|investigation|inquiry|researchers?|investigators?|inspectors?|panel|commission|court|tribunal|experts?|data|evidence|evaluation|census|assessment|probe|scientists?|team|research|memo|cable|documents?|footage|video|figures|statistics|estimates|records?|archive|filings?|paper|article|literature|scholarship|work)\b(?:\s+[\p{L}’'-]+){0,3}\s+$/iu;
/** Research as the subject, with a longer complement: existing research on international human rights law shows. */
export const RESEARCH_BEFORE = /\b(?:research|studies|literature|scholarship|work)\s+(?:on|about|into|of|in)\b(?:\s+[\p{L}’'-]+){1,7}\s+$/iu;
/** Groups whose expectations and fears a writer reports: analysts expect, officials fear. */
export const GROUP_BEFORE =
  /\b(?:analysts|economists|markets|investors|officials|experts|forecasters|observers|diplomats|traders|critics|residents|witnesses|sources|activists|commentators|scholars|researchers|insiders|aides|allies|governments|leaders)\s+(?:\p{L}+\s+)?$/iu;
/** The writer pointing at their own material: these figures show, Table 2 shows, our results suggest. */
export const OWN_MATERIAL_BEFORE =
  /(?:\b(?:this|these|our|the\s+(?:above|following))\s+(?:\p{L}+\s+)?|\b(?:figures?|fig\.|tables?|panels?|appendix|sections?|chapters?|equations?|listings?|examples?|results?|models?|simulations?|benchmarks?|experiments?|plots?|graphs?|maps?|predictions?|coefficients?)\s*[\dA-Z]*[.\d]*\s*(?:\([a-z]\)\s*)?(?:also\s+|clearly\s+)?)$/iu;
/** An institution or group that forecasts: the IMF projects, the central bank predicts. */
export const FORECASTER_BEFORE =
  /(?:\b\p{Lu}{2,}|\b(?:Bank|Fund|Office|Agency|Ministry|Commission|Council|Institute|Organi[sz]ation|Administration|Department|Service|Board|government|forecasters|economists|analysts|ministry|agency|bank|fund))\s+$/u;
/** A source as the subject of the clause: a person, an organisation, a document, a name. */
export function sourceSubject(before: string): boolean {
  const clause = before.split(/[;:—–]|,\s+(?:but|while|whereas|and)\b/u).pop() ?? before;
  if (/\b(?:he|she|they|who|officials?|ministers?|spokes(?:man|woman|person)|president|prime\s+minister|government|leaders?|commanders?|police|army|military|ministry|agency|authorities|regime|group|party|court|judge|prosecutors?|report|study|survey|documents?|statement|letter|investigation|inquiry|researchers?|scholars?|experts?|analysts?|critics?|historians?|witnesses|sources?|journalists?|newspaper|author|authors|article|book|memoir|diary|speech|interview|archives?|records?|junta|envoy|ambassador|diplomats?|farmers?|residents|citizens|voters|many|some|others|\p{L}+(?:ers|ists|ians|ors))\b(?:\s+\S+){0,3}\s+$/iu.test(clause)) return true;
  // A name: Smith, the United Nations, Human Rights Watch.
  const name = /\b(\p{Lu}[\p{L}’'.-]+)(?:\s+\p{Lu}[\p{L}’'.-]+)*(?:['’]s)?\s+(?:\p{Ll}+ly\s+)?$/u.exec(clause);
  return Boolean(name) && !/^(?:the|this|that|these|those|it|its|a|an|in|on|at|for|and|but|or|so|then|thus|here|there|such|each|every|some|many|most|all|one|our|we|i|data|evidence|research)$/iu.test(name?.[1] ?? '');
}

/** Evidence or data read by the writer: the evidence shows, admissions data suggests. */
export const EVIDENCE_BEFORE = /(?:^|[\s(,;—–])(?:the\s+)?(?:available\s+|\p{Ll}+\s+)?(?:[Ee]vidence|[Dd]ata)\s+(?:\p{L}+ly\s+)?$/u;
/** Sources whose contents “indicate”: records indicate, witness accounts indicated. */
export const INDICATE_SOURCE =
  /\b(?:records?|reports?|documents?|sources?|intelligence|witnesses|accounts?|testimon(?:y|ies)|archives?|files?|cables?|letters?|estimates|surveys?|polls?|studies|officials)\b(?:\s+[\p{L}’'-]+){0,3}\s+$/iu;
/**
 * A unit, scale or format that numbers are given in, after “reported as” or “quoted as”: odds
 * ratios, percentages of GDP, posterior medians, constant 2011 U.S. dollars, the natural log. The
 * phrase says how the writer presents figures, not what a source said (“reported as lynched”).
 */
export const UNIT_AFTER = new RegExp(
  String.raw`^\s+(?!an?\s+means\b)(?:(?:a|an|the)\s+)?(?:(?:constant|current|real|nominal)\s+(?:\d{4}\s+)?)?(?:(?!(?:that|by|who|which)\b|\p{L}+ing\b)\p{L}[\p{L}.’'-]*\s+){0,3}?` +
    String.raw`(?:(?:odds|hazard|risk|rate|likelihood)\s+ratios?|ratios?|percent(?:ages?)?|per\s*cent|percentage\s+points?|proportions?|shares?|fractions?|rates?` +
    String.raw`|means|medians?|averages?|totals?|counts?|sums?|logs?|logarithms?|log[-\s]odds|z[-\s]?scores?|standard\s+(?:deviations?|errors?)|coefficients?|elasticit(?:y|ies)` +
    String.raw`|(?:average\s+)?marginal\s+effects|ind(?:ex|exes|ices)|scores?|ranks?|(?:percent|quant|dec|quart)iles?|(?:credible|confidence)\s+intervals?|ranges?|integers?|decimals?` +
    String.raw`|dollars|euros|pounds\s+sterling|units|multiples)` +
    String.raw`(?=\s*$|\s*[,;:.)\uE000-\uE002]|\s+(?:of|in|per|with|for|and|or|but|rather|instead|from|relative|at|on|over|across)\b)`,
  'iu',
);
/** A measure that a data series holds, named before “reported by” its publisher: aid reported by USAID. */
export const MEASURE_BEFORE =
  /\b(?:aid|assistance|ODA|spending|expenditures?|outlays|funding|funds|commitments|disbursements|flows|grants|loans|debts?|budgets?|revenues?|income|wages|trade|exports|imports|emissions|production|output|GDP|GNI|prices|data|figures|statistics|amounts|totals|values|indicators?|series)\s+$/iu;
/** An organisation that publishes data, as the agent of “reported by”: USAID, the OECD, the U.S. Census Bureau, the World Bank. */
export const PUBLISHER_AFTER =
  /^\s+by\s+(?:the\s+)?(?:\p{Lu}{2,}\b|\p{Lu}[\p{L}’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}[\p{L}’'.-]*)*\s+(?:Bank|Fund|Office|Bureau|Agency|Ministry|Department|Service|Institute|Organi[sz]ation|Commission|Council|Administration|Board|Authority|Secretariat|Programme|Program|Union)\b)/u;

/** What follows a verb that reports speech: that, a quotation, a colon. */
export const SPEECH_AFTER = /^\s*(?:that\b|[:,]?\s*[“"‘«]|:|,\s*(?:“|")|(?:how|why|whether|what)\b)/iu;
