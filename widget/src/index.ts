/**
 * Entry of `widget.js`, the loader, and the only module that touches `window`: it installs the one global,
 * `window.Parley`, replays calls queued before the script loaded, and inits a widget from its own `<script data-*>`
 * tag. The chat itself is a second file, fetched on intent (loader/createLoader.ts).
 *
 * Pre-load snippet (calls are queued until `widget.js` runs):
 * @example
 * <script>
 * window.Parley=window.Parley||{q:[]};['init','open','close','toggle','on','setMetadata','identify','reset','destroy'].forEach(function(m){Parley[m]=Parley[m]||function(){Parley.q.push([m,arguments])}})
 * </script>
 * <script src="https://bridge.example.com/widget.js" async></script>
 */
import chatFile from 'virtual:parley-chat';
import { createLoader, type ParleyApi } from './loader/createLoader';
import { readDataset } from './options';

type Global = Partial<ParleyApi> & { q?: [keyof ParleyApi, ArrayLike<unknown>][] };

const w = window as unknown as { Parley?: Global };
// [spec] document.currentScript is only set while a classic script first runs (async included): read it now, and
// its nonce too (browsers hide the attribute once the page has loaded, but keep the property).
const script = document.currentScript as HTMLScriptElement | null;
const src = script?.src;
const fromTag = readDataset(script);
const existing = w.Parley;
// A second widget.js on the page keeps the first global (and its shared conversation) and adds this tag's widget.
const second = existing?.init && !existing.q;
const parley = second
  ? null
  : createLoader({
      scriptSrc: src,
      pageLang: document.documentElement.lang,
      pageOrigin: location.origin,
      // The chat file sits beside widget.js, wherever that was served from.
      chatSrc: new URL(chatFile, src || location.href).href,
      nonce: script?.nonce,
    });
// createLoader returns exactly the public keys, so nothing internal leaks onto the host page.
if (parley) w.Parley = parley;

/** Runs once the body exists (a script in <head> may run before it). */
const ready = (): void => {
  if (parley) {
    for (const [method, args] of existing?.q ?? []) (parley[method] as (...a: unknown[]) => unknown)?.(...Array.from(args));
    parley.init(fromTag);
  } else existing?.init?.({ ...fromTag, bridgeUrl: fromTag.bridgeUrl ?? (src ? new URL(src).origin : undefined) });
};
if (document.body) ready();
else document.addEventListener('DOMContentLoaded', ready, { once: true });
