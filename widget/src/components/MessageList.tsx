import { Component, createRef } from 'preact';
import { renderMarkdown } from '../lib/markdown';
import type { Ctx } from './context';
import { MessageItem } from './MessageItem';

/** The transcript (`role="log"`): greeting, messages, the thinking indicator and the ended notice. */
export class MessageList extends Component {
  /** What was in view last time: scroll only when the transcript grew, not on every re-render. */
  seen = '';
  el = createRef<HTMLDivElement>();

  override componentDidMount() {
    this.componentDidUpdate();
  }

  override componentDidUpdate() {
    const { store } = (this.context as Ctx).c;
    const now = `${store.messages.value.length}:${store.thinking.value}`;
    const el = this.el.current;
    // Keep the newest message in view as the transcript grows.
    if (el && now !== this.seen) el.scrollTop = el.scrollHeight;
    this.seen = now;
  }

  override render(_: unknown, __: unknown, { c: { store, opts, t, act } }: Ctx) {
    return (
      // A log is implicitly aria-live; replies are announced once by LiveRegion instead, so the log stays quiet.
      <div ref={this.el} class="log" role="log" aria-live="off" aria-label={t.title} tabIndex={0}>
        {opts.greeting && (
          <div class="msg ai">
            <div class="bubble">{renderMarkdown(opts.greeting)}</div>
          </div>
        )}
        {store.messages.value.map((m) => (
          <MessageItem key={m.clientId ?? m.id} m={m} />
        ))}
        {store.thinking.value && (
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
            <button class="cta" onClick={act.startNew}>
              {t.new}
            </button>
          </div>
        )}
      </div>
    );
  }
}
