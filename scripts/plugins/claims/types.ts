/** Shapes shared by the claim finders. */
import type { RuleId } from '../../lib/rules.ts';

/** A span found in a sentence: offsets relative to the sentence, and what it says. */
export interface Found {
  from: number;
  to: number;
  label: string;
}

/** What a finder knows about the sentence beyond its text. */
export interface Context {
  /** The sentence is in a section of the document's own results or methods. */
  ownResults: boolean;
}

/**
 * A documented case (docs as tests): the Markdown, and the rule ids the claim
 * check gives on it, in order. `test/claim-check.test.ts` runs every one.
 */
export interface Example {
  md: string;
  rules: RuleId[];
  why: string;
}

/** The writer speaking: we, our, this study. */
export const OWN_VOICE =
  /(?:^|[\s(“"—–-])(?:[Ww]e|[Oo]urs?|us|I|[Mm]y)\b|\b(?:[Tt]his|[Tt]he\s+present|[Tt]he\s+current)\s+(?:study|paper|article|report|brief|analysis|chapter|work|project|thesis|dissertation|survey|research|review|tool|package|software|library|book|essay|section)\b/u;
