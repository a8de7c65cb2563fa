import { renderMarkdown } from '../lib/markdown';
import type { Ctx } from './context';
import { MessageItem } from './MessageItem';

/**
 * The transcript (`role="log"`): greeting, messages, the thinking indicator and the ended notice. The log lays its
 * one child out in `column-reverse` (panel.css), so the browser keeps the newest message in view as it grows, with no
 * scrolling code, and leaves a visitor who scrolled back up where they are.
 */
export function MessageList(_: unknown, { c: { store, opts, t, act } }: Ctx) {
  return (
    // A log is implicitly aria-live; replies are announced once by LiveRegion instead, so the log stays quiet.
    <div class="log" role="log" aria-live="off" aria-label={t.title} tabIndex={0}>
      <div>
        {opts.greeting && (
          <div class="msg ai_agent">
            <div class="bubble">{renderMarkdown(opts.greeting)}</div>
          </div>
        )}
        {store.messages.value.map((m) => (
          <MessageItem key={m.clientId ?? m.id} m={m} />
        ))}
        {store.thinking.value && (
          <div class="msg ai_agent thinking" role="status">
            <div class="bubble">
              <i />
              <i />
              <i />
              <span class="sr">{t.thinking}</span>
            </div>
          </div>
        )}
        {store.ended.value && (
          <div class="notice">
            <p>{t.ended}</p>
            <button class="cta" onClick={act.startNew}>
              {t.new}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
