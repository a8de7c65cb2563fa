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
}

/** Options of `createStreamRegistry`. */
export interface StreamRegistryOptions {
  keepAliveMs: number;
  /** A stream whose unsent buffer grows past this is dropped; the client resumes with Last-Event-ID. */
  maxBufferedBytes?: number;
  onOpen?: () => void;
  onClose?: () => void;
}

/**
 * Owns every open SSE response. Why raw `ServerResponse` writes instead of hono's `streamSSE`: an idle stream
 * here is the socket plus one small closure (no ReadableStream/TransformStream pair and no timer per stream),
 * and one shared interval writes keep-alives to all of them, so 10,000 idle streams stay cheap.
 * @example const reg = createStreamRegistry({ keepAliveMs: 15000 }); const conn = reg.open(res, 0);
 */
export function createStreamRegistry(options: StreamRegistryOptions) {
  const open = new Set<SseConnection>();
  const writers = new Map<SseConnection, ServerResponse>();
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const timer = setInterval(() => {
    for (const [, res] of writers) if (!res.writableEnded) res.write(KEEP_ALIVE);
  }, options.keepAliveMs);
  timer.unref();

  function openConnection(res: ServerResponse, startAfterId: number): SseConnection {
    let lastId = startAfterId;
    let closed = false;
    const conn: SseConnection = {
      get lastId() {
        return lastId;
      },
      send(stored) {
        if (closed || stored.id <= lastId) return;
        lastId = stored.id;
        res.write(formatEvent(stored.event, stored.id));
        if (res.writableLength > maxBuffered) res.destroy();
      },
      close() {
        if (closed) return;
        closed = true;
        open.delete(conn);
        writers.delete(conn);
        options.onClose?.();
        if (!res.writableEnded) res.end();
      },
    };
    open.add(conn);
    writers.set(conn, res);
    options.onOpen?.();
    res.once('close', () => conn.close());
    return conn;
  }

  return {
    open: openConnection,
    size: () => open.size,
    /** Tells every stream to reconnect (shutdown), then ends them. */
    closeAll(retryMs: number) {
      const event: ReconnectEvent = { type: 'reconnect', retryMs };
      for (const [conn, res] of [...writers]) {
        if (!res.writableEnded) res.write(formatEvent(event));
        conn.close();
      }
      clearInterval(timer);
    },
  };
}

/** The registry returned by `createStreamRegistry`. */
export type StreamRegistry = ReturnType<typeof createStreamRegistry>;
