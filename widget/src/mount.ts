import type { VNode } from 'preact';
import type { Chat } from './components/context';
import { live } from './components/live';
import panelCss from './styles/panel.css?inline';
import css from './styles/widget.css?inline';

// Constructable sheets shared by all instances (a strict CSP allows them), each parsed once per page.
let base: CSSStyleSheet | undefined;
let panel: CSSStyleSheet | undefined;
const sheet = (text: string): CSSStyleSheet => {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
};

/**
 * Renders `ui()` into an open shadow root on a new host element: appended to `body` (launcher) or inside
 * `target` (inline), re-rendered by `live()` on every signal change. Colours are set as custom properties through
 * CSSOM, which a strict CSP allows. The panel's styles are parsed only once a panel shows, so a closed launcher
 * costs the host page only its own small sheet (issue 7). Returns the unmount function.
 * @example const unmount = mount(() => h(App, null), chat, document.body); unmount();
 */
export function mount(ui: () => VNode, c: Chat, parent: Element): () => void {
  const o = c.opts;
  const host = document.createElement('div');
  Object.assign(host.dataset, { parley: o.mode, position: o.position, theme: o.theme });
  if (o.primaryColor) host.style.setProperty('--parley-primary', o.primaryColor);
  const root = host.attachShadow({ mode: 'open' });
  // Every browser the build targets (vite.config.ts) has constructable sheets; tests stand one in for jsdom.
  root.adoptedStyleSheets = [(base ??= sheet(css))];
  parent.append(host);
  const stop = live(() => {
    // Read inside the render effect, so the panel's sheet is adopted before the panel first renders.
    // (An inline chat is always open.)
    if (!root.adoptedStyleSheets[1] && c.open.value) {
      root.adoptedStyleSheets = [base!, (panel ??= sheet(panelCss))];
    }
    return ui();
  }, c, root);
  return () => {
    stop();
    host.remove();
  };
}
