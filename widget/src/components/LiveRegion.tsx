import type { Ctx } from './context';

/** One polite live region that announces each new agent reply once (history is never announced). */
export function LiveRegion(_: unknown, { c: { store } }: Ctx) {
  return (
    <div class="sr" aria-live="polite" aria-atomic="true">
      {store.announce.value}
    </div>
  );
}
