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
