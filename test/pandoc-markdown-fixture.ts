/** A bibliography and a brief body using pandoc's citation forms, for the pandoc Markdown tests. */
export const BIB = JSON.stringify([
  { id: 'doe99', type: 'book', title: 'Frogs', author: [{ family: 'Doe', given: 'John' }], issued: { 'date-parts': [[1999]] }, publisher: 'Pond Press', 'publisher-place': 'Boston' },
  { id: 'smith04', type: 'book', title: 'Flies', author: [{ family: 'Smith', given: 'Susan' }], issued: { 'date-parts': [[2004]] }, publisher: 'Insect Press', 'publisher-place': 'Chicago' },
  { id: 'https://example.com/bib?name=foobar&date=2000', type: 'webpage', title: 'Foobar', author: [{ family: 'Bar', given: 'Foo' }], issued: { 'date-parts': [[2000]] }, URL: 'https://example.com/bib?name=foobar&date=2000', 'container-title': 'Example' },
]);

export const DOC = [
  'A. Blah blah [see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1].',
  '',
  'B. A URL key [@{https://example.com/bib?name=foobar&date=2000}, p. 33].',
  '',
  'C. Doe says blah -@doe99.',
  '',
  'D. @doe99 [p. 33; @smith04] says blah.',
  '',
  'E. See [@doe99, Chapter 6] and [@smith04, pp. 93--101].',
  '',
  'F. An inline note.^[With a citation [@smith04, p. 7].] And [ديوان]{lang=ar} in Arabic, [Small]{.smallcaps}.',
  '',
  'G. It happened in Kerman [@doe99]. They called it an “attack” [@smith04].',
].join('\n');
