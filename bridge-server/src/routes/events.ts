import type { ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Logger } from 'pino';
import type { ChatContext } from '../chat/context';
import { reconcileIfStale } from '../chat/reconcile';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import { formatRetry } from '../sse/formatEvent';
import type { StreamRegistry } from '../sse/streamRegistry';
import type { SessionRecord, StoredEvent } from '../store/types';

/** Options of `eventRoutes` and `openEventStream`. */
export interface EventRoutesOptions {
  registry: StreamRegistry;
  retryMs: number;
  isShuttingDown: () => boolean;
}

/** One checked stream request: its session (authenticated, origin checked) and where to write. */
export interface StreamRequest {
  session: SessionRecord;
  /** The raw `Last-Event-ID` header, if any. */
  lastEventId: string | undefined;
  res: ServerResponse;
  /** CORS and request-id headers for the 200. */
  headers: Record<string, string>;
  log: Logger;
}

/**
 * Opens the session's SSE stream on the Node response (see streamRegistry.ts). Used by the hono route and the
 * node:http fast path (eventsListener.ts), after the same CORS, rate-limit and session checks.
 * Resume: with `Last-Event-ID: n`, everything after n is replayed from the store, then live events follow.
 * No race: the live listener is registered before the replay starts and buffers until the replay is written;
 * the connection drops any id it already wrote, so nothing is repeated or skipped.
 * Without the header the stream starts live (the widget loads history first and passes its `lastEventId`).
 * @throws BridgeError `shutting_down` before anything is written
 */
export async function openEventStream(ctx: ChatContext, options: EventRoutesOptions, r: StreamRequest): Promise<void> {
  if (options.isShuttingDown()) throw new BridgeError('shutting_down', 'The chat server is restarting; reconnect shortly.');
  const { session, res } = r;
  const header = r.lastEventId?.trim();
  const newest = await ctx.store.lastEventId(session.id);
  // An id past the session's newest event was never issued to it (a forged header, a store restored from a backup):
  // resuming after it would drop every live event below it, a silent stream (found by events.fuzz.test.ts).
  const after = header !== undefined && /^\d{1,15}$/.test(header) ? Math.min(Number(header), newest) : newest;

  res.writeHead(200, {
    ...r.headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write(formatRetry(options.retryMs));
  const conn = options.registry.open(res, after);

  let buffer: StoredEvent[] | null = [];
  conn.closeWith(ctx.hub.subscribe(session.id, (e) => (buffer ? buffer.push(e) : conn.send(e))));
  try {
    for (let page = await ctx.store.eventsAfter(session.id, after, 500); page.length > 0; ) {
      for (const e of page) conn.send(e);
      const last = page[page.length - 1];
      page = last ? await ctx.store.eventsAfter(session.id, last.id, 500) : [];
    }
    const pending: StoredEvent[] = buffer;
    buffer = null;
    for (const e of pending) conn.send(e);
  } catch (err) {
    r.log.error({ err }, 'replay failed');
    conn.close();
  }

  const conv = session.conversationId ? await ctx.store.getConversation(session.conversationId) : null;
  if (conv) void reconcileIfStale(ctx, conv, 'connect');
}

/** `GET /v1/events` in hono (the node:http fast path in eventsListener.ts serves it in production). */
export function eventRoutes(ctx: ChatContext, options: EventRoutesOptions) {
  return new Hono<BridgeEnv>().get('/', async (c) => {
    // hono answers HEAD with this GET handler and then writes its own head over the stream's (ERR_HTTP_HEADERS_SENT,
    // found by v1.fuzz.test.ts): a HEAD gets the stream's headers and no stream.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform' });
    await openEventStream(ctx, options, {
      session: c.get('session'), lastEventId: c.req.header('last-event-id'), res: c.env.outgoing,
      headers: { ...c.get('corsHeaders'), 'X-Request-Id': c.get('requestId') }, log: c.get('log'),
    });
    return RESPONSE_ALREADY_SENT;
  });
}
