/**
 * XMP metadata for the PDF, with the PDF/UA-1 identifier. Chromium writes no
 * XMP; a PDF/UA document must carry one with `pdfuaid:part` and a `dc:title`
 * (Matterhorn 06-002, 06-003), and readers take the language and authors
 * from it too. Kept apart from the Info dictionary code so that it can be
 * called wherever the PDF is post-processed.
 */
import { PDFDocument, PDFName } from 'pdf-lib';

export interface XmpMetadata {
  title: string;
  authors: string[];
  subject?: string;
  keywords: string[];
  lang: string;
  date: Date;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet (RDF/XML) for a brief. */
export function xmpPacket(meta: XmpMetadata): string {
  const lang = escapeXml(meta.lang);
  const date = meta.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const authors = meta.authors.map((a) => `<rdf:li>${escapeXml(a)}</rdf:li>`).join('');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
${authors ? `<dc:creator><rdf:Seq>${authors}</rdf:Seq></dc:creator>` : ''}
${meta.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.subject)}</rdf:li></rdf:Alt></dc:description>` : ''}
<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
${meta.keywords.length ? `<pdf:Keywords>${escapeXml(meta.keywords.join(', '))}</pdf:Keywords>` : ''}
<pdf:Producer>briefpress (Chromium, pdf-lib)</pdf:Producer>
<xmp:CreatorTool>briefpress</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Attach the XMP packet to the document catalog as an uncompressed /Metadata stream. */
export function setXmp(doc: PDFDocument, meta: XmpMetadata): void {
  const stream = doc.context.stream(new TextEncoder().encode(xmpPacket(meta)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}
