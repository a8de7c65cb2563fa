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
  /**
   * Path of the same page with a script tag just like the widget's, loading a one-line script instead: the control
   * that shows what any script tag with its one request costs the page (fetch, response, script context), so that
   * widget − control is the widget's own evaluation and render.
   */
  controlPath: string;
  /**
   * Path of the same page with a script tag loading `MINIMAL_LAUNCHER_JS`: the reference for what drawing any
   * launcher costs at least, so the widget's own cost can be read against a floor measured in the same run.
   */
  referencePath: string;
  close(): Promise<void>;
}

const PARAGRAPH =
  'This is a plain host page: some text, no framework, no images, no third-party scripts. It stands in for a ' +
  'help-center article or a product page that embeds the chat with one script tag.';

/** The control's script: one line, served like widget.js. */
const CONTROL_JS = Buffer.from("document.documentElement.dataset.control = '1';\n");

/**
 * The reference launcher (issue 14's follow-up): the least a chat launcher can do, hand-written, 0.8 KB. It draws
 * the same button as Parley's (a shadow root, one constructed sheet, a fixed 56 px circle in the brand colour with
 * its shadow and icon, an accessible name) and installs a one-method global, with no options, strings, storage or
 * chat loading. What it costs the page beyond the control is the floor any launcher pays on this machine.
 */
export const MINIMAL_LAUNCHER_JS = Buffer.from(`(() => {
  window.MinimalChat = { open() {} };
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(':host{position:fixed;z-index:2147480000}button{position:fixed;bottom:20px;right:20px;width:56px;height:56px;border:0;border-radius:50%;background:#4f46e5;color:#fff;display:grid;place-items:center;box-shadow:0 6px 20px #0003;cursor:pointer}svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}');
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = '<button aria-label="Open chat" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg></button>';
  root.querySelector('button').addEventListener('click', () => window.MinimalChat.open());
  document.body.append(host);
})();
`);

/**
 * A host element with an empty open shadow root, appended to the body, and nothing else: no sheet, no markup. What
 * this costs the page beyond the control is what any widget kept apart from the page's CSS pays before it draws
 * anything (`bench/hostCostAb.ts @empty-host`).
 */
export const EMPTY_HOST_JS = Buffer.from(`(() => {
  const host = document.createElement('div');
  host.attachShadow({ mode: 'open' });
  document.body.append(host);
})();
`);

function page(script?: string): string {
  const paragraphs = Array.from({ length: 8 }, () => `<p>${PARAGRAPH}</p>`).join('\n');
  // Recommended embed: one async script tag at the end of <body> (it never blocks parsing).
  const tag = script ? `<script async src="${script}"></script>` : '';
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

/** A script file served beside widget.js: the chat file widget.js fetches on intent (issue 14). */
export interface ServedFile {
  /** Its name, e.g. `chat.3f9a1c2b7d.js`. */
  name: string;
  raw: Buffer;
  /** What is sent to a client asking for gzip (the bridge's own copy). */
  gz: Buffer;
}

/**
 * Serves `/` (baseline), `/with-widget` and `/widget.js` (gzip when asked: pass the bridge's own gzip copy), the
 * chat file beside it when given, the control `/with-script` with `/control.js`, and the reference `/with-launcher`
 * with `/launcher.js`, on 127.0.0.1.
 * Every response is `no-store` so each run loads cold. Anything else is a 404 (and shows up in the request count).
 */
export async function startHostPageServer(
  widgetJs: Buffer, widgetGz: Buffer = gzipSync(widgetJs, { level: 9 }), chat?: ServedFile,
): Promise<HostPageServer> {
  const pages = new Map([
    ['/', Buffer.from(page())],
    ['/with-widget', Buffer.from(page('/widget.js'))],
    ['/with-script', Buffer.from(page('/control.js'))],
    ['/with-launcher', Buffer.from(page('/launcher.js'))],
  ]);
  const scripts = new Map([
    ['/widget.js', { raw: widgetJs, gz: widgetGz }],
    ['/control.js', { raw: CONTROL_JS, gz: gzipSync(CONTROL_JS, { level: 9 }) }],
    ['/launcher.js', { raw: MINIMAL_LAUNCHER_JS, gz: gzipSync(MINIMAL_LAUNCHER_JS, { level: 9 }) }],
    ...(chat ? [[`/${chat.name}`, { raw: chat.raw, gz: chat.gz }] as const] : []),
  ]);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages.get(pathname);
    const script = scripts.get(pathname);
    res.setHeader('cache-control', 'no-store');
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length });
      res.end(html);
    } else if (script) {
      const gz = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      const body = gz ? script.gz : script.raw;
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
    controlPath: '/with-script',
    referencePath: '/with-launcher',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
