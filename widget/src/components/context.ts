import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Signal } from '@preact/signals';
import type { Messages } from '../i18n/messages';
import type { ChatStore } from '../state/createChatStore';
import type { WidgetOptions } from '../types';

/** What the visitor can do; wired to the controller by mount, to fakes by tests. Components call only these. */
export interface Actions {
  send(text: string): void;
  retry(clientId: string): void;
  end(): void;
  startNew(): void;
  setOpen(open: boolean): void;
}

/** Everything a component needs: the shared store, this instance's UI state, options, strings and actions. */
export interface Chat {
  store: ChatStore;
  /** Whether this instance's panel is open (always true inline). */
  open: Signal<boolean>;
  /** The composer's text, kept while the panel is closed. */
  draft: Signal<string>;
  opts: WidgetOptions;
  t: Messages;
  dir: 'ltr' | 'rtl';
  act: Actions;
}

/** Context carrying `Chat` to every component. */
export const ChatContext = createContext<Chat | null>(null);

/** The `Chat` of the nearest provider. */
export function useChat(): Chat {
  const c = useContext(ChatContext);
  if (!c) throw new Error('[parley] component outside ChatContext');
  return c;
}
