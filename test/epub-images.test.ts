/** Images too large for an e-reader are scaled down for the EPUB; the PDF keeps the original. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { imageSize } from 'image-size';
import { cli, epubcheck, requireTool, tempDir } from './helpers.ts';

/** A plain PNG of the given size (two colour bands), written without an image library. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const colour = y < height / 2 ? [138, 28, 43] : [247, 245, 242];
    for (let x = 0; x < width; x++) rows.set(colour, y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

test('a 3000 px image is scaled to 1600 px in the EPUB, which passes epubcheck', async (t) => {
  const dir = tempDir();
  writeFileSync(join(dir, 'big.png'), png(3000, 1800));
  writeFileSync(join(dir, 'brief.md'), '---\ntitle: A big picture\n---\n\nThe picture below is large.\n\n![Two bands of colour](big.png "Figure 1. Two bands.")\n');
  const result = await cli(['build', 'brief.md', '--out', 'out'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /3000×1800 px/, 'the large image is still reported');
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out', 'brief.epub')));
  const images = Object.keys(zip.files).filter((p) => /OEBPS\/images\/./.test(p));
  assert.equal(images.length, 1);
  const size = imageSize(await zip.file(images[0]!)!.async('uint8array'));
  assert.deepEqual([size.width, size.height], [1600, 960]);
  if (requireTool(t, 'epubcheck')) assert.deepEqual((await epubcheck(join(dir, 'out', 'brief.epub'))).map((m) => `${m.severity} ${m.message}`), []);
});
