/**
 * uncited-quotation: a clause or phrase in quotation marks, attributed to
 * someone, without a source.
 *
 * Quotation marks: “…”, "…", «…», „…“/„…”, ‘…’ and '…' (single quotes only
 * as a pair that opens at the start of a word and closes at the end of one, so
 * apostrophes never count). Not quotations, because nobody is quoted:
 *
 * - a title or name: after titled, entitled, called, named, known as,
 *   so-called, or a noun naming a work (report, speech, operation, …);
 * - a term discussed as a word: after term, word, phrase, label, or followed
 *   by “is a term”, “means”, “refers to”; a gloss in brackets (“(‘mosque’)”);
 * - an example string: a commit message, a UI label, an option or a command
 *   (after click, select, type, button, option, message, …), or text that reads
 *   as code (no spaces and code punctuation: `--force`, `user_id`, `a=b`);
 * - a scare quote: one or two words, when nothing in the sentence reports
 *   speech (no reporting verb). With one, the words are a quotation:
 *   `The group called them “polytheists”` is one.
 *
 * One or two words are someone's words, even with no reporting verb, when the
 * sentence is framed as an actor's view (“For Moscow, …”), when they are
 * characterised (“framed as”, “cast as”), set against the plain word
 * (“‘de-risking’ rather than decoupling”), given as what something has become
 * (“has become a ‘black hole’”), or in another language's quotation marks
 * („…“, «…»).
 */
import { RULES } from '../../lib/rules.ts';
import { tag } from './language.ts';
import type { Example, Found } from './types.ts';

export const examples: Example[] = [
  { md: 'The envoy spoke of “a new era” at the summit.', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'a phrase attributed' },
  { md: '“This is a war of attrition,” the general said.', rules: [RULES.uncitedQuotation, RULES.uncitedAttribution], why: 'a clause attributed' },
  { md: 'The group vowed to “strike wherever they are found.”', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'a clause after a reporting verb' },
  { md: 'Protesters chanted "the people want the fall of the regime" outside.', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'straight quotes' },
  { md: 'The plan amounts to what one critic calls “austerity by another name.”', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'three words or more' },
  { md: 'A report titled “Fragile by Design” examines aid flows.', rules: [], why: 'a title' },
  { md: 'A militia known as “the Guardians of the Dawn” controls the crossing.', rules: [], why: 'a name' },
  { md: 'The word “democracy” carries many meanings here.', rules: [], why: 'a term discussed as a word' },
  { md: '“Sovereignty” is a contested term in this debate.', rules: [], why: 'a term discussed as a word' },
  { md: 'Click “Save as draft” and then the “Publish” button.', rules: [], why: 'UI labels' },
  { md: 'The commit message “fix typo in README” is typical.', rules: [], why: 'an example string' },
  { md: 'Pass "--no-cache" to skip the cache.', rules: [], why: 'an option' },
  { md: 'The party’s “reform” agenda stalled in parliament.', rules: [], why: 'a scare quote of one word' },
  { md: 'Daesh’s leaders can’t agree, and the members’ votes were split.', rules: [], why: 'apostrophes' },
  { md: 'Critics contest the “insider” control of the archive.', rules: [RULES.uncitedAttribution], why: 'a scare quote inside a noun phrase (the “insider” control), even with a reporting verb' },
  { md: 'A free press is a possible “early warning bell” for other abuses.', rules: [], why: 'a figure of speech in quotes after an article, nobody quoted' },
  { md: 'The flyers denounce the “collaborators” who work with the army.', rules: [RULES.uncitedQuotation], why: 'a quoted head noun with a clause after it, after a speech act: someone’s word' },
  { md: 'Lenders now assume a “slow and painful” recovery in housing.', rules: [RULES.uncitedQuotation], why: 'a quoted phrase modifying a noun: a borrowed catchphrase, someone’s words' },
  { md: 'Adding a factor such as a key beats one factor “something you remember” alone.', rules: [], why: 'a term in quotes after a determiner, nobody quoted' },
  { md: 'The lesson opens with “Can Machines Read Us?” in bold.', rules: [], why: 'a title in title case' },
  { md: 'The ruling in “Ellen Brown v. Thomas Hill” set the rule.', rules: [], why: 'a legal case' },
  { md: 'Critics would argue, in short, that it was “rough justice” for the poor.', rules: [RULES.uncitedAttribution], why: 'one or two quoted words outside the reporting verb’s clause: a scare quote' },
  { md: 'The minister called it a “historic betrayal of the workers.”', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'after an article but the complement of a reporting verb: a quotation' },
  { md: 'The reform’s « esprit » survives in the new code.', rules: [RULES.uncitedQuotation], why: 'quotation marks of another language: someone’s words in that language' },
  { md: 'For Beijing, the dispute is about “sovereignty” and nothing else.', rules: [RULES.uncitedQuotation], why: 'a sentence framed as an actor’s view: the quoted word is theirs' },
  { md: 'For example, the “reform” agenda stalled in parliament.', rules: [], why: 'for example is not an actor' },
  { md: 'The withdrawal was framed as “tactical regrouping” by the command.', rules: [RULES.uncitedQuotation], why: 'framed as: a characterisation someone made' },
  { md: 'The bloc now pursues “strategic autonomy” rather than alignment.', rules: [RULES.uncitedQuotation], why: 'a quoted label set against the plain word' },
  { md: 'The border town has become a “ghost city” since the floods.', rules: [RULES.uncitedQuotation], why: 'given as what something has become: a borrowed characterisation' },
  { md: 'Such a case should be an “easy test” of the theory.', rules: [], why: 'after “be an”: the writer’s own term' },
  { md: 'The council urged all sides to exercise “utmost restraint.”', rules: [RULES.uncitedAttribution, RULES.uncitedQuotation], why: 'exercise as a verb, not a noun naming a work' },
  { md: 'Are there pods in namespace ‘Web’ that are labeled as ‘Bastion’?', rules: [], why: 'labeled as: a label value in a question, not a characterisation' },
];

