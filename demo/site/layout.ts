import { escapeAttribute, escapeHtml } from './markdown';

/** Which Parley embeds a page carries. `none` serves the same page without the widget (isolation checks). */
export type WidgetEmbed = 'launcher' | 'launcher+inline' | 'none';

/** Options of {@link renderPage}. */
export interface PageOptions {
  title: string;
  /** The page's HTML content, already escaped. */
  body: string;
  bridgeUrl: string;
  widget: WidgetEmbed;
  active?: 'home' | 'articles' | 'install';
  /** Extra same-site scripts, e.g. `/assets/install.js`. */
  scripts?: string[];
  /** A CSP nonce for every script tag of the page (the strict-CSP page, `/csp`). */
  nonce?: string;
}

/** The greeting the demo's widgets show before anyone types. */
export const DEMO_GREETING = "Hi! I'm the Lovelace assistant. Ask me about your notebook, the Lovelace Pen or the app.";
/** The floating chat's title, subtitle and AI Agent name on the demo site (the Install page's preview starts from them). */
export const DEMO_TITLE = 'Lovelace Support';
export const DEMO_SUBTITLE = 'We usually answer right away';
export const DEMO_AGENT_NAME = 'Lovelace assistant';

/**
 * The floating-launcher script tag exactly as a site owner would paste it.
 * @example launcherScriptTag('http://127.0.0.1:8787')
 */
export function launcherScriptTag(bridgeUrl: string, nonce?: string): string {
  const src = `${bridgeUrl}/widget.js`;
  return `<script${nonceAttr(nonce)} src="${escapeAttribute(src)}" data-title="${DEMO_TITLE}" data-subtitle="${DEMO_SUBTITLE}" data-agent-name="${DEMO_AGENT_NAME}" data-greeting="${escapeAttribute(DEMO_GREETING)}" async></script>`;
}

/** The inline-embed script tag: renders into `#help-chat` and shares the launcher's conversation. */
export function inlineScriptTag(bridgeUrl: string, nonce?: string): string {
  const src = `${bridgeUrl}/widget.js`;
  return `<script${nonceAttr(nonce)} src="${escapeAttribute(src)}" data-mode="inline" data-target="#help-chat" data-title="Ask about this article" data-greeting="${escapeAttribute(DEMO_GREETING)}" async></script>`;
}

/** ` nonce="…"` for a script tag, or nothing. */
const nonceAttr = (nonce?: string): string => (nonce ? ` nonce="${escapeAttribute(nonce)}"` : '');

function widgetTags(bridgeUrl: string, widget: WidgetEmbed, nonce?: string): string {
  if (widget === 'none') return '';
  const tags = [launcherScriptTag(bridgeUrl, nonce)];
  if (widget === 'launcher+inline') tags.push(inlineScriptTag(bridgeUrl, nonce));
  return tags.join('\n    ');
}

function navLink(href: string, label: string, current: boolean): string {
  return `<a href="${href}"${current ? ' aria-current="page"' : ''}>${label}</a>`;
}

/** Wraps page content in the help center's shell: cookie bar, header, footer, styles and the widget embeds. */
export function renderPage(options: PageOptions): string {
  const { title, body, bridgeUrl, widget, active, scripts = [], nonce } = options;
  const extra = scripts.map((src) => `<script${nonceAttr(nonce)} src="${escapeHtml(src)}" defer></script>`).join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} · Lovelace Support</title>
    <link rel="stylesheet" href="/assets/hostile.css" />
    <link rel="stylesheet" href="/assets/site.css" />
    <script${nonceAttr(nonce)} src="/assets/site.js" defer></script>
    ${extra}
  </head>
  <body>
    <div class="cookie-bar" role="region" aria-label="Cookie notice" hidden>
      <span>We use cookies to remember your preferences. No tracking, promise.</span>
      <button type="button" class="ui-btn" data-cookie="accept">Accept</button>
      <button type="button" class="ui-btn secondary" data-cookie="decline">Decline</button>
    </div>
    <div class="site">
      <header class="site-header">
        <div class="inner">
          <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">L</span> Lovelace Support</a>
          <nav class="site-nav" aria-label="Main">
            ${navLink('/', 'Home', active === 'home')}
            ${navLink('/articles', 'Articles', active === 'articles')}
            ${navLink('/install', 'Install the widget', active === 'install')}
          </nav>
        </div>
      </header>
      <main class="site-main" id="main">
${body}
      </main>
      <footer class="site-footer">
        <div class="inner">
          <span>© Lovelace Notebooks · A demo help center for Parley</span>
          <span><a href="/plain">The widget on a bare page</a> · <a href="?widget=off">This page without the widget</a></span>
        </div>
      </footer>
    </div>
    ${widgetTags(bridgeUrl, widget, nonce)}
  </body>
</html>
`;
}

/** A page with no site CSS at all and the same launcher: the reference for the isolation tests. */
export function renderPlainPage(bridgeUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Bare page · Lovelace Support</title>
  </head>
  <body>
    <main>
      <h1>Bare page</h1>
      <p>The same Parley launcher on a page without any CSS. <a href="/">Back to the help center</a>.</p>
    </main>
    ${launcherScriptTag(bridgeUrl)}
  </body>
</html>
`;
}
