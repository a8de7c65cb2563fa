import { effect } from '@preact/signals-core';
import { h, render, type VNode } from 'preact';
import { Provide, type Chat } from './context';

/**
 * Renders `ui()` for chat `c` into `box`, and renders it again whenever a signal read while rendering changes.
 * Preact renders synchronously, so one effect sees every signal the whole tree reads: components just read
 * `.value`, with no per-component subscription (this is what keeps `@preact/signals`' integration out of the bundle).
 * `ui` makes a fresh vnode each time, since Preact skips a subtree whose vnode is the one it rendered last.
 * Local UI state lives in signals too, so every re-render goes through here. Returns the stop function.
 * @example const stop = live(() => h(App, null), chat, box); stop();
 */
export function live(ui: () => VNode, c: Chat, box: Element | ShadowRoot): () => void {
  const stop = effect(() => render(h(Provide, { c }, ui()), box));
  return () => {
    stop();
    render(null, box);
  };
}
