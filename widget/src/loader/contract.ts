import type { Metadata } from '../../../bridge-server/src/protocol/api';
import type { Store } from '../lib/storage';
import type { Emit, WidgetOptions } from '../types';

/**
 * The hand-off from the chat file to the loader: the chat file dispatches this event on its own `<script>` element
 * (`document.currentScript`), with `createChat` as the detail. The loader listens on the element it created, so
 * nothing goes through a global and nothing is left on the page afterwards.
 */
export const CHAT_EVENT = 'parley:chat';

/**
 * Public calls that need the chat. Before it arrives the loader queues them (and fetches it), then replays them in
 * order. A new one is one entry here and in `CHAT_CALLS`, and its method in chat/createChat.ts.
 */
export interface ChatCalls {
  setMetadata(metadata: Metadata): void;
  reset(): void;
  /**
   * [issue 15] Signs the visitor in with the site's token (as `data-user-token`), or out with null.
   * @example Parley.identify(tokenFromYourBackend); Parley.identify(null);
   */
  identify(userToken: string | null): void;
}
/** The names of `ChatCalls`, for the loader's queue/proxy. */
export const CHAT_CALLS = ['setMetadata', 'reset', 'identify'] as const satisfies readonly (keyof ChatCalls)[];

/** What the loader hands the chat for one widget: its shadow root (holding the loader's markup) and state. */
export interface AttachOptions {
  root: ShadowRoot;
  opts: WidgetOptions;
  /** The widget's storage: the loader's own, so the chat file carries no second copy of it. */
  store: Store;
  /** Whether the panel is open now (inline: always). */
  open: boolean;
  /** The visitor opened or closed the panel from inside the chat (launcher, Escape, minimize): the loader decides. */
  setOpen(open: boolean): void;
}

/** One widget once the chat drives it. */
export interface ChatInstance {
  /**
   * True while the chat has taken the widget but not rendered it yet (its language's table is on its way): the
   * loader keeps answering the launcher and drawing its frame, and the chat replays the calls it got meanwhile.
   */
  pending?: boolean;
  /** Shows or hides the panel (the loader has already told listeners); opening connects. */
  setOpen(open: boolean): void;
  /** [issue 16] Shows `opts.proactive` beside the closed launcher (once per visitor: the chat remembers it). */
  tease(): void;
  /** Renders nothing any more and releases the conversation when no other widget uses it. */
  destroy(): void;
}

/** What the chat file provides: widgets, and the calls that need the conversation. */
export interface ChatRuntime extends ChatCalls {
  attach(options: AttachOptions): ChatInstance;
}

/** The chat file's one export, handed to the loader through `CHAT_EVENT`. */
export type CreateChat = (options: { emit: Emit }) => ChatRuntime;
