import type { VNode } from 'preact';
import type { Chat } from './components/context';
import { live } from './components/live';
import panelCss from './styles/panel.css?inline';
import css from './styles/widget.css?inline';
import type { WidgetOptions } from './types';

// Constructable sheets shared by all instances (a strict CSP allows them), each parsed once per page.
let base: CSSStyleSheet | undefined;
let panel: CSSStyleSheet | undefined;
const sheet = (text: string): CSSStyleSheet => {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
};

/** A widget's place on the page: its shadow root, drawn live by `draw`, and `remove`. */
export interface View {
  root: ShadowRoot;
  /** Renders `ui()` for chat `c` from now on, re-rendered by `live()` on every signal change; returns the stop function. */
  draw(ui: () => VNode, c: Chat): () => void;
  remove(): void;
}

/**
 * Makes the widget's host element, with an open shadow root holding `shell` (static markup: the closed launcher),
 * and appends it to `body` (launcher) or inside `target` (inline). Preact renders nothing until `draw` is called,
 * and then adopts the shell's nodes (a focused launcher stays focused). Colours are set as custom properties
 * through CSSOM, which a strict CSP allows. The panel's styles are parsed only once drawing starts, so a closed
 * launcher costs the host page only its own small sheet (issue 7).
 * @example const view = mount(opts, document.body, launcherShell(t, 'ltr', 'en')); const stop = view.draw(() => h(App, null), chat);
 */
export function mount(o: WidgetOptions, parent: Element, shell: string): View {
  const host = document.createElement('div');
  Object.assign(host.dataset, { parley: o.mode, position: o.position, theme: o.theme });
  if (o.primaryColor) host.style.setProperty('--parley-primary', o.primaryColor);
  const root = host.attachShadow({ mode: 'open' });
  // Every browser the build targets (vite.config.ts) has constructable sheets; tests stand one in for jsdom.
  root.adoptedStyleSheets = [(base ??= sheet(css))];
  root.innerHTML = shell;
  parent.append(host);
  return {
    root,
    draw(ui, c) {
      // The panel's sheet too: drawing starts when the visitor opens the chat, or, for a returning one, at idle time.
      root.adoptedStyleSheets = [base!, (panel ??= sheet(panelCss))];
      return live(ui, c, root);
    },
    remove: () => host.remove(),
  };
}
