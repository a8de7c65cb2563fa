import { format } from '../i18n/messages';
import type { Messages } from '../i18n/messages';
import type { Ctx } from './context';
import { CHAT, ChatIcon, CloseIcon } from './icons';

/**
 * The closed launcher (no unread) as markup, inside the `.root` that App renders: drawn without Preact when the
 * page loads, so the host page pays for no render until the visitor needs one (issue 7); App adopts these very nodes
 * when it first renders. A test checks it against App's own markup. Every value in it is safe in HTML: strings from
 * the message tables and a `lang` already matched against a pattern.
 */
export const launcherShell = (t: Messages, dir: string, lang: string): string =>
  `<div class="root float" dir="${dir}" lang="${lang}"><button class="launcher" part="launcher" aria-label="${t.open}" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${CHAT}"/></svg></button></div>`;

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
