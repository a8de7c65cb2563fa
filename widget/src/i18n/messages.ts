import type { WidgetOptions } from '../types';

// Key order of every table (EN below, the others in i18n/tables.ts); `{n}` is filled by `format`. Tables are `|`-joined to keep the bundle small.
const KEYS = ['open', 'close', 'msg', 'send', 'menu', 'min', 'end', 'confirm', 'yes', 'cancel', 'new', 'title', 'ph',
  'sending', 'failed', 'retry', 'thinking', 'reconn', 'offline', 'lost', 'ended', 'human', 'agent', 'left', 'unread',
  'file', 'endPh', 'over', 'wait', 'queued', 'dl', 'ai', 'you', 'intro', 'attach', 'ok'] as const;

/** Every UI string, by key. */
export type Messages = Record<(typeof KEYS)[number], string>;

/** The English table, the only one in the chat file (the others: i18n/tables.ts). */
export const EN =
  'Open chat|Close chat|Message|Send|Options|Minimize|End conversation|End this conversation?|End|Cancel|Start a new conversation|Chat with us|Write a message…|Sending…|Not sent|Retry|Thinking…|Reconnecting…|Offline: sending later.|Connection lost. Send to retry.|Conversation ended|You are chatting with {n}|an agent|{n} characters left|{n} unread|Download {n}|This conversation has ended|{n} characters over the limit|Can’t reach the chat. Your messages will be sent when the connection returns.|Waiting for connection|Download transcript|AI Agent|You|Answers right away, any time. A person can take over when needed.|Attach file|OK';

/**
 * The messages and text direction for the options' BCP 47 `lang`, from `table` (the language's `|`-joined table,
 * fetched by i18n/load.ts; English when undefined), with the page's own `title` and `placeholder` in place of the
 * defaults, so components read only `t`.
 */
export function pickMessages(o: Pick<WidgetOptions, 'lang' | 'title' | 'placeholder'>, table?: string): { t: Messages; dir: 'ltr' | 'rtl' } {
  const base = o.lang.toLowerCase().split('-')[0] ?? '';
  const values = (table ?? EN).split('|');
  const t = Object.fromEntries(KEYS.map((k, i) => [k, values[i] ?? ''])) as Messages;
  t.title = o.title ?? t.title;
  t.ph = o.placeholder ?? t.ph;
  // Right to left only with the Arabic table itself: English after a failed fetch reads left to right.
  return { t, dir: table && base === 'ar' ? 'rtl' : 'ltr' };
}

/** Fills `{n}` in a message. */
export const format = (s: string, n: string | number): string => s.replace('{n}', '' + n);
