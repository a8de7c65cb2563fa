import type { ServerResponse } from 'node:http';
import type { StoredEvent } from '../store/types';
import type { ReconnectEvent } from '../protocol/events';
import { formatEvent, KEEP_ALIVE } from './formatEvent';

/** One open SSE response. */
export interface SseConnection {
  /** Writes a stored event unless it was already written (ids only move forward). */
  send(event: StoredEvent): void;
  readonly lastId: number;
  close(): void;
  /** Runs `release` once when the stream closes (at once if it already has): e.g. the hub unsubscribe. */
  closeWith(release: () => void): void;
}

/** Options of `createStreamRegistry`. */
export interface StreamRegistryOptions {
  keepAliveMs: number;
  /** A stream whose unsent buffer grows past this is dropped; the client resumes with Last-Event-ID. */
  maxBufferedBytes?: number;
  onOpen?: () => void;
  onClose?: () => void;
}

// Keep-alives go out in slices of about 100 ms: writing one to 10,000 sockets at once stalled the event loop for
// hundreds of ms every period (bench/relay p99), spread out it costs a few dozen writes per tick.
const SLICE_MS = 100;
const MAX_SLICES = 150;

/** What the registry shares with every connection. */
interface Shared {
  maxBuffered: number;
  /** The framed bytes of an event, made once however many streams it goes to. */
  frame(event: StoredEvent): Buffer;
  remove(conn: Connection): void;
}

/** A class, not a closure per stream: its methods live once on the prototype (memory at 10,000 streams). */
class Connection implements SseConnection {
  closed = false;
  private release: (() => void) | null = null;

  constructor(
    readonly res: ServerResponse,
    public lastId: number,
    readonly slice: number,
    private readonly shared: Shared,
  ) {}

  send(stored: StoredEvent): void {
    if (this.closed || stored.id <= this.lastId) return;
    this.lastId = stored.id;
    this.res.write(this.shared.frame(stored));
    if (this.res.writableLength > this.shared.maxBuffered) this.res.destroy();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shared.remove(this);
    if (!this.res.writableEnded) this.res.end();
    const release = this.release;
    this.release = null;
    release?.();
  }

  closeWith(release: () => void): void {
    if (this.closed) release();
    else this.release = release;
  }
}

const CONNECTION = Symbol('parley.sse.connection');

/**
 * The response's one 'close' listener: `this` is the response, so no closure is made per stream. `on`, not `once`
 * ('close' is emitted once): `once` wraps every listener in a bound function and a state object, and a second
 * listener turns the slot into an array (about 370 B per stream together; heap snapshot at 1,000 streams, issue 7).
 */
function closeConnectionOf(this: ServerResponse & { [CONNECTION]?: Connection }): void {
  this[CONNECTION]?.close();
}

/**
 * Node keeps the head it wrote as `res._header` for the life of the response, built with `+=` per header line: a
 * tree of about 37 cons strings (1.2 KB per stream in a heap snapshot at 1,000 streams). Converting it to a number
 * makes V8 flatten it in place (the trick of the `flatstr` package), which leaves one 350-byte string. Read only:
 * if Node stops keeping `_header`, or V8 stops flattening, this does nothing.
 */
function flattenHead(res: ServerResponse & { _header?: unknown }): void {
  if (typeof res._header === 'string') Number(res._header);
}

/**
 * Owns every open SSE response (`open` it once its head is written). Why raw `ServerResponse` writes instead of
 * hono's `streamSSE`: an idle stream here is the socket plus one small object (no ReadableStream/TransformStream
 * pair and no timer per stream), an event is framed once for all its streams, and one shared timer writes
 * keep-alives a slice at a time.
 * @example const reg = createStreamRegistry({ keepAliveMs: 15000 }); const conn = reg.open(res, 0);
 */
export function createStreamRegistry(options: StreamRegistryOptions) {
  const slices = Math.max(1, Math.min(MAX_SLICES, Math.floor(options.keepAliveMs / SLICE_MS)));
  const bySlice = Array.from({ length: slices }, () => new Set<Connection>());
  let count = 0;
  let nextSlice = 0;
  let tick = 0;
  const frames = new WeakMap<StoredEvent, Buffer>();
  const shared: Shared = {
    maxBuffered: options.maxBufferedBytes ?? 1 << 20,
    frame(stored) {
      let bytes = frames.get(stored);
      if (!bytes) frames.set(stored, (bytes = Buffer.from(formatEvent(stored.event, stored.id))));
      return bytes;
    },
    remove(conn) {
      if (bySlice[conn.slice]?.delete(conn)) {
        count--;
        options.onClose?.();
      }
    },
  };
  const keepAlive = Buffer.from(KEEP_ALIVE);
  const timer = setInterval(() => {
    const slice = bySlice[tick++ % slices];
    if (slice) for (const conn of slice) if (!conn.res.writableEnded) conn.res.write(keepAlive);
  }, options.keepAliveMs / slices);
  timer.unref();

  function openConnection(res: ServerResponse & { [CONNECTION]?: Connection }, startAfterId: number): SseConnection {
    const conn = new Connection(res, startAfterId, nextSlice++ % slices, shared);
    bySlice[conn.slice]?.add(conn);
    count++;
    options.onOpen?.();
    res[CONNECTION] = conn;
    res.on('close', closeConnectionOf);
    flattenHead(res);
    // The client may have gone while the caller awaited the store: 'close' was emitted before anyone listened.
    if (res.destroyed) conn.close();
    return conn;
  }

  return {
    open: openConnection,
    size: () => count,
    /** Tells every stream to reconnect (shutdown), then ends them. */
    closeAll(retryMs: number) {
      const event: ReconnectEvent = { type: 'reconnect', retryMs };
      const frame = formatEvent(event);
      for (const slice of bySlice) {
        for (const conn of [...slice]) {
          if (!conn.res.writableEnded) conn.res.write(frame);
          conn.close();
        }
      }
      clearInterval(timer);
    },
  };
}

/** The registry returned by `createStreamRegistry`. */
export type StreamRegistry = ReturnType<typeof createStreamRegistry>;
