/**
 * Stage 7, write: a brief's PDF and EPUB reach the output folder together,
 * each atomically (lib/write.ts).
 */
import { join } from 'node:path';
import { writeAtomic } from '../lib/write.ts';

/** Where a brief's outputs were written. */
export interface Outputs {
  pdf: string;
  epub: string;
}

/** Write `<outDir>/<slug>.pdf` and `<outDir>/<slug>.epub`. */
export async function writeOutputs(outDir: string, slug: string, bytes: { pdf: Uint8Array; epub: Uint8Array }): Promise<Outputs> {
  const outputs = { pdf: join(outDir, `${slug}.pdf`), epub: join(outDir, `${slug}.epub`) };
  await Promise.all([writeAtomic(outputs.pdf, bytes.pdf), writeAtomic(outputs.epub, bytes.epub)]);
  return outputs;
}
