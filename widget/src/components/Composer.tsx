import { format } from '../i18n/messages';
import type { Ctx } from './context';
import { SendIcon } from './icons';

/** Ada's limit on a message body. */
export const MAX_LENGTH = 5000;

/**
 * The textarea (`Message`) and `Send`: Enter sends, Shift+Enter adds a line, disabled once ended. Text over Ada's
 * limit is kept, not cut (issue 16: a long paste was cut silently): the count turns into "N characters over the
 * limit" and Send waits until the visitor shortens it.
 */
export function Composer(_: unknown, { c: { store, draft, t, act } }: Ctx) {
  const ended = store.ended.value;
  const text = draft.value;
  const left = MAX_LENGTH - text.length;
  const over = left < 0;
  return (
    <form
      class="composer"
      part="composer"
      onSubmit={(e) => {
        e.preventDefault();
        const body = draft.value.trim();
        if (!body || ended || body.length > MAX_LENGTH) return;
        act.send(body);
        draft.value = '';
      }}
    >
      <textarea
        aria-label={t.msg}
        // Once ended, the box says so instead of inviting a message it cannot send (issue 16).
        placeholder={ended ? t.endPh : t.ph}
        rows={Math.min(5, text.split('\n').length)}
        disabled={ended}
        aria-invalid={over || undefined}
        aria-describedby={left <= 500 ? 'parley-count' : undefined}
        value={text}
        onInput={(e) => (draft.value = e.currentTarget.value)}
        onKeyDown={(e) => {
          // Not while an IME is composing: Enter then confirms the composition.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      {left <= 500 && (
        <span id="parley-count" class={over ? 'count err' : 'count'} aria-live="polite">
          {over ? format(t.over, -left) : format(t.left, left)}
        </span>
      )}
      <button class="send" aria-label={t.send} disabled={ended || over || !text.trim()}>
        <SendIcon />
      </button>
    </form>
  );
}
