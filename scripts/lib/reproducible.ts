/**
 * Reproducible outputs. Two prints of the same HTML by Chromium differ only in
 * the Info dictionary's `/CreationDate` and `/ModDate` (the print time; no
 * `/ID`, no XMP packet). They are rewritten here to the build's fixed date with
 * exactly the same number of bytes, so the xref offsets stay valid.
 */

const PDF_DATE = /\/(CreationDate|ModDate)\s*\(D:(\d{4,14})([^)]*)\)/g;

/** `D:YYYYMMDDHHmmSS` in UTC for a date. */
function pdfStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Rewrite the PDF's dates to `date` in place of the print time, keeping every byte offset. */
export function fixPdfDates(pdf: Uint8Array, date: Date): Uint8Array {
  // latin1 maps bytes 1:1 to code units, so string offsets are byte offsets.
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const stamp = pdfStamp(date);
  let changed = false;
  const fixed = text.replace(PDF_DATE, (all, key: string, digits: string, zone: string) => {
    // Same length: as many digits as Chromium wrote, and its zone with the
    // offset zeroed (`+05'30'` → `+00'00'`, `Z` stays `Z`).
    const replacement = `/${key}${all.slice(key.length + 1, all.indexOf('(D:'))}(D:${stamp.slice(0, digits.length)}${zone.replace(/[+-]/, '+').replace(/\d/g, '0')})`;
    if (replacement.length !== all.length) return all;
    changed = true;
    return replacement;
  });
  return changed ? new Uint8Array(Buffer.from(fixed, 'latin1')) : pdf;
}

/** Number of pages of a PDF printed by Chromium (it writes no object streams). */
export function pdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
