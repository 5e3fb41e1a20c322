/**
 * Every rule id briefpress can put on a file, in one place (as the unified
 * collective keeps them), with the `source` its messages carry.
 */
export const SOURCE = 'briefpress';

export const RULES = {
  // Integrity of citations and bibliographies.
  missingReference: 'missing-reference',
  duplicateReference: 'duplicate-reference',
  unusedReference: 'unused-reference',
  incompleteReference: 'incomplete-reference',
  missingBibliography: 'missing-bibliography',
  undefinedFootnote: 'undefined-footnote',
  unusedFootnote: 'unused-footnote',
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
  brokenLink: 'broken-link',
  missingImage: 'missing-image',
  remoteImage: 'remote-image',
  imageAlt: 'image-alt',
  largeImage: 'large-image',
  unsafeContent: 'unsafe-content',
  blockedRequest: 'blocked-request',
  inputFile: 'input-file',
  render: 'render-failed',
  inputLimit: 'input-limit',
} as const;

export type RuleId = (typeof RULES)[keyof typeof RULES];
