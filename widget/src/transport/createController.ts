import type { ChatMessage, ConversationInfo, Metadata, SendMessageRequest } from '../../../bridge-server/src/protocol/api';
import type { BridgeEvent } from '../../../bridge-server/src/protocol/events';
import { onRouteChange } from '../lib/routes';
import type { Store } from '../lib/storage';
import { createChatStore } from '../state/createChatStore';
import type { Emit, PersistMode } from '../types';
import { createApi, toApiError, transient, type ApiError } from './api';
import { backoff, openEventStream, type EventStream } from './eventStream';
import { createFileSender } from './files';
import { watchVisitorCues } from './visitorCues';

/** Options of `createController`. */
export interface ControllerOptions {
  bridgeUrl: string;
  persist: PersistMode;
  /** Storage for this bridge and `persist` (`createStorage`; the loader hands the chat its own). */
  storage: Store;
  emit: Emit;
  fetch?: typeof fetch;
  /** The signed-in visitor's token (`data-user-token`), if the page has one. */
  userToken?: string;
}

/** How long the "thinking" indicator waits for a reply. */
const THINKING_MS = 30_000;
/** How often relative timestamps ("2 minutes ago") move on. */
const TICK_MS = 30_000;

/** What a send carries besides the text: it comes from the widget instance the visitor typed in. */
export type SendContext = Pick<SendMessageRequest, 'profile' | 'metadata' | 'surface'>;

/** A message waiting in the offline outbox (kept in storage so it survives a reload). */
interface Pending extends SendContext {
  clientId: string;
  text: string;
  createdAt: string;
  failed?: boolean;
}

/** The conversation controller: one per bridge URL on a page, shared by every widget instance. */
export type Controller = ReturnType<typeof createController>;

const now = (): string => new Date().toISOString();
/** 128 random bits as a clientId (opaque to the bridge); unlike `crypto.randomUUID`, this works on plain http pages too. */
const newClientId = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');

/**
 * Owns the session token, the SSE stream, the offline outbox and every `/v1/` call, and feeds the store.
 * Nothing touches the network or storage until `start()` (the visitor's first interaction), unless a token
 * is already stored (returning visitor: reconnect for unread counts).
 * @example const c = createController({ bridgeUrl, persist: 'local', storage: createStorage('local', bridgeUrl), emit }); c.send('Hi', { surface: 'launcher' });
 */
