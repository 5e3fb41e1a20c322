/** The mdast node briefpress adds for a Pandoc-style citation, and what it carries. */
import type { Literal, Parent, PhrasingContent, BlockContent } from 'mdast';
import type { Position } from 'unist';

/** One cited work inside a citation: `see @key, p. 4`. */
export interface CitationItem {
  key: string;
  /** Text before the key inside brackets, e.g. `see`, as CSL rich text (`<i>`/`<b>` for emphasis). */
  prefix: string;
  /** Text after the key and locator, e.g. `, for a summary`, as CSL rich text. */
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


/** pandoc's bracketed span, `[text]{lang=ar}`: rendered as a `<span>` (its `data.hProperties`). */
export interface PandocSpan extends Parent {
  type: 'pandocSpan';
  children: PhrasingContent[];
}

/** pandoc's fenced div, `::: {.note}` … `:::`: rendered as a `<div>` (its `data.hProperties`). */
export interface PandocDiv extends Parent {
  type: 'pandocDiv';
  children: BlockContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    pandocSpan: PandocSpan;
  }
  interface BlockContentMap {
    pandocDiv: PandocDiv;
  }
  interface RootContentMap {
    pandocSpan: PandocSpan;
    pandocDiv: PandocDiv;
  }
}
