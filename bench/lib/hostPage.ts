import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A local server with a plain host page, with and without the widget script tag. */
export interface HostPageServer {
  url: string;
  /** Path of the page without the widget. */
  baselinePath: string;
  /** Path of the same page with the widget's script tag. */
  widgetPath: string;
  close(): Promise<void>;
}

const PARAGRAPH =
  'This is a plain host page: some text, no framework, no images, no third-party scripts. It stands in for a ' +
  'help-center article or a product page that embeds the chat with one script tag.';

function page(withWidget: boolean): string {
  const paragraphs = Array.from({ length: 8 }, () => `<p>${PARAGRAPH}</p>`).join('\n');
  // Recommended embed: one async script tag at the end of <body> (it never blocks parsing).
  const tag = withWidget ? '<script async src="/widget.js"></script>' : '';
  // Both pages run one tiny inline script: real host pages have some JavaScript, so the page's script context
  // already exists and the widget is not charged for creating it.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Plain page</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><main><h1>A plain host page</h1>
${paragraphs}
</main>
<script>document.documentElement.dataset.ready = '1';</script>
${tag}</body></html>`;
}

/**
 * Serves `/` (baseline), `/with-widget` and `/widget.js` (gzip when asked: pass the bridge's own gzip copy) on 127.0.0.1.
 * Every response is `no-store` so each run loads cold. Anything else is a 404 (and shows up in the request count).
 */
export async function startHostPageServer(widgetJs: Buffer, widgetGz: Buffer = gzipSync(widgetJs, { level: 9 })): Promise<HostPageServer> {
  const pages = new Map([
    ['/', Buffer.from(page(false))],
    ['/with-widget', Buffer.from(page(true))],
  ]);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages.get(pathname);
    res.setHeader('cache-control', 'no-store');
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length });
      res.end(html);
    } else if (pathname === '/widget.js') {
      const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gz ? widgetGz : widgetJs;
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': body.length,
        ...(gz ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    baselinePath: '/',
    widgetPath: '/with-widget',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
