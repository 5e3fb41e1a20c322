/** The date stamped into outputs, for reproducible bytes. */
import type { Meta } from './meta.ts';

/** SOURCE_DATE_EPOCH, else the brief's date, else 2000-01-01. */
export function outputDate(meta: Pick<Meta, 'date'>): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (meta.date) return new Date(`${meta.date.length === 4 ? `${meta.date}-01-01` : meta.date.length === 7 ? `${meta.date}-01` : meta.date}T00:00:00Z`);
  return new Date('2000-01-01T00:00:00Z');
}