const TITLE_BEFORE = new RegExp(
  String.raw`(?:\b(?:titled|entitled|called|named|dubbed|nicknamed|code-?named|codenamed|known\s+as|so-called|call(?:s|ed|ing)?\s+(?:itself|themselves)|styled|headlined)` +
    String.raw`|\b(?:hereafter|hereinafter|henceforth|or|see|consult|read|question|asking|ask|prompt|search(?:ing)?\s+for|google|answer(?:ing)?|(?:something|algo|quelque\s+chose)\s+like|(?:referred\s+to|known|described|defined)\s+as)\b` +
    // A noun that names a work, not the same word as a verb: “must act”, “to exercise”.
    String.raw`|(?<!\b(?:to|must|should|shall|will|would|can|could|may|might|do|does|did|not|they|we|you|I)\s+)\b(?:term|terms|word|words|phrase|expression|label|hashtag|motto|name|title|headline|operation|report|book|article|paper|study|essay|speech|address|lecture|film|documentary|video|podcast|series|column|op-ed|chapter|strategy|programme|program|initiative|campaign|exercise|song|poem|novel|volume|album|memoir|blog|newsletter|project|section|heading|category|tag|keyword|concept|notion|theme|grant|call|consortium|network|workshop|conference|session|award|prize|course|module|dataset|database|package|library|tool|app|website|site|portal|platform|journal|magazine|newspaper|show|exhibition|collection|act|law|bill|treaty|convention|declaration|decree|policy|plan|agenda|doctrine|scheme|fund|facility|mission|committee|forum|slogan|banner|sign|caption|subtitle))` +
    String.raw`[\s,:]*$`,
  'iu',
);
/** A term discussed as a word: “X” is a term, “X” means, “X” refers to. */
const TERM_AFTER =
  /^[\s,]*(?:(?:is|was|are|were|has\s+become|became)\s+(?:a|an|the)?\s*(?:\p{L}+\s+)?(?:term|word|label|concept|notion|phrase|buzzword|euphemism|neologism)\b|(?:means|meant|refers\s+to|denotes|stands\s+for|translates\s+(?:as|to))\b)/iu;
/** The string is an example: a UI label, a command, an option, a message. */
const EXAMPLE_BEFORE =
  /\b(?:click(?:ing|ed)?(?:\s+on)?|select(?:ing)?|choose|choosing|press(?:ing)?|type|typing|enter(?:ing)?|run(?:ning)?|button|menu|tab|field|option|options|flag|command|message|commit|label|string|value|setting|parameter|argument|key|branch|column|variable|placeholder|prompt|query|search(?:ed|ing)?\s+for|keywords?|e\.g\.|i\.e\.|for\s+example|such\s+as|like)\s*[,:]?\s*$/iu;
const EXAMPLE_AFTER =
  /^[\s,]*(?:button|menu|tab|option|flag|command|field|link|label|key|setting|message|column|keyword|query|law|act|bill|movement|campaign|strategy|doctrine|operation|programme|program|initiative|project|party|network|model|approach|framework|method|package|tool|policy|plan|scheme|agenda)\b/iu;
