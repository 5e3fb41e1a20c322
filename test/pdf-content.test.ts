/**
 * stages/pdf-content.ts: content streams read through Node's zlib when they
 * are plain Flate (as Chromium writes them), through pdf-lib's decoders
 * otherwise, and written back as one Flate stream that pdf-lib reads too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, decodePDFRawStream, PDFRawStream } from 'pdf-lib';
import { pageContent, setPageContent, streamBytes } from '../scripts/stages/pdf-content.ts';

const CONTENT = 'BT\n/F1 12 Tf\n1 0 0 -1 72 720 Tm\n<0001> Tj\nET';

test('a Flate stream and a stream in another filter both decode', async () => {
  const doc = await PDFDocument.create();
  const flate = doc.context.stream(deflateSync(Buffer.from(CONTENT, 'latin1')), { Filter: 'FlateDecode' });
  const hex = doc.context.stream(Buffer.from(`${Buffer.from(CONTENT, 'latin1').toString('hex')}>`, 'latin1'), { Filter: 'ASCIIHexDecode' });
  const plain = doc.context.flateStream(Buffer.from(CONTENT, 'latin1'));
  for (const stream of [flate, hex, plain]) assert.equal(Buffer.from(streamBytes(stream)).toString('latin1'), CONTENT);
});

test('a rewritten page reads back the same, through pdf-lib as through zlib, after a save', async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  setPageContent(doc, page, CONTENT);
  const again = await PDFDocument.load(await doc.save());
  const [reread] = again.getPages();
  assert.equal(pageContent(again, reread!), CONTENT);
  const stream = again.context.lookup(reread!.node.get(PDFName.of('Contents')));
  assert.ok(stream instanceof PDFRawStream);
  assert.equal(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'), CONTENT);
});
