import { exactTime, relativeTime } from '../lib/time';
import type { Ctx } from './context';

/**
 * When a message was sent, relative ("5 minutes ago") in the widget's language, with the exact date and time shown
 * on hover and on keyboard focus (panel.css draws it from `data-exact`) and read by screen readers after the
 * relative one. Re-rendered as the store's clock moves on.
 */
export function Time({ at }: { at: string }, { c: { store, opts } }: Ctx) {
  const exact = exactTime(at, opts.lang);
  return (
    <time dateTime={at} data-exact={exact} tabIndex={0}>
      {relativeTime(at, store.now.value, opts.lang)}
      <span class="sr">{', ' + exact}</span>
    </time>
  );
}