const CODE_LIKE = /^(?:--?\w[\w-]*|\S*[_/=\\<>{}()[\]|@#]\S*|\S*\.\w+\S*|[a-z]+[A-Z]\w*)$/u;

/** Verbs of speech that make one or two quoted words someone's words: refer to X as “…”, denounce the “…”. */
const SPEECH_ACT =
  /\b(?:denounc\w*|decr(?:y|ies|ied)|condemn\w*|mock\w*|speak(?:s|ing)?\s+of|spoke\s+of|talk(?:s|ed)?\s+(?:of|about)|termed|brand(?:s|ed)|hail(?:s|ed)|prais\w*|ridicul\w*|vow\w*|promis\w*|in\s+(?:the|its|their|his|her)\s+(?:own\s+)?words|in\s+the\s+words\s+of|parlance|rhetoric)\b/iu;
/**
 * A sentence framed as an actor's view: For Moscow, …; To Beijing, …; In the
 * Kremlin’s view, …. Quoted words after the frame are that actor's words.
 */
const ACTOR_FRAME =
  /^\s*(?:(?:For|To)\s+(?:the\s+)?(?!(?:Example|Instance|Now|Once|Ever|Years|Decades|Centuries|Months|Weeks|Days|Details|More|Further|Information|Reference|Comparison|Simplicity|Clarity|Brevity|Convenience|Context|Background|Each|All|Most|Some|Many|Both|This|That|These|Those|Instance)\b)\p{Lu}[\p{L}’'-]+(?:\s+(?:and\s+)?\p{Lu}[\p{L}’'-]+){0,3}|In\s+(?:the\s+)?\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){0,3}[’']s?\s+(?:view|eyes|words|telling|account|framing|narrative|reading|rhetoric|vocabulary|parlance|version))\s*,/u;
/** Quotation marks of other languages („…“, «…»): in English prose they quote someone's words in that language. */
const FOREIGN_MARKS = /^[„«‹]/u;

/**
 * Just before the quotation, words that make one or two quoted words
 * someone's: refers to “…”, refer to the state as the “…”, see themselves as
 * the “…”, calls them “…”.
 */
const AS_BEFORE =
  /(?:\brefer(?:s|red|ring)?\s+(?:only\s+)?to\s+|\b(?:refer(?:s|red|ring)?\s+to|describ(?:e|es|ed|ing)|see(?:s|ing)?|saw|portray(?:s|ed)?|present(?:s|ed)?)\s+(?:[\p{L}’'-]+\s+){1,5}as\s+(?:the|a|an)\s+|\b(?:framed|cast|characteri[sz]ed|portrayed|depicted|billed|touted|painted|pitched|branded)\s+(?:[\p{L}’'-]+\s+){0,5}?as\s+(?:(?:the|a|an)\s+)?)$/iu;
/**
 * A quoted label set against the plain word (“de-risking” rather than
 * decoupling), or given as what something has become (has become a “black
 * hole”): a characterisation borrowed from someone. (Not after “is a”: “should
 * be an ‘easy test’” is the writer's own term.)
 */
const CONTRAST_AFTER = /^[,]?\s+(?:rather\s+than|instead\s+of|as\s+opposed\s+to)\b/iu;
const PREDICATE_BEFORE = /\b(?:become|becomes|became|becoming|turned\s+into|turns?\s+into|turning\s+into)\s+(?:a|an)\s+$/iu;
/** The writer naming a thing: we call this “…”, we refer to X as “…”, what we term “…”. */
const OWN_TERM_BEFORE = /\b(?:we|I)\s+(?:[\p{L}’'-]+\s+){0,8}?(?:call|term|refer\s+to|label|dub|define|name|coin|describe)\b[^.;:]*$/u;

/** Every span in quotation marks, with whether it is introduced as a title, term or example. */
export function quotedSpans(s: string): Array<Found & { title: boolean; words: number }> {
  const found: Array<Found & { title: boolean; words: number }> = [];
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
        const before = s.slice(0, i);
        const after = s.slice(close + 1);
        const words = inner.trim().split(/\s+/u).filter(Boolean).length;
        const title =
          TITLE_BEFORE.test(before) ||
          OWN_TERM_BEFORE.test(before) ||
          TERM_AFTER.test(after) ||
          EXAMPLE_BEFORE.test(before) ||
          EXAMPLE_AFTER.test(after) ||
          CODE_LIKE.test(inner.trim()) ||
          /^(?:figure|fig\.|table|map|plate|image|chart)\s+[\dA-Z]/iu.test(inner.trim()) || // a caption
          (/\(\s*$/u.test(before) && /^\s*\)/u.test(after) && words <= 3) || // a gloss: (“mosque”)
          (/^\s*(?:(?:a|an|the)\s+)?$/iu.test(before) && /^[\s,]*(?:is|are|means|refers)\b/iu.test(after)); // a definition: A “specification parameter” is…
        found.push({ from: i, to: close + 1, label: shorten(inner), title, words });
      }
      i = close + 1;
      continue;
    }
    i++;
  }
  return found;
}

/**
 * Quotations in a sentence. `verb` is the sentence's reporting verb, if any:
 * without one, one or two words in quotation marks are a scare quote, not a
 * quotation; with one, they are a quotation when they stand in its clause.
 */
export function findQuotations(s: string, verb?: Found | boolean): Found[] {
  const act = SPEECH_ACT.test(s) || ACTOR_FRAME.test(s);
  const speech = Boolean(verb) || act;
  // One or two words count only in the reporting verb's own clause: not across a
  // comma (“apologists would argue, lynching was … of “popular justice””).
  const governed = (q: Found) =>
    act || typeof verb !== 'object' || verb.from > q.from || /^(?:according|reportedly|allegedly|purportedly|in\s)/iu.test(verb.label) || !/[,;—–]/u.test(s.slice(verb.to, q.from).replace(/[,:]\s*$/u, ''));
  // Someone's words whatever their length: in another language's quotation
  // marks, set against the plain word, or given as what something has become.
  const borrowed = (q: Found) => FOREIGN_MARKS.test(s.slice(q.from)) || CONTRAST_AFTER.test(s.slice(q.to)) || PREDICATE_BEFORE.test(s.slice(0, q.from));
  return quotedSpans(s)
    .filter((q) => !q.title && (borrowed(q) || (speech && (q.words >= 3 || governed(q))) || q.words >= 3 || AS_BEFORE.test(s.slice(0, q.from))))
    .filter((q) => (borrowed(q) ? !caseOrTitle(s, q) : !termInPhrase(s, q, speech)))
    .map(({ from, to, label }) => ({ from, to, label }));
}

/**
 * Quoted words that sit inside the writer's own noun phrase: after an article
 * or possessive and followed by the noun they modify (the “expert” domination),
 * or, with no reporting verb, a short quoted phrase after a determiner (a
 * possible “canary in the coal mine”, one factor “something you know”): a
 * scare quote, a figure of speech or a term. Also titles in title case and
 * legal cases (“Queen v. Carroll”).
 */
function termInPhrase(s: string, q: Found & { words: number }, speech: boolean): boolean {
  if (caseOrTitle(s, q)) return true;
  const before = s.slice(0, q.from);
  const after = s.slice(q.to);
  const determiner = /(?:^|[\s(])(?:the|a|an|one|its|their|his|her|our|this|that|these|those)\s+(?:[\p{L}-]+\s+)?$/iu;
  if (q.words <= 2 && /(?:^|[\s(])(?:the|a|an|its|their|his|her|our|this|these|those)\s+$/iu.test(before) && /^\s+\p{Ll}{3,}/u.test(after) && !/^\s+(?:and|or|but|is|are|was|were|as|of|in|to|for|that|which|who|whom|whose|where|when)\b/u.test(after)) return true;
  // Not when the quoted phrase modifies a noun (a “higher for longer” path): a borrowed catchphrase, someone's words.
  if (!speech && q.words <= 6 && !AS_BEFORE.test(before) && !/[.!?,;:][”"»’]?$/u.test(s.slice(q.from, q.to - 1)) && determiner.test(before) && !nounAfter(s, q.to)) return true;
  return false;
}

/** A legal case (“Queen v. Carroll”) or a title in title case (“Do Large Language Models Understand Us?”). */
function caseOrTitle(s: string, q: Found): boolean {
  const inner = s.slice(q.from + 1, q.to - 1).trim();
  if (/\s(?:v|vs)\.\s/u.test(` ${inner} `) || /\sv\.?$/u.test(inner)) return true;
  const words = inner.replace(/[?!.,]+$/u, '').split(/\s+/u);
  return words.length >= 2 && words.every((w) => /^(?:\p{Lu}|\d|(?:a|an|the|of|in|on|for|to|and|or|by|at|with|from)$)/u.test(w)) && /^\p{Lu}/u.test(words.at(-1) ?? '');
}

/** Whether the word right after a position is a noun (by the part-of-speech model). */
function nounAfter(s: string, at: number): boolean {
  const token = tag(s).find((t) => t.from >= at);
  return token !== undefined && /^\s*$/u.test(s.slice(at, token.from)) && (token.pos === 'NOUN' || token.pos === 'PROPN');
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
