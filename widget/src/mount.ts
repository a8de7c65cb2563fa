import frameCss from './loader/frame.css?inline';
import css from './styles/widget.css?inline';
import type { WidgetOptions } from './types';

// Constructable sheets shared by all instances (a strict CSP allows them, unlike style attributes), each parsed once
// per page, and only when first needed. Every browser the build targets has them; tests stand one in for jsdom.
let base: CSSStyleSheet | undefined;
let frame: CSSStyleSheet | undefined;
const sheet = (text: string): CSSStyleSheet => {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
};

/** Adds the loading frame's sheet to `root` (parsed when a frame first shows), unless it has it already. */
export function adoptFrame(root: ShadowRoot): void {
  frame ??= sheet(frameCss);
  if (!root.adoptedStyleSheets.includes(frame)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, frame];
}

/**
 * Makes the widget's host element, with an open shadow root holding `shell` (static markup) and the launcher's
 * sheet, and appends it to `body` (launcher) or inside `target` (inline). Colours are set as custom properties
 * through CSSOM, which a strict CSP allows. The chat file renders into the same root later, adopting the shell's
 * nodes (a focused launcher stays focused), and adds the panel's sheet then (issue 7).
 * @example const { root, host } = mount(opts, document.body, launcherShell(t, 'ltr', 'en'));
 */
export function mount(o: WidgetOptions, parent: Element, shell: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  Object.assign(host.dataset, { parley: o.mode, position: o.position, theme: o.theme });
  if (o.primaryColor) host.style.setProperty('--parley-primary', o.primaryColor);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [(base ??= sheet(css))];
  root.innerHTML = shell;
  parent.append(host);
  return { host, root };
}
