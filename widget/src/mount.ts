import type { VNode } from 'preact';
import type { Chat } from './components/context';
import { live } from './components/live';
import css from './styles/widget.css?inline';

/** A rendered widget: its host element and shadow root. */
export interface Mounted {
  host: HTMLElement;
  root: ShadowRoot;
  unmount(): void;
}

let shared: CSSStyleSheet | null = null;

/** Puts the widget's CSS in the shadow root: one constructable sheet shared by all instances when possible. */
function adoptStyles(root: ShadowRoot): void {
  try {
    if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
      shared ??= new CSSStyleSheet();
      if (!shared.cssRules.length) shared.replaceSync(css);
      root.adoptedStyleSheets = [shared];
      return;
    }
  } catch {
    // Fall through to a <style> element.
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}

/**
 * Renders `vnode` into an open shadow root on a new host element: appended to `body` (launcher) or inside
 * `target` (inline), re-rendered by `live()` on every signal change. Colours are set as custom properties through CSSOM, which a strict CSP allows.
 * @example const m = mount(h(App, null), chat, document.body); m.unmount();
 */
export function mount(vnode: VNode, c: Chat, parent: Element): Mounted {
  const o = c.opts;
  const host = document.createElement('div');
  host.setAttribute('data-parley', o.mode);
  host.setAttribute('data-position', o.position);
  host.setAttribute('data-theme', o.theme);
  if (o.primaryColor) host.style.setProperty('--parley-primary', o.primaryColor);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const box = document.createElement('div');
  box.className = 'box';
  root.append(box);
  parent.append(host);
  const stop = live(vnode, c, box);
  return {
    host,
    root,
    unmount() {
      stop();
      host.remove();
    },
  };
}
