import { render } from 'preact';
import type { ComponentChild } from 'preact';
import css from './styles/widget.css?inline';
import type { WidgetOptions } from './types';

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
 * `target` (inline). Colours are set as custom properties through CSSOM, which a strict CSP allows.
 * @example const m = mount(h(App, null), opts, document.body); m.unmount();
 */
export function mount(vnode: ComponentChild, o: WidgetOptions, parent: Element): Mounted {
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
  render(vnode, box);
  return {
    host,
    root,
    unmount() {
      render(null, box);
      host.remove();
    },
  };
}
