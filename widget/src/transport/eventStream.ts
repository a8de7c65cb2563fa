import { ApiError, readError } from './api';
import { createSseParser } from './sseParser';

/** Options of `openEventStream`. */
export interface EventStreamOptions {
  /** Full URL of the SSE route. */
  url: string;
  /** Read on every (re)connect, so a new token is picked up. */
  token: () => string | null;
  /** Id to resume after (sent as `Last-Event-ID`). */
  lastEventId?: string | null;
  /** Called per event with its type, parsed JSON data and id. */
  onEvent: (type: string, data: unknown, id: string | null) => void;
  /** `live` once connected, `reconnecting` while waiting to retry, `failed` (with the error) when it gave up. */
  onState: (state: 'live' | 'reconnecting' | 'failed', error?: ApiError) => void;
  /** First retry delay in ms until the server sends `retry:` (default 1000). */
  retryMs?: number;
  /** Cap of the exponential backoff in ms (default 30000). */
  maxDelayMs?: number;
  fetch?: typeof fetch;
}

/** A running stream. */
export interface EventStream {
  close(): void;
  /** The id of the last event received. */
  lastEventId(): string | null;
}

/**
 * Reads the bridge's SSE stream with `fetch`, so the token travels in the `Authorization` header.
 * Transient failures (network, 5xx, 429, a closed stream) retry with capped exponential backoff and jitter,
 * honour `retry:` and resume with `Last-Event-ID`; a `reconnect` event reconnects after its `retryMs`.
 * Permanent ones (other 4xx, a 204, a wrong content type) report `failed` and stop, as eventsource does.
 * @example const s = openEventStream({ url, token: () => t, onEvent, onState }); s.close();
 */
export function openEventStream(o: EventStreamOptions): EventStream {
  let lastId = o.lastEventId ?? null;
  let base = o.retryMs ?? 1000;
  let attempt = 0;
  let closed = false;
  let ctrl: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting = false;
  const doFetch = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));

  const schedule = (delay?: number): void => {
    if (closed) return;
    ctrl?.abort();
    clearTimeout(timer);
    waiting = true;
    o.onState('reconnecting');
    // Full jitter on the upper half, so many widgets dropped together do not return together.
    const ms = delay ?? Math.min(o.maxDelayMs ?? 30_000, base * 2 ** attempt++) * (0.5 + Math.random() / 2);
    timer = setTimeout(connect, ms);
  };
  const fail = (e: ApiError): void => {
    closed = true;
    o.onState('failed', e);
  };

  async function connect(): Promise<void> {
    waiting = false;
    const c = (ctrl = new AbortController());
    let again: number | undefined;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const tok = o.token();
    if (tok) headers.authorization = 'Bearer ' + tok;
    if (lastId) headers['last-event-id'] = lastId;
    try {
      const res = await doFetch(o.url, { headers, signal: c.signal, cache: 'no-store' });
      if (!res.ok) {
        const err = await readError(res);
        return err.transient ? schedule() : fail(err);
      }
      if (res.status === 204 || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        return fail(new ApiError(res.status, 'bad_stream', 'The bridge did not answer with an event stream'));
      }
      attempt = 0;
      o.onState('live');
      const feed = createSseParser((m) => {
        if (m.id !== null) lastId = m.id;
        let data: unknown = null;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        if (m.event === 'reconnect') {
          const ms = (data as { retryMs?: unknown }).retryMs;
          again = typeof ms === 'number' ? ms : base;
          c.abort();
        } else o.onEvent(m.event, data, m.id);
      }, (ms) => (base = ms));
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed) break;
        feed(value);
      }
      schedule(again);
    } catch {
      schedule(again);
    }
  }

  // Reconnect the moment the network returns instead of waiting out the backoff.
  const online = (): void => {
    if (waiting) schedule(0);
  };
  globalThis.addEventListener?.('online', online);
  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      ctrl?.abort();
      globalThis.removeEventListener?.('online', online);
    },
    lastEventId: () => lastId,
  };
}
