/**
 * Stage 7, write: a brief's PDF, EPUB (and web edition) reach the output folder together,
 * each atomically (lib/write.ts).
 */
import { join } from 'node:path';
import { writeAtomic } from '../lib/write.ts';

/** The formats a brief can be written in (config `formats:`, `--formats`). */
export type Format = 'pdf' | 'epub' | 'html';

/** Where a brief's outputs were written (the formats asked for). */
export type Outputs = Partial<Record<Format, string>>;

/** Write `<outDir>/<slug>.pdf`, `.epub` and `.html`, each that is given. */
export async function writeOutputs(outDir: string, slug: string, bytes: Partial<Record<Format, Uint8Array | string>>): Promise<Outputs> {
  const outputs: Outputs = {};
  for (const format of ['pdf', 'epub', 'html'] as const) if (bytes[format] !== undefined) outputs[format] = join(outDir, `${slug}.${format}`);
  await Promise.all((['pdf', 'epub', 'html'] as const).flatMap((f) => (outputs[f] && bytes[f] !== undefined ? [writeAtomic(outputs[f], bytes[f])] : [])));
  return outputs;
}
