/** Option values of the command line, read and checked (a bad one is a UsageError). */
import { UsageError } from './errors.ts';

/** `--port N` for the preview (0: any free port); default 4173. */
export function parsePort(value: string | undefined): number {
  const port = value === undefined ? 4173 : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number, not \`${value}\``);
  return port;
}

/** `--formats pdf,epub,html` as a list of formats. */
export function parseFormats(value: string): Array<'pdf' | 'epub' | 'html'> {
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const bad = formats.find((f) => f !== 'pdf' && f !== 'epub' && f !== 'html');
  if (bad !== undefined || formats.length === 0) throw new UsageError(`--formats takes pdf, epub and html separated by commas, not \`${value}\``);
  return [...new Set(formats)] as Array<'pdf' | 'epub' | 'html'>;
}
