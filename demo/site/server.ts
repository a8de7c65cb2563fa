import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { renderPage, renderPlainPage, type WidgetEmbed } from './layout';
import { articleIndexPage, articlePage, findArticle, homePage, inlineArticle, notFoundPage } from './pages';
import { installPage } from './installPage';
import { labPage } from './labPage';
import { accountPage, signDemoToken, type DemoUser } from './accountPage';
import { cspPage, newNonce, strictCsp } from './cspPage';

/** Options of {@link startSite}. */
export interface SiteOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where the bridge serves `/widget.js`, e.g. `http://127.0.0.1:8787`; templated into every page. */
  bridgeUrl: string;
  /** The bridge's `IDENTITY_SECRET`: the account page signs its visitor's token with it. Without it, no account page. */
  identitySecret?: string;
}

/** A running help-center site. */
export interface SiteServer {
  /** Origin of the site, e.g. `http://127.0.0.1:5173`; the bridge must allow it. */
  url: string;
  close(): Promise<void>;
}

const ASSET_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const readAsset = (name: string): Buffer => readFileSync(new URL(`./assets/${name}`, import.meta.url));

// Assets are few and small: read them once at start. The simulator's human agent links her avatar here.
const assets = new Map<string, Buffer>([
  ...['hostile.css', 'site.css', 'site.js', 'install.js'].map((name): [string, Buffer] => [`/assets/${name}`, readAsset(name)]),
  ['/avatars/grace.svg', readAsset('grace.svg')],
  ['/assets/account.js', readAsset('account.js')],
]);

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

async function route(req: IncomingMessage, bridgeUrl: string, identitySecret?: string): Promise<{ status: number; type: string; body: string | Buffer; headers?: Record<string, string> }> {
  const url = new URL(req.url ?? '/', 'http://site.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const asset = assets.get(path);
  if (asset) return { status: 200, type: ASSET_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream', body: asset };
  const html = 'text/html; charset=utf-8';
  if (path === '/plain') return { status: 200, type: html, body: renderPlainPage(bridgeUrl) };
  if (path === '/lab') return { status: 200, type: html, body: labPage(url.searchParams, bridgeUrl) };
  if (path === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };

  // `?widget=off` serves the same page without any embed, so the host page can be compared with and without it.
  const withWidget = url.searchParams.get('widget') !== 'off';
  const page = (title: string, body: string, widget: WidgetEmbed, active?: 'home' | 'articles' | 'install' | 'account', scripts?: string[], userToken?: string) =>
    renderPage({ title, body, bridgeUrl, widget: withWidget ? widget : 'none', active, scripts, userToken });

  if (path === '/') return { status: 200, type: html, body: page('Help center', homePage(), 'launcher', 'home') };
  if (path === '/articles') {
    const query = (url.searchParams.get('q') ?? '').slice(0, 200);
    return { status: 200, type: html, body: page('Articles', articleIndexPage(query), 'launcher', 'articles') };
  }
  if (path === '/csp') {
    // A new nonce per response, as a real site's server makes it.
    const nonce = newNonce();
    const policy = strictCsp(nonce, bridgeUrl);
    const body = renderPage({ title: 'Strict CSP', body: cspPage(policy), bridgeUrl, widget: withWidget ? 'launcher+inline' : 'none', nonce });
    return { status: 200, type: html, body, headers: { 'content-security-policy': policy } };
  }
  if (path === '/install') {
    return { status: 200, type: html, body: page('Install the widget', installPage(bridgeUrl), 'launcher', 'install', ['/assets/install.js']) };
  }
  if (path === '/account' && identitySecret) {
    // As a site's backend would: who is signed in comes from its session; here, from ?user= (demo only).
    const user: DemoUser = url.searchParams.get('user') === 'grace' ? 'grace' : 'ada';
    const forged = url.searchParams.get('forged') === '1';
    const token = await signDemoToken(user, identitySecret, forged);
    return { status: 200, type: html, body: page('Your account', accountPage(user, forged), 'launcher', 'account', ['/assets/account.js'], token) };
  }
  const slug = /^\/articles\/([a-z0-9-]+)$/.exec(path)?.[1];
  const article = slug ? findArticle(slug) : undefined;
  if (article) {
    const inline = article.slug === inlineArticle()?.slug;
    return { status: 200, type: html, body: page(article.title, articlePage(article, inline), inline ? 'launcher+inline' : 'launcher', 'articles') };
  }
  return { status: 404, type: html, body: page('Not found', notFoundPage(), 'launcher') };
}

/**
 * Serves the Lovelace Support help center: static pages templated with the bridge URL, on their own origin.
 * @example const site = await startSite({ port: 5173, bridgeUrl: bridge.url }); console.log(site.url);
 */
export async function startSite(options: SiteOptions): Promise<SiteServer> {
  const host = options.host ?? '127.0.0.1';
  const bridgeUrl = options.bridgeUrl.replace(/\/+$/, '');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    route(req, bridgeUrl, options.identitySecret).then(
      ({ status, type, body, headers }) => send(res, status, type, req.method === 'HEAD' ? '' : body, headers),
      (error: unknown) => {
        console.error('[parley] demo site error', error);
        send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
