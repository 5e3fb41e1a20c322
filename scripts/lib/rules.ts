/**
 * Every rule id briefpress can put on a file, in one place (as the unified
 * collective keeps them), with the `source` its messages carry and each rule's
 * default severity. Rules never decide their own severity: they call
 * `file.message(reason, { place, ruleId, source })`, and `lib/severity.ts`
 * sets `fatal` from this table, the house config's `rules:` and `--strict`.
 */
export const SOURCE = 'briefpress';

export const RULES = {
  // Integrity of citations and bibliographies.
  missingReference: 'missing-reference',
  duplicateReference: 'duplicate-reference',
  repeatedEntry: 'repeated-entry',
  duplicateDoi: 'duplicate-doi',
  unusedReference: 'unused-reference',
  incompleteReference: 'incomplete-reference',
  sparseReference: 'sparse-reference',
  malformedIdentifier: 'malformed-identifier',
  missingBibliography: 'missing-bibliography',
  undefinedFootnote: 'undefined-footnote',
  unusedFootnote: 'unused-footnote',
  // Cross-references (pandoc-crossref, Quarto).
  missingCrossref: 'missing-crossref',
  duplicateLabel: 'duplicate-label',
  reservedKey: 'reserved-key',
  // Claims that need a source.
  uncitedQuotation: 'uncited-quotation',
  uncitedStatistic: 'uncited-statistic',
  uncitedAttribution: 'uncited-attribution',
  unjustifiedExemption: 'unjustified-exemption',
  // Document-level problems.
  frontMatter: 'front-matter',
  unknownStyle: 'unknown-style',
  unknownTemplate: 'unknown-template',
  config: 'config',
  collection: 'collection',
  brokenLink: 'broken-link',
  invalidLink: 'invalid-link',
  missingImage: 'missing-image',
  remoteImage: 'remote-image',
  imageAlt: 'image-alt',
  largeImage: 'large-image',
  unsafeContent: 'unsafe-content',
  unsafeHtml: 'unsafe-html',
  blockedRequest: 'blocked-request',
  inputFile: 'input-file',
  render: 'render-failed',
  inputLimit: 'input-limit',
  // Fonts and accessibility of the outputs.
  missingGlyph: 'missing-glyph',
  missingAlt: 'missing-alt',
  headingOrder: 'heading-order',
  pdfStructure: 'pdf-structure',
  mathError: 'math-error',
} as const;

export type RuleId = (typeof RULES)[keyof typeof RULES];

/** How a rule's messages count: an error stops the brief; `off` drops them. */
export type Severity = 'error' | 'warning' | 'info' | 'off';

/** Each rule's default severity. */
export const DEFAULT_SEVERITY: Record<RuleId, Exclude<Severity, 'off'>> = {
  'missing-reference': 'error',
  'duplicate-reference': 'error',
  'repeated-entry': 'info',
  'duplicate-doi': 'warning',
  'unused-reference': 'warning',
  'incomplete-reference': 'error',
  'sparse-reference': 'warning',
  'malformed-identifier': 'warning',
  'missing-bibliography': 'error',
  'undefined-footnote': 'error',
  'unused-footnote': 'warning',
  'missing-crossref': 'error',
  'duplicate-label': 'error',
  'reserved-key': 'error',
  'uncited-quotation': 'warning',
  'uncited-statistic': 'warning',
  'uncited-attribution': 'warning',
  'unjustified-exemption': 'warning',
  'front-matter': 'error',
  'unknown-style': 'error',
  'unknown-template': 'error',
  config: 'error',
  collection: 'error',
  // A link is never followed at build time; the outputs print it as text.
  // Documents from a site link to its other pages: a warning, not a block.
  'broken-link': 'warning',
  'invalid-link': 'warning',
  'missing-image': 'error',
  'remote-image': 'error',
  'image-alt': 'warning',
  'large-image': 'info',
  'unsafe-content': 'error',
  'unsafe-html': 'warning',
  'blocked-request': 'error',
  'input-file': 'error',
  'render-failed': 'error',
  'input-limit': 'error',
  'missing-glyph': 'warning',
  'missing-alt': 'error',
  'heading-order': 'warning',
  'pdf-structure': 'error',
  'math-error': 'warning',
};
