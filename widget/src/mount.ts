import type { VNode } from 'preact';
import type { Chat } from './components/context';
import { live } from './components/live';
import css from './styles/widget.css?inline';

let sheet: CSSStyleSheet | undefined;

/**
 * Renders `ui()` into an open shadow root on a new host element: appended to `body` (launcher) or inside
 * `target` (inline), re-rendered by `live()` on every signal change. Colours are set as custom properties through
 * CSSOM, which a strict CSP allows. Returns the unmount function.
 * @example const unmount = mount(() => h(App, null), chat, document.body); unmount();
 */
export function mount(ui: () => VNode, c: Chat, parent: Element): () => void {
  const o = c.opts;
  const host = document.createElement('div');
  Object.assign(host.dataset, { parley: o.mode, position: o.position, theme: o.theme });
  if (o.primaryColor) host.style.setProperty('--parley-primary', o.primaryColor);
  const root = host.attachShadow({ mode: 'open' });
  // One constructable sheet shared by all instances (a strict CSP allows it); a <style> where there is none (jsdom).
  if ('adoptedStyleSheets' in (root as object)) {
    if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else root.append(Object.assign(document.createElement('style'), { textContent: css }));
  const box = document.createElement('div');
  box.className = 'box';
  root.append(box);
  parent.append(host);
  const stop = live(ui, c, box);
  return () => {
    stop();
    host.remove();
  };
}
