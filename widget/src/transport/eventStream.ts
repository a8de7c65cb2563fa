import { readError, transient, type ApiError, type Request } from './api';

const SSE = 'text/event-stream';

/** Options of `openEventStream`. */
export interface EventStreamOptions {
  /** The API's request function: it adds the token on every (re)connect, so a new one is picked up. */
  request: Request;
  /** Id to resume after (sent as `Last-Event-ID`). */
  lastEventId?: string | null;
  /** Called per event with its type, parsed JSON data and id. */
  onEvent: (type: string, data: unknown, id: string | null) => void;
  /** `live` once connected, `reconnecting` while waiting to retry, `failed` (with the error) when it gave up. */
  onState: (state: 'live' | 'reconnecting' | 'failed', error?: ApiError) => void;
  /** First retry delay in ms until the server sends `retry:` (default 1000). */
  retryMs?: number;
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
 * @example const s = openEventStream({ request: api.request, onEvent, onState }); s.close();
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
    const headers: Record<string, string> = { accept: SSE };
    if (lastId) headers['last-event-id'] = lastId;
    try {
      const res = await o.request('events', { headers, signal: c.signal, cache: 'no-store' });
      if (!res.ok) {
        const err = await readError(res);
        return transient(err) ? schedule() : fail(err);
      }
      if (res.status == 204 || !res.body || !res.headers.get('content-type')?.startsWith(SSE)) {
        return fail({ status: res.status, code: 'bad_stream', message: 'Not an event stream' });
      }
      attempt = 0;
      o.onState('live');
      // An incremental text/event-stream parser (WHATWG HTML §9.2.6): an event ends at a blank line; comments
      // (keep-alives) and unknown fields are ignored. A lone \r at the very end may be the first half of \r\n.
      let buf = '';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed) break;
        const events = (buf + value).replace(/\r\n|\r(?!$)/g, '\n').split('\n\n');
        buf = events.pop() ?? '';
        for (const lines of events) {
          let event = 'message';
          const data: string[] = [];
          for (const l of lines.split('\n')) {
            // `field: value`, `field:value` or a bare `field`; a comment has an empty field name.
            const [, field, value = ''] = /^([^:]*)(?:: ?(.*))?/s.exec(l) ?? [];
            if (field == 'data') data.push(value);
            else if (field == 'event') event = value;
            // [spec] the last event id persists across events.
            else if (field == 'id' && !value.includes('\0')) lastId = value;
            else if (field == 'retry' && /^\d+$/.test(value)) base = +value;
          }
          let d: { retryMs?: unknown };
          try {
            d = JSON.parse(data.join('\n')) as typeof d;
          } catch {
            continue; // [spec] an event without data is not dispatched; neither is one that is not our JSON.
          }
          if (event != 'reconnect') o.onEvent(event, d, lastId);
          else {
            again = typeof d.retryMs == 'number' ? d.retryMs : base;
            c.abort();
          }
        }
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
export const backoff = (base: number, attempt: number): number =>
  Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() / 2);
