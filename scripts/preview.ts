/**
 * Live preview (`watch --serve`): serves each brief's web edition from the
 * output folder on 127.0.0.1 only, and reloads the open page after every
 * rebuild. A brief whose last build failed shows its errors over the page
 * (the last good edition, if any) with `file:line:col`. Nothing here prints.
 *
 * The reload is a six-line EventSource script added to the page as it is
 * served, never to the written file: the edition on disk stays script-free.
 * node:http rather than a dev-server package: three routes, no assets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { messageRows, type MessageRow } from './lib/check-report.ts';
import type { WatchEvent } from './watch.ts';

export interface Preview {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** Take a watch event's results: new errors, then a reload of open pages. */
  update(event: WatchEvent): void;
  close(): Promise<void>;
}

const RELOAD = `<script>
new EventSource('/events').onmessage = () => location.reload();
</script>`;

const OVERLAY_CSS = `.bp-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.92);color:#fff;
font:14px/1.5 ui-monospace,'DejaVu Sans Mono',monospace;padding:2rem}.bp-overlay h2{color:#ff8a8a;font:700 1.1rem/1.3 sans-serif;margin:0 0 1rem}
.bp-overlay li{margin:0 0 .75rem;white-space:pre-wrap}.bp-overlay code{color:#ffd479}`;

export async function startPreview(options: { port: number; outDir: () => string }): Promise<Preview> {
  const clients = new Set<ServerResponse>();
  /** slug → the errors of its last build (absent: built cleanly). */
  const errors = new Map<string, MessageRow[]>();
  const slugs = new Set<string>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const send = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    };
    if (path === '/') {
      const items = [...slugs].sort().map((s) => `<li><a href="/${encodeURIComponent(s)}.html">${escape(s)}</a></li>`).join('');
      return send(200, page('briefpress preview', `<main><h1>Briefs</h1><ul>${items}</ul></main>`));
    }
    const match = /^\/([\w.-]+)\.html$/.exec(path);
    const slug = match?.[1];
    if (!slug || slug.startsWith('.')) return send(404, page('Not found', '<main><h1>Not found</h1></main>'));
    const html = await readFile(join(options.outDir(), `${slug}.html`), 'utf8').catch(() => undefined);
    const overlay = overlayHtml(errors.get(slug));
    if (html === undefined) return send(overlay ? 200 : 404, page(slug, overlay || '<main><h1>Not built yet</h1></main>'));
    const at = html.lastIndexOf('</body>');
    const extra = `${overlay}${RELOAD}`;
    send(200, at < 0 ? html + extra : `${html.slice(0, at)}${extra}${html.slice(at)}`);
  }

  const page = (title: string, body: string) =>
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body>${body}${RELOAD}</body></html>`;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: a preview is never served to the network.
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    update(event) {
      for (const result of event.results) {
        slugs.add(result.slug);
        if (result.skipped) continue;
        const rows = messageRows(result.files).filter((m) => m.severity === 'error');
        if (result.ok || !rows.length) errors.delete(result.slug);
        else errors.set(result.slug, rows);
      }
      for (const client of clients) client.write('data: reload\n\n');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function overlayHtml(rows: MessageRow[] | undefined): string {
  if (!rows?.length) return '';
  const items = rows
    .map((m) => `<li><code>${escape(`${m.file}${m.line ? `:${m.line}:${m.column ?? 1}` : ''}`)}</code> ${escape(m.message)}${m.ruleId ? ` (${escape(m.ruleId)})` : ''}</li>`)
    .join('');
  return `<style>${OVERLAY_CSS}</style><div class="bp-overlay" role="alert"><h2>The last build failed: ${rows.length} error${rows.length === 1 ? '' : 's'}</h2><ol>${items}</ol></div>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