export function createController(o: ControllerOptions) {
  const { emit, bridgeUrl } = o;
  const store = createChatStore();
  const { storage } = o;
  let token = storage.get<string>('token');
  const api = createApi(bridgeUrl, () => token, o.fetch);
  let stream: EventStream | undefined;
  let starting: Promise<boolean> | null = null;
  let thinkTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let startFails = 0;
  const inFlight = new Set<string>();
  let extraMeta: Metadata = {};
  // [issue 15] The site's token for its signed-in visitor, and whether this page has exchanged it yet.
  let user = o.userToken ?? null;
  let signedIn = false;

  // Storage stays the source of truth: every tab of the site shares this outbox, so read it fresh each time.
  const outbox = (): Pending[] => storage.get<Pending[]>('outbox') ?? [];
  const saveOutbox = (list: Pending[]): void => (list.length ? storage.set('outbox', list) : storage.remove('outbox'));
  /** Drops the outbox entry of `clientId` (no `failed` given), or flags it, and its bubble, failed or sending again. */
  const setPending = (clientId: string | null, failed?: boolean): void => {
    // The live echo of an already-confirmed message, or anyone else's, is not in the outbox: nothing to write.
    const list = outbox();
    const p = list.find((x) => x.clientId == clientId);
    if (!p) return;
    saveOutbox(list.flatMap((x) => (x != p ? [x] : failed == null ? [] : [{ ...p, failed }])));
    if (failed != null) store.upsert(local({ ...p, failed }));
  };
  // The bubble shown until the bridge's echo replaces it; only its text, time and state are ever displayed.
  const local = (p: Pending): ChatMessage & { state: 'sending' | 'failed' } => ({
    id: 'local:' + p.clientId, clientId: p.clientId, conversationId: '', role: 'end_user', author: { displayName: null, avatar: null },
    content: { type: 'text', body: p.text }, createdAt: p.createdAt, state: p.failed ? 'failed' : 'sending',
  });
  for (const p of outbox()) store.upsert(local(p));
  const files = createFileSender({
    store, bridgeUrl, token: () => token, start: () => start(), newId: newClientId,
    report: (e) => {
      store.notice.value = e.message;
      emit('error', e);
    },
  });
  store.seen.value = storage.get<string>('seen') ?? '';
  // Started with the connection: a controller nobody has started schedules nothing.
  let tick: ReturnType<typeof setInterval> | undefined;
  // [issue 16] other tabs' reads, and the notice for a connection down too long.
  const unwatchCues = watchVisitorCues(store, o.persist, bridgeUrl);
  // [issue 16] a single-page app moving to another route tells Ada's agent which page the visitor is on now, once a
  // conversation exists (a new one takes the page from its first message).
  const stopRoutes = onRouteChange(() => {
    if (store.conversation.value?.status != 'active' || !token) return;
    api.patch({ current_page_url: location.href, current_page_title: document.title })
      .catch((e: unknown) => emit('error', toApiError(e)));
  });

  const report = ({ code, message }: Pick<ApiError, 'code' | 'message'>): void => {
    store.error.value = message;
    emit('error', { code, message });
  };
  // [issue 5] a revoked session: forget it; the next send starts a fresh one.
  const revoked = (e: ApiError): boolean => e.code == 'session_unknown' || e.status == 401;
  const dropToken = (): void => {
    token = starting = null;
    storage.remove('token');
    storage.remove('who');
  };
  /** Keeps a session token; one of another session than before takes the old transcript, outbox and files away. */
  const adopt = (t: string, who: boolean): void => {
    if (token && t != token) {
      stream?.close();
      saveOutbox([]);
      files.clear();
      storage.remove('seen');
      store.clear();
    }
    storage.set('token', (token = t));
    if (who) storage.set('who', 1);
    else storage.remove('who');
  };
  /**
   * The session to use: the signed-in visitor's (their token exchanged once per page), else an anonymous one. A
   * stored signed-in session is never used by a page without their token (signed out, or someone else).
   */
  async function ensureSession(): Promise<void> {
    if (user && !signedIn) {
      try {
        adopt((await api.session({ userToken: user, resume: storage.get('who') ? token ?? undefined : undefined })).token, true);
        signedIn = true;
        return;
      } catch (e) {
        const err = toApiError(e);
        if (!err.code.startsWith('identity_')) throw e;
        user = null;
        // Anonymous from here: safe, as the refused token reached nothing of anyone's.
        if (err.code == 'identity_invalid') store.notice.value = err.message;
        else console.warn('[parley]', err.message);
        emit('error', err);
      }
    }
    if (token && storage.get('who') && !signedIn) dropToken();
    if (!token) adopt((await api.session()).token, false);
  }
  const think = (on: boolean): void => {
    clearTimeout(thinkTimer);
    store.thinking.value = on;
    if (on) thinkTimer = setTimeout(think, THINKING_MS, false);
  };
  const started = (c: ConversationInfo): void => {
    if (store.setConversation(c) && c.status == 'active') emit('conversation:start', { conversationId: c.id });
  };
  const ended = (conversationId: string, { endedAt, endedBy }: Pick<ConversationInfo, 'endedAt' | 'endedBy'>): void => {
    if (store.end(endedAt ?? now(), endedBy ?? 'end_user')) emit('conversation:end', { conversationId });
  };
  /** clientIds whose failure this page has reported: the HTTP answer and the stream's `error` tell the same one. */
  const told = new Set<string>();
  const markFailed = (clientId: string, err: Pick<ApiError, 'code' | 'message'>): void => {
    setPending(clientId, true);
    think(false);
    if (told.has(clientId)) return;
    told.add(clientId);
    report(err);
  };

  function onEvent(type: string, data: unknown): void {
    const e = data as BridgeEvent;
    if (e.type != type) return;
    switch (e.type) {
      case 'message': {
        const m = e.message;
        setPending(m.clientId);
        if (store.receive(m)) emit('message', m);
        if (!store.thinking.value) clearTimeout(thinkTimer); // only a reply ends "thinking"; a notice keeps its timeout
        break;
      }
      case 'conversation.started':
        return started(e.conversation);
      case 'conversation.ended':
        return ended(e.conversationId, e);
      case 'handoff.started':
        return store.setHandoff({ agentName: e.agentName, agentAvatar: e.agentAvatar });
      case 'handoff.ended':
        return store.setHandoff(null);
      case 'error':
        if (e.clientId) markFailed(e.clientId, e);
        else report(e);
    }
  }

  /** Gets a session, the history and the stream; resolves false if that failed. Idempotent. */
  function start(): Promise<boolean> {
    clearTimeout(retryTimer);
    tick ??= setInterval(() => (store.now.value = Date.now()), TICK_MS);
    return (starting ??= (async () => {
      store.status.value = 'connecting';
      try {
        // (Only when needed: a returning anonymous visitor asks for history at once.)
        if (!token || (user ? !signedIn : storage.get('who'))) await ensureSession();
        const h = await api.history();
        store.load(h);
        startFails = 0;
        stream?.close();
        stream = openEventStream({
          request: api.request, lastEventId: h.lastEventId, onEvent,
          onState(state, err) {
            store.status.value = state;
            if (state == 'live') {
              store.error.value = null;
              flush();
            } else if (err) {
              if (revoked(err)) dropToken();
              report(err);
            }
          },
        });
        return true;
      } catch (e) {
        const err = toApiError(e);
        starting = null;
        if (revoked(err)) {
          dropToken();
          store.status.value = 'idle';
          return outbox().length ? start() : false;
        }
        const again = transient(err);
        store.status.value = again ? 'reconnecting' : 'failed';
        if (again) retryTimer = setTimeout(start, backoff(1000, startFails++));
        else report(err);
        return false;
      }
    })());
  }

  async function deliver(p: Pending, fresh = false): Promise<void> {
    const id = p.clientId;
    if (inFlight.has(id) || !store.online.value) return;
    inFlight.add(id);
    think(true);
    try {
      const res = await api.send({
        clientId: id, text: p.text, profile: p.profile, surface: p.surface,
        metadata: { ...p.metadata, ...extraMeta }, page: { url: location.href, title: document.title },
      });
      setPending(id);
      started(res.conversation);
      if (store.upsert(res.message)) emit('message', res.message);
    } catch (e) {
      const err = toApiError(e);
      if (revoked(err) && !fresh) {
        dropToken();
        inFlight.delete(id);
        if (await start()) return deliver(p, true);
      } else if (err.status) {
        // (status 0 is offline: the message stays queued, flushed on `online` or reconnect)
        markFailed(id, err);
      }
    } finally {
      inFlight.delete(id);
    }
  }

  function flush(): void {
    for (const p of outbox()) if (!p.failed) void deliver(p);
  }

  const onOnline = (): void => {
    store.online.value = true;
    if (token) void start().then((ok) => ok && flush());
  };
  const onOffline = (): void => void (store.online.value = false);
  addEventListener('online', onOnline);
  addEventListener('offline', onOffline);
  // [issue 5] a returning visitor (token stored) reconnects on load, so unread counts show on the launcher.
  if (token) void start();

  // Sign-in and sign-out run one after another, so identify(null) then identify(other) never interleave.
  let identifying = Promise.resolve();
  async function identify(userToken: string | null): Promise<void> {
    if (userToken && userToken == user && signedIn) return;
    const wasSignedIn = !!storage.get('who') && !!token;
    user = userToken;
    signedIn = false;
    if (!userToken) {
      // Revoked at the bridge too, so the token left in this browser's history of requests opens nothing.
      if (wasSignedIn) await api.signOut().catch(() => undefined);
      if (wasSignedIn) reset();
      return;
    }
    // With no session yet, the token is exchanged on the visitor's first interaction.
    if (token) {
      starting = null;
      await start();
    }
  }

  function reset(): void {
    stream?.close();
    dropToken();
    saveOutbox([]);
    files.clear();
    storage.remove('seen');
    store.clear();
    store.seen.value = '';
    store.status.value = 'idle';
  }

  return {
    store,
    start,
    /** Sends a message optimistically; it stays queued while offline and survives a reload. */
    async send(text: string, ctx: SendContext) {
      const p: Pending = { clientId: newClientId(), text, createdAt: now(), ...ctx };
      saveOutbox([...outbox(), p]);
      store.upsert(local(p));
      store.error.value = null;
      if (await start()) await deliver(p);
    },
    /** Sends a file (during a handoff): shown at once as sending, with its progress. */
    sendFile: (file: File) => files.send(file),
    /**
     * Signs the visitor in with the site's token, or out with null: the chat then shows that user's conversation, or
     * a fresh anonymous one; nothing of the previous visitor stays on screen or in storage.
     */
    identify: (userToken: string | null): Promise<void> => (identifying = identifying.then(() => identify(userToken))),
    /** Sends a failed message again, with the same clientId so the bridge cannot post it twice. */
    async retry(clientId: string) {
      if (files.retry(clientId)) return;
      const p = outbox().find((x) => x.clientId == clientId);
      if (!p) return;
      told.delete(clientId); // a new attempt: its failure is news again
      setPending(clientId, false);
      if (await start()) await deliver({ ...p, failed: false });
    },
    /** Ends the conversation at Ada. */
    async end() {
      try {
        const { conversation: c } = await api.end();
        ended(c.id, c);
      } catch (e) {
        report(toApiError(e));
      }
    },
    /** Clears an ended conversation; the next message starts a new one. */
    startNew: () => store.clear(),
    /** Merges metadata into the current conversation and every conversation started later. */
    async setMetadata(m: Metadata) {
      extraMeta = { ...extraMeta, ...m };
      if (store.conversation.value?.status == 'active' && token) await api.patch(m).catch((e: unknown) => report(toApiError(e)));
    },
    /** Remembers what the visitor has seen; written only once a session exists (consent-first storage). */
    markSeen() {
      // Only when it moved: this runs on every transcript change while a panel is open.
      if (store.markSeen() && token) storage.set('seen', store.seen.value);
    },
    /** Forgets the session, the conversation and the outbox. */
    reset,
    destroy() {
      stream?.close();
      unwatchCues();
      stopRoutes();
      clearInterval(tick);
      clearTimeout(thinkTimer);
      clearTimeout(retryTimer);
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOffline);
    },
  };
}
