import { headers, readError, transient, type ApiError } from './api';

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
  fetch?: typeof fetch;
}

/** A running stream. */
export interface EventStream {
  close(): void;
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
  let waiting = false;
  let ctrl: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (delay?: number): void => {
    if (closed) return;
    ctrl?.abort();
    clearTimeout(timer);
    waiting = true;
    o.onState('reconnecting');
    timer = setTimeout(connect, delay ?? backoff(base, attempt++));
  };
  const fail = (e: ApiError): void => {
    closed = true;
    o.onState('failed', e);
  };

  async function connect(): Promise<void> {
    waiting = false;
    const c = (ctrl = new AbortController());
    let again: number | undefined;
    const h = headers('text/event-stream', o.token());
    if (lastId) h['last-event-id'] = lastId;
    try {
      const res = await (o.fetch ?? fetch)(o.url, { headers: h, signal: c.signal, cache: 'no-store' });
      if (!res.ok) {
        const err = await readError(res);
        return transient(err) ? schedule() : fail(err);
      }
      if (res.status == 204 || !res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
        return fail({ status: res.status, code: 'bad_stream', message: 'Not an event stream' });
      }
      attempt = 0;
      o.onState('live');
      // An incremental text/event-stream parser (WHATWG HTML §9.2.6); comments (keep-alives) and unknown fields are ignored.
      let buf = '';
      let data: string[] = [];
      let event = '';
      let id: string | null = null;
      const line = (l: string): void => {
        if (!l) {
          // [spec] the last event id persists across events; an event without data is not dispatched.
          if (id !== null) lastId = id;
          const raw = data.join('\n');
          const ev = event || 'message';
          const had = data.length;
          data = [];
          event = '';
          id = null;
          if (!had) return;
          let d: { retryMs?: unknown };
          try {
            d = JSON.parse(raw) as typeof d;
          } catch {
            return;
          }
          if (ev != 'reconnect') return o.onEvent(ev, d, lastId);
          again = typeof d.retryMs == 'number' ? d.retryMs : base;
          return c.abort();
        }
        const i = l.indexOf(':');
        if (!i) return;
        const field = i < 0 ? l : l.slice(0, i);
        const value = i < 0 ? '' : l.slice(i + (l[i + 1] == ' ' ? 2 : 1));
        if (field == 'data') data.push(value);
        else if (field == 'event') event = value;
        else if (field == 'id' && !value.includes('\0')) id = value;
        else if (field == 'retry' && /^\d+$/.test(value)) base = +value;
      };
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed) break;
        buf += value;
        // A lone \r at the very end may be the first half of \r\n: keep it for the next chunk.
        const lines = buf.split(/\r\n|\r(?!$)|\n/);
        buf = lines.pop() ?? '';
        lines.forEach(line);
      }
    } catch {
      // Network error or abort: reconnect below.
    }
    schedule(again);
  }

  // Reconnect the moment the network returns instead of waiting out the backoff.
  const online = (): void => void (waiting && schedule(0));
  globalThis.addEventListener?.('online', online);
  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      ctrl?.abort();
      globalThis.removeEventListener?.('online', online);
    },
  };
}

/** Capped exponential backoff with jitter on the upper half, so widgets dropped together do not return together. */
export const backoff = (base: number, attempt: number, max = 30_000): number =>
  Math.min(max, base * 2 ** attempt) * (0.5 + Math.random() / 2);
