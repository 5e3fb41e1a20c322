/**
 * Parts of speech and named entities of an English sentence, from wink-nlp
 * with its `wink-eng-lite-web-model` (both MIT; the model ships in the npm
 * package, so nothing is fetched at run time). The model takes about 0.3 s to
 * load: it is loaded once per process, on the first sentence that needs it.
 */
import { createRequire } from 'node:module';
import type { PartOfSpeech, WinkMethods } from 'wink-nlp';

/** One word or symbol of a sentence, with offsets into the sentence. */
export interface Token {
  text: string;
  lower: string;
  from: number;
  to: number;
  /** Universal part-of-speech tag: NOUN, PROPN, VERB, AUX, NUM, ADJ, … */
  pos: PartOfSpeech;
  /** Entity type when the token is part of one: DATE, CARDINAL, PERCENT, MONEY, ORDINAL, DURATION, … */
  entity?: string;
}

let nlp: WinkMethods | undefined;

function load(): WinkMethods {
  if (nlp) return nlp;
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
  const model = require('wink-eng-lite-web-model') as import('wink-eng-lite-web-model').Model;
  nlp = winkNLP(model, ['pos', 'ner']); // sentences come from parse-english
  return nlp;
}

const cache = new Map<string, Token[]>();

/**
 * Tag a sentence. Placeholder characters (citations, notes, code) are read as
 * spaces. Tokens whose text cannot be found in the sentence are dropped.
 */
export function tag(sentence: string): Token[] {
  const hit = cache.get(sentence);
  if (hit) return hit;
  const engine = load();
  const its = engine.its;
  const text = sentence.replace(/[\uE000-\uE002]/gu, ' ');
  const doc = engine.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const tags = doc.tokens().out(its.pos) as PartOfSpeech[];
  const tokens: Token[] = [];
  let cursor = 0;
  const at: number[] = [];
  values.forEach((value, i) => {
    const from = text.indexOf(value, cursor);
    if (from === -1 || from - cursor > 20) {
      at.push(-1);
      return;
    }
    cursor = from + value.length;
    at.push(tokens.length);
    tokens.push({ text: value, lower: value.toLowerCase(), from, to: cursor, pos: tags[i] ?? 'X' });
  });
  const spans = doc.entities().out(its.span) as unknown as number[][];
  const types = doc.entities().out(its.type) as string[];
  spans.forEach((span, e) => {
    const [a = 0, b = -1] = span;
    for (let i = a; i <= b; i++) {
      const k = at[i];
      const token = k === undefined || k < 0 ? undefined : tokens[k];
      if (token) token.entity = types[e];
    }
  });
  if (cache.size > 2000) cache.clear();
  cache.set(sentence, tokens);
  return tokens;
}

/** The tokens that overlap `[from, to)`. */
export function tokensIn(tokens: Token[], from: number, to: number): Token[] {
  return tokens.filter((t) => t.to > from && t.from < to);
}

const ENGLISH_WORDS = new Set('the of and to in is that for it with as was on be by this are or from which an not have has but were their they its'.split(' '));
const OTHER_WORDS = new Set(
  'de la el los las que y en un una del por para con se es le les des et du au est dans pour sur pas qui une o os um uma do da dos das não em com é der die und das ist nicht ein eine mit von zu il di che per non sono'.split(' '),
);

/**
 * Whether a text reads as English, by the share of English function words
 * among the function words of English and of the languages met most often
 * beside it (Spanish, French, Portuguese, German, Italian). The claim rules
 * are written for English: on other languages they say nothing.
 */
export function looksEnglish(text: string): boolean {
  let en = 0;
  let other = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    if (ENGLISH_WORDS.has(word)) en++;
    else if (OTHER_WORDS.has(word)) other++;
  }
  return en + other < 20 || en / (en + other) >= 0.6;
}
