import { format } from '../i18n/messages';
import type { Ctx } from './context';
import { ChatIcon, CloseIcon } from './icons';

/** The floating button: `Open chat` / `Close chat`, with the unread count while closed. */
export function Launcher(_: unknown, { c: { store, open, t, act } }: Ctx) {
  const isOpen = open.value;
  const n = isOpen ? 0 : store.unread.value;
  return (
    <button
      class="launcher"
      part="launcher"
      aria-label={isOpen ? t.close : t.open}
      aria-expanded={isOpen}
      aria-describedby={n ? 'parley-unread' : undefined}
      onClick={() => act.setOpen(!isOpen)}
    >
      {isOpen ? <CloseIcon /> : <ChatIcon />}
      {n > 0 && (
        <span class="badge" aria-hidden="true">
          {n > 9 ? '9+' : n}
        </span>
      )}
      {n > 0 && (
        <span id="parley-unread" class="sr">
          {format(t.unread, n)}
        </span>
      )}
    </button>
  );
}
