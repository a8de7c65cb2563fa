/**
 * Entry of `widget.js`, and the only module that touches `window`: it installs the one global, `window.Parley`,
 * replays calls queued before the script loaded, and inits a widget from its own `<script data-*>` tag.
 *
 * Pre-load snippet (calls are queued until `widget.js` runs):
 * @example
 * <script>
 * window.Parley=window.Parley||{q:[]};['init','open','close','toggle','on','setMetadata','reset','destroy'].forEach(function(m){Parley[m]=Parley[m]||function(){Parley.q.push([m,arguments])}})
 * </script>
 * <script src="https://bridge.example.com/widget.js" async></script>
 */
import { createParley, type ParleyApi } from './createParley';
import { readDataset } from './options';

type Queued = [keyof ParleyApi, ArrayLike<unknown>];
type Global = Partial<ParleyApi> & { q?: Queued[] };

const w = window as unknown as { Parley?: Global };
// [spec] document.currentScript is only set while a classic script first runs (async included): read it now.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const fromTag = readDataset(script);

/** Runs `fn` once the body exists (a script in <head> may run before it). */
const whenReady = (fn: () => void): void =>
  document.body ? fn() : document.addEventListener('DOMContentLoaded', fn, { once: true });

const existing = w.Parley;
if (existing && typeof existing.init === 'function' && !Array.isArray(existing.q)) {
  // A second widget.js on the page: keep the first global (and its shared conversation), add this tag's widget.
  const bridgeUrl = fromTag.bridgeUrl ?? (script?.src ? new URL(script.src).origin : undefined);
  const init = existing.init;
  whenReady(() => init({ ...fromTag, bridgeUrl }));
} else {
  const parley = createParley({
    scriptSrc: script?.src,
    pageLang: document.documentElement.lang,
    pageOrigin: location.origin,
  });
  const queue = existing?.q ?? [];
  // Pin exactly the public keys: nothing internal leaks onto the host page.
  w.Parley = {
    init: parley.init, open: parley.open, close: parley.close, toggle: parley.toggle, on: parley.on,
    setMetadata: parley.setMetadata, reset: parley.reset, destroy: parley.destroy,
  };
  whenReady(() => {
    for (const [method, args] of queue) {
      const fn = parley[method] as (...a: unknown[]) => unknown;
      if (typeof fn === 'function') fn(...Array.from(args));
    }
    parley.init(fromTag);
  });
}
export {};
