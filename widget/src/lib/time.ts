/** Time formats of the transcript, in the widget's language through `Intl` (no strings of our own to translate). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long ago `iso` was, as the visitor's language says it: "now", "5 minutes ago", "2 hours ago", then the
 * day and time ("Jan 3, 14:05") for anything older than a day.
 * @example relativeTime('2026-01-01T10:00:00Z', Date.parse('2026-01-01T10:05:00Z'), 'en') // "5 minutes ago"
 */
export function relativeTime(iso: string, now: number, lang: string): string {
  const at = Date.parse(iso);
  const ago = Math.max(0, now - at);
  // `numeric: 'auto'` says "now" rather than "0 minutes ago".
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (ago < MINUTE) return rtf.format(0, 'second');
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < 24 * HOUR) return rtf.format(-Math.floor(ago / HOUR), 'hour');
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
}

/**
 * The exact date and time of `iso`, shown on hover or focus and written in the transcript download.
 * @example exactTime('2026-01-01T10:00:00Z', 'en') // "Jan 1, 2026, 10:00 AM" (in the visitor's time zone)
 */
export const exactTime = (iso: string, lang: string): string =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
