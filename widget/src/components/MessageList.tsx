import { useEffect, useRef } from 'preact/hooks';
import { renderMarkdown } from '../lib/markdown';
import { useChat } from './context';
import { MessageItem } from './MessageItem';

/** The transcript (`role="log"`): greeting, messages, the thinking indicator and the ended notice. */
export function MessageList() {
  const { store, opts, t, act } = useChat();
  const ref = useRef<HTMLDivElement>(null);
  const list = store.messages.value;
  const thinking = store.thinking.value;
  // Keep the newest message in view as the transcript grows.
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [list.length, thinking]);
  return (
    // A log is implicitly aria-live; replies are announced once by LiveRegion instead, so the log stays quiet.
    <div ref={ref} class="log" role="log" aria-live="off" aria-label={opts.title ?? t.title} tabIndex={0}>
      {opts.greeting && (
        <div class="msg ai">
          <div class="bubble">{renderMarkdown(opts.greeting)}</div>
        </div>
      )}
      {list.map((m) => (
        <MessageItem key={m.clientId ?? m.id} m={m} />
      ))}
      {thinking && (
        <div class="msg ai thinking" role="status">
          <div class="bubble">
            <i />
            <i />
            <i />
            <span class="sr">{t.thinking}</span>
          </div>
        </div>
      )}
      {store.ended.value && (
        <div class="notice end">
          <p>{t.ended}</p>
          <button type="button" class="cta" onClick={act.startNew}>
            {t.new}
          </button>
        </div>
      )}
    </div>
  );
}
