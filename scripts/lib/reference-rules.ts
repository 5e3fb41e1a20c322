/**
 * What a reader needs to find a bibliography entry again, by CSL type: the
 * rules of remark-reference-check, kept apart from the plugin's plumbing.
 *
 * The yardstick is what citeproc renders: an entry with a title (or a name
 * that stands for it), a date and something to look it up by (a creator, a
 * publisher, a journal, a court, a URL or a DOI) is findable. Hand-written
 * because no library states these needs per CSL type; the CSL specification
 * lists the types and variables used here.
 */
import type { CslItem } from './bibliography.ts';

export interface Finding {
  /** `incomplete`: the reader cannot find it; `sparse`: a type-specific field is missing; `malformed`: a DOI or URL will not resolve. */
  kind: 'incomplete' | 'sparse' | 'malformed';
  reason: string;
}

const CREATORS = ['author', 'editor', 'container-author', 'composer', 'director', 'interviewer', 'translator', 'collection-editor', 'editorial-director', 'reviewed-author', 'recipient', 'curator', 'organizer', 'performer', 'producer', 'chair', 'compiler', 'contributor', 'host'];
/** Types that name no person: laws, cases, treaties, standards, patents. */
const LEGAL = new Set(['legal_case', 'legislation', 'bill', 'regulation', 'treaty', 'hearing', 'standard', 'patent']);
/** Types that may carry no title (a letter, an interview, a case named in `author`). */
const UNTITLED = new Set(['personal_communication', 'interview', 'legal_case', 'post']);

/** Type-specific fields a full entry carries: any one of each group. */
const SPARSE: Record<string, string[][]> = {
  'article-journal': [['container-title']],
  'article-magazine': [['container-title']],
  'article-newspaper': [['container-title']],
  chapter: [['container-title'], ['publisher']],
  'paper-conference': [['container-title', 'event-title', 'event']],
  book: [['publisher']],
  report: [['publisher', 'authority', 'author']],
  thesis: [['publisher']],
  webpage: [['URL']],
  'post-weblog': [['URL']],
  speech: [['publisher', 'event-title', 'event', 'event-place']],
  legal_case: [['authority', 'container-title', 'publisher']],
};

export function has(item: CslItem, field: string): boolean {
  const value = item[field];
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** Everything a reader would miss in one entry (cited or listed). */
export function checkEntry(item: CslItem): Finding[] {
  const out: Finding[] = [];
  const any = (...fields: string[]) => fields.some((f) => has(item, f));
  const type = item.type;
  const creator = any(...CREATORS);
  const online = any('URL', 'DOI');
  // A case may be named by its parties (in `author`), its reporter or its docket number.
  const named = type === 'legal_case' ? creator || online || any('container-title', 'number', 'authority') : UNTITLED.has(type) && (creator || online || any('container-title'));
  if (!has(item, 'title') && !named) {
    out.push({ kind: 'incomplete', reason: 'has no title' });
  }
  // A creator, or what stands for one in a title-first reference: a URL or
  // DOI (a web page, software, a data set, a text posted by an organisation:
  // citeproc puts the title first and the link finds it), a publisher, a
  // court or agency, a journal, an archive, an event; laws need none.
  const stands = LEGAL.has(type) || online || any('publisher', 'authority', 'container-title', 'archive', 'event-title', 'event');
  if (!creator && !stands) {
    out.push({ kind: 'incomplete', reason: 'has no author, editor or organisation (use a literal name such as `{United Nations}`), nor a publisher or URL' });
  }
  // A decision cited by its official report (`BGHZ 146, 341`) is found by volume and page.
  const reported = type === 'legal_case' && any('volume') && any('page');
  if (!has(item, 'issued') && !(online && has(item, 'accessed')) && !reported) {
    // Undated with a link (a database, a page of a constitution): citeproc
    // prints "n.d." and the link still finds it.
    if (online) out.push({ kind: 'sparse', reason: 'has no date (nor an access date): it is printed as "n.d."' });
    else out.push({ kind: 'incomplete', reason: 'has no date' });
  }
  for (const alternatives of SPARSE[type] ?? []) {
    if (!any(...alternatives)) out.push({ kind: 'sparse', reason: `(${type}) has no \`${alternatives[0]}\`` });
  }
  const doi = item.DOI;
  if (typeof doi === 'string' && !isDoi(doi)) out.push({ kind: 'malformed', reason: `has a malformed DOI \`${doi}\`` });
  const url = item.URL;
  if (typeof url === 'string' && !isWebUrl(url)) out.push({ kind: 'malformed', reason: `has a malformed URL \`${url}\`` });
  return out;
}

/** A DOI (`10.1000/xyz`) or a shortDOI (`10/bqhp9z`, which doi.org resolves), bare or as a doi.org URL. */
export function isDoi(value: string): boolean {
  const bare = normalDoi(value);
  return /^10\.\d{4,9}\/\S+$/.test(bare) || /^10\/[a-z0-9]+$/i.test(bare);
}

/** A DOI without its resolver prefix, lower-cased (DOIs are case-insensitive). */
export function normalDoi(value: string): string {
  return value.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').toLowerCase();
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    return false;
  }
}
