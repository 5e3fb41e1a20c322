// @citation-js ships no typings; this declares the little briefpress uses.
declare module '@citation-js/core' {
  export const plugins: {
    input: { chain(data: unknown, options?: { forceType?: string; target?: string; generateGraph?: boolean }): unknown[] };
    config: { get(name: '@bibtex'): { parse: { sentenceCase: 'never' | 'english' | 'always' } } };
  };
}
declare module '@citation-js/plugin-bibtex';
declare module 'citeproc' {
  const CSL: {
    Engine: new (sys: unknown, style: string, lang?: string, forceLang?: boolean) => CiteprocEngine;
  };
  export interface CiteprocEngine {
    opt: { development_extensions: Record<string, boolean> };
    setOutputFormat(format: string): void;
    updateItems(ids: string[]): void;
    updateUncitedItems(ids: string[]): void;
    processCitationCluster(
      citation: unknown,
      pre: Array<[string, number]>,
      post: Array<[string, number]>,
    ): [{ bibchange: boolean }, Array<[number, string, string]>];
    previewCitationCluster(citation: unknown, pre: Array<[string, number]>, post: Array<[string, number]>, format: string): string;
    /** Process a whole document's citations in order: [citationID, noteIndex, html] each. */
    rebuildProcessorState(citations: unknown[], mode: string, uncited: string[]): Array<[string, number, string]>;
    makeBibliography(): false | [{ entry_ids: string[][]; bibstart: string; bibend: string }, string[]];
    cslXml?: unknown;
  }
  export default CSL;
}
