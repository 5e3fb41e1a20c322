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

/** Write `<outDir>/<slug>.pdf`, `.epub` and `.html`: each of `formats` that is given. */
export async function writeOutputs(
  outDir: string,
  slug: string,
  bytes: Partial<Record<Format, Uint8Array | string | undefined>>,
  formats: readonly Format[] = ['pdf', 'epub'],
): Promise<Outputs> {
  const outputs: Outputs = {};
  const writes: Array<Promise<void>> = [];
  for (const format of ['pdf', 'epub', 'html'] as const) {
    const data = bytes[format];
    if (data === undefined || !formats.includes(format)) continue;
    const path = (outputs[format] = join(outDir, `${slug}.${format}`));
    writes.push(writeAtomic(path, data));
  }
  await Promise.all(writes);
  return outputs;
}
