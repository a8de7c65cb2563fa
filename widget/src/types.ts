import type { ChatMessage, Metadata } from '../../bridge-server/src/protocol/api';

/** Where the widget lives: a floating launcher, or inline inside a page element. */
export type Mode = 'launcher' | 'inline';
/** Which storage keeps the session token and the offline outbox. */
export type PersistMode = 'local' | 'session' | 'none';

/** Every option, from `data-*` attributes or `Parley.init({...})`, after validation (absent: not given, or invalid). */
export interface WidgetOptions {
  bridgeUrl: string;
  mode: Mode;
  target?: string;
  title?: string;
  subtitle?: string;
  greeting?: string;
  placeholder?: string;
  primaryColor?: string;
  position: 'right' | 'left';
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  open: boolean;
  userName?: string;
  userAvatar?: string;
  metadata: Metadata;
  persist: PersistMode;
  /** The AI Agent's name and avatar (http(s) URL) above its replies. */
  agentName?: string;
  agentAvatar?: string;
  /** While the page is hidden, the tab title shows the unread count (opt-in; restored exactly). */
  titleUnread?: boolean;
  /** A short chime for a reply while the page is hidden (off by default). */
  sound?: boolean;
}

/** Public events of `Parley.on(event, fn)` and their payloads. */
export interface ParleyEvents {
  ready: undefined;
  open: undefined;
  close: undefined;
  message: ChatMessage;
  'conversation:start': { conversationId: string };
  'conversation:end': { conversationId: string };
  error: { code: string; message: string };
}
/** A public event name. */
export type ParleyEvent = keyof ParleyEvents;
/** Emits a public event to `Parley.on` listeners. */
export type Emit = <K extends ParleyEvent>(event: K, payload: ParleyEvents[K]) => void;

/** Connection state shown to the visitor. */
export type ConnStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed';

/** A transcript entry: a bridge message, or a local one still `sending` or `failed`. */
export interface UiMessage extends ChatMessage {
  state?: 'sending' | 'failed';
}
