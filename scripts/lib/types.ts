/** The mdast node briefpress adds for a Pandoc-style citation, and what it carries. */
import type { Literal } from 'mdast';
import type { Position } from 'unist';

/** One cited work inside a citation: `see @key, p. 4`. */
export interface CitationItem {
  key: string;
  /** Text before the key inside brackets, e.g. `see`. */
  prefix: string;
  /** Text after the key and locator, e.g. `for a summary`. */
  suffix: string;
  /** CSL locator label (`page`, `chapter`, …) when a locator was written. */
  label?: string;
  locator?: string;
  /** `[-@key]`: show only the date. */
  suppressAuthor: boolean;
  /** Where the key (with its `@`) is in the Markdown. */
  position: Position;
}

/** A citation cluster: `[see @a, p. 4; @b]` (normal) or `@a [p. 4]` (narrative). */
export interface Citation extends Literal {
  type: 'citation';
  mode: 'normal' | 'narrative';
  items: CitationItem[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    citation: Citation;
  }
  interface RootContentMap {
    citation: Citation;
  }
}

