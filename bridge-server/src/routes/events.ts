import { Hono } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ChatContext } from '../chat/context';
import { reconcileIfStale } from '../chat/reconcile';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import { formatRetry } from '../sse/formatEvent';
import type { StreamRegistry } from '../sse/streamRegistry';
import type { StoredEvent } from '../store/types';

/** Options of `eventRoutes`. */
export interface EventRoutesOptions {
  registry: StreamRegistry;
  retryMs: number;
  isShuttingDown: () => boolean;
}

/**
 * `GET /v1/events`: the session's SSE stream, written straight to the Node response (see streamRegistry.ts).
 * Resume: with `Last-Event-ID: n`, everything after n is replayed from the store, then live events follow.
 * No race: the live listener is registered before the replay starts and buffers until the replay is written;
 * the connection drops any id it already wrote, so nothing is repeated or skipped.
 * Without the header the stream starts live (the widget loads history first and passes its `lastEventId`).
 */
export function eventRoutes(ctx: ChatContext, options: EventRoutesOptions) {
  return new Hono<BridgeEnv>().get('/', async (c) => {
    if (options.isShuttingDown()) throw new BridgeError('shutting_down', 'The chat server is restarting; reconnect shortly.');
    const session = c.get('session');
    const header = c.req.header('last-event-id');
    let after: number;
    if (header !== undefined && /^\d{1,15}$/.test(header.trim())) after = Number(header.trim());
    else after = await ctx.store.lastEventId(session.id);

    const res = c.env.outgoing;
    res.writeHead(200, {
      ...c.get('corsHeaders'),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Request-Id': c.get('requestId'),
    });
    res.write(formatRetry(options.retryMs));
    const conn = options.registry.open(res, after);

    let buffer: StoredEvent[] | null = [];
    const unsubscribe = ctx.hub.subscribe(session.id, (e) => (buffer ? buffer.push(e) : conn.send(e)));
    res.once('close', unsubscribe);
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
      c.get('log').error({ err }, 'replay failed');
      conn.close();
    }

    const conv = session.conversationId ? await ctx.store.getConversation(session.conversationId) : null;
    if (conv) void reconcileIfStale(ctx, conv, 'connect');
    return RESPONSE_ALREADY_SENT;
  });
}
