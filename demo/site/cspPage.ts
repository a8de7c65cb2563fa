import { randomBytes } from 'node:crypto';
import { escapeHtml } from './markdown';

/**
 * The strict Content-Security-Policy of the demo's `/csp` page: scripts only with this response's nonce (no host
 * allow-list, no `strict-dynamic`, so the widget's second file runs only because widget.js hands it the nonce), no
 * `unsafe-inline` or `unsafe-eval` anywhere, styles only from the site's own files, connections only to the bridge.
 * @example res.setHeader('content-security-policy', strictCsp(nonce, 'http://127.0.0.1:8787'));
 */
export function strictCsp(nonce: string, bridgeUrl: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    `img-src 'self' data: ${bridgeUrl}`,
    `connect-src ${bridgeUrl}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh nonce for one response: 128 random bits, base64. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/** The `/csp` page's content: what the policy is, and an inline chat beside the launcher, both under it. */
export function cspPage(policy: string): string {
  return `        <article class="article">
          <h1>Parley under a strict Content-Security-Policy</h1>
          <p>This page is served with the policy below: a new nonce for every response, no <code>unsafe-inline</code>,
          no <code>unsafe-eval</code>, no script host allowed by name. The widget's script tags carry the nonce, and
          widget.js hands it to the chat file it loads; every style comes from constructable stylesheets.</p>
          <pre><code>${escapeHtml(policy)}</code></pre>
          <div id="help-chat"></div>
        </article>`;
}
