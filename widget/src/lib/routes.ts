/** The event the patched history methods fire on `window` (the History API has no event for pushState). */
const EVENT = 'parley:route';
const PATCHED = Symbol.for('parley.history');

type Patchable = History & { [PATCHED]?: true };

/** Makes `history.pushState`/`replaceState` fire EVENT after they run, once per page whatever the widget count. */
function patchHistory(): void {
  const h = history as Patchable;
  if (h[PATCHED]) return;
  h[PATCHED] = true;
  for (const name of ['pushState', 'replaceState'] as const) {
    const orig = h[name];
    // A plain wrapper: the page's own call runs exactly as before, then the widget hears of it.
    h[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const out = orig.apply(this, args);
      dispatchEvent(new Event(EVENT));
      return out;
    };
  }
}

/**
 * Calls `fn` once a single-page app has moved to another URL (pushState, replaceState or back/forward), after
 * `waitMs` without a further change, so a burst of route updates makes one call. Same-URL updates (a replaceState of
 * scroll state) are ignored. Returns the unsubscribe.
 * @example const stop = onRouteChange(() => patch({ current_page_url: location.href }));
 */
export function onRouteChange(fn: () => void, waitMs = 400): () => void {
  patchHistory();
  let last = location.href;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (location.href == last) return;
      last = location.href;
      fn();
    }, waitMs);
  };
  addEventListener(EVENT, changed);
  addEventListener('popstate', changed);
  return () => {
    clearTimeout(timer);
    removeEventListener(EVENT, changed);
    removeEventListener('popstate', changed);
  };
}
