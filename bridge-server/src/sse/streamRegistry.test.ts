import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { emit } from '../chat/context';
import type { BridgeEnv } from '../middleware/types';
import { eventRoutes } from '../routes/events';
import { createFakeContext } from '../testing/fakeContext';
import { createStreamRegistry, type StreamRegistry } from './streamRegistry';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A reader of a raw SSE response: the text so far, the parsed ids, and a wait helper. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  let text = '';
  let ended = false;
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  cleanups.push(async () => { controller.abort(); await pump; });
  const s = {
    res,
    get text() { return text; },
    get ended() { return ended; },
    ids: () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])),
    async until(pred: () => boolean, timeoutMs = 2_000) {
      const start = Date.now();
      while (!pred()) {
        if (Date.now() - start > timeoutMs) throw new Error(`timed out; got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
  return s;
}

/** A plain Node server whose every request becomes a registry connection starting after id 0. */
async function registryServer(registry: StreamRegistry) {
  const conns: ReturnType<StreamRegistry['open']>[] = [];
  const server: Server = createServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    conns.push(registry.open(res, 0));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, conns };
}

/** Waits until `ok()` holds (instead of sleeping a fixed time and hoping it does). */
async function until(ok: () => boolean, timeoutMs = 2_000): Promise<void> {
  for (const start = Date.now(); !ok();) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ev = (id: number) => ({ id, event: { type: 'handoff.ended' as const, conversationId: `c${id}` } });

describe('createStreamRegistry', () => {
  it('writes each id once, only moving forward', async () => {
    const registry = createStreamRegistry({ keepAliveMs: 60_000 });
    cleanups.push(() => registry.closeAll(0));
    const { url, conns } = await registryServer(registry);
    const s = await openStream(url);
    await s.until(() => conns.length === 1);
    for (const id of [1, 2, 2, 1, 5, 3, 6]) conns[0]!.send(ev(id));
    await s.until(() => s.ids().includes(6));
    expect(s.ids()).toEqual([1, 2, 5, 6]);
    expect(conns[0]!.lastId).toBe(6);
    expect(registry.size()).toBe(1);
  });

  it('sends keep-alive comments on an idle stream', async () => {
    const registry = createStreamRegistry({ keepAliveMs: 20 });
    cleanups.push(() => registry.closeAll(0));
    const { url } = await registryServer(registry);
    const s = await openStream(url);
    await s.until(() => (s.text.match(/: keep-alive\n\n/g) ?? []).length >= 2);
    // Comments only: an EventSource ignores them, so nothing reaches the widget but a live socket.
    expect(s.text).toMatch(/^(: keep-alive\n\n)+$/);
    expect(s.ended).toBe(false);
  });

  it('tells every stream to reconnect on closeAll, then ends it', async () => {
    let opened = 0;
    let closed = 0;
    const registry = createStreamRegistry({ keepAliveMs: 60_000, onOpen: () => opened++, onClose: () => closed++ });
    const { url, conns } = await registryServer(registry);
    const a = await openStream(url);
    const b = await openStream(url);
    await a.until(() => conns.length === 2);
    registry.closeAll(1234);
    await a.until(() => a.ended && b.ended);
    expect(a.text).toContain('event: reconnect\ndata: {"type":"reconnect","retryMs":1234}');
    expect(b.text).toContain('event: reconnect');
    expect([opened, closed, registry.size()]).toEqual([2, 2, 0]);
  });

  it('deregisters a stream when the client goes away', async () => {
    let closed = 0;
    const registry = createStreamRegistry({ keepAliveMs: 60_000, onClose: () => closed++ });
    cleanups.push(() => registry.closeAll(0));
    const { url, conns } = await registryServer(registry);
    const controller = new AbortController();
    await fetch(url, { signal: controller.signal });
    await until(() => conns.length === 1);
    controller.abort();
    const start = Date.now();
    while (registry.size() > 0 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    expect(registry.size()).toBe(0);
    expect(closed).toBe(1);
  });

  it('closes at once, releasing what the caller tied to it, a stream whose client left before it was opened', async () => {
    let closed = 0;
    let released = 0;
    const registry = createStreamRegistry({ keepAliveMs: 60_000, onClose: () => closed++ });
    cleanups.push(() => registry.closeAll(0));
    let arrived = false;
    const server: Server = createServer((req, res) => {
      arrived = true;
      req.socket.once('close', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        registry.open(res, 0).closeWith(() => released++);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const client = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).on('error', () => {});
    client.end();
    await until(() => arrived); // the request reached the server; now the client leaves
    client.destroy();
    const start = Date.now();
    while (released === 0 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    expect([registry.size(), closed, released]).toEqual([0, 1, 1]);
  });

  it('releases what was tied to a stream once, when the client goes away', async () => {
    let released = 0;
    const registry = createStreamRegistry({ keepAliveMs: 60_000 });
    cleanups.push(() => registry.closeAll(0));
    const { url, conns } = await registryServer(registry);
    const controller = new AbortController();
    await fetch(url, { signal: controller.signal });
    await until(() => conns.length === 1);
    conns[0]!.closeWith(() => released++);
    controller.abort();
    const start = Date.now();
    while (released === 0 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    conns[0]!.close();
    expect([registry.size(), released]).toEqual([0, 1]);
  });

  it('drops a consumer that stops reading once its buffer passes the cap', async () => {
    let closed = 0;
    const registry = createStreamRegistry({ keepAliveMs: 60_000, maxBufferedBytes: 64 * 1024, onClose: () => closed++ });
    cleanups.push(() => registry.closeAll(0));
    const { url, conns } = await registryServer(registry);
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    await fetch(url, { signal: controller.signal }); // headers read, body never consumed
    await until(() => conns.length === 1);
    const big = 'x'.repeat(16 * 1024);
    for (let id = 1; id <= 2_000 && registry.size() > 0; id++) {
      conns[0]!.send({ id, event: { type: 'error', code: 'internal_error', message: big } });
      if (id % 50 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(registry.size()).toBe(0);
    expect(closed).toBe(1);
  });
});

describe('GET /v1/events', () => {
  async function eventsServer() {
    const env = createFakeContext();
    cleanups.push(() => env.close());
    const registry = createStreamRegistry({ keepAliveMs: 60_000 });
    cleanups.push(() => registry.closeAll(0));
    const app = new Hono<BridgeEnv>();
    app.use(async (c, next) => {
      c.set('session', { id: 's1', origin: '', endUserId: null, conversationId: null, createdAt: 0 });
      c.set('corsHeaders', {});
      c.set('requestId', 'r1');
      c.set('log', env.ctx.logger);
      await next();
    });
    app.route('/v1/events', eventRoutes(env.ctx, { registry, retryMs: 1500, isShuttingDown: () => false }));
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    return { ...env, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events` };
  }

  it('replays after Last-Event-ID, then goes live with no gap or repeat, even when events land mid-replay', async () => {
    const { ctx, store, url } = await eventsServer();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await emit(ctx, 's1', { type: 'handoff.ended', conversationId: `c${i}` }));
    // An event emitted while the replay is reading the store must come exactly once, after the replayed ones.
    const realEventsAfter = store.eventsAfter.bind(store);
    let injected = false;
    store.eventsAfter = async (sessionId, afterId, limit) => {
      const page = await realEventsAfter(sessionId, afterId, limit);
      if (!injected) {
        injected = true;
        ids.push(await emit(ctx, 's1', { type: 'handoff.ended', conversationId: 'mid' }));
      }
      return page;
    };
    const s = await openStream(url, { 'last-event-id': String(ids[1]) });
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await s.until(() => s.ids().length === 4);
    expect(s.text.startsWith('retry: 1500\n\n')).toBe(true);
    ids.push(await emit(ctx, 's1', { type: 'handoff.ended', conversationId: 'live' }));
    // One more event behind the others: once it is written, a repeat of any earlier one would be too.
    ids.push(await emit(ctx, 's1', { type: 'handoff.ended', conversationId: 'last' }));
    await s.until(() => s.ids().includes(ids.at(-1)!));
    expect(s.ids()).toEqual(ids.slice(2));
  });

  it('drops its hub subscription when the client goes away', async () => {
    const { ctx, url } = await eventsServer();
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    expect(res.status).toBe(200);
    const start = Date.now();
    while (ctx.hub.size() === 0 && Date.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5));
    expect(ctx.hub.size()).toBe(1);
    controller.abort();
    while (ctx.hub.size() > 0 && Date.now() - start < 4_000) await new Promise((r) => setTimeout(r, 5));
    expect(ctx.hub.size()).toBe(0);
  });

  it('starts live without Last-Event-ID', async () => {
    const { ctx, url } = await eventsServer();
    await emit(ctx, 's1', { type: 'handoff.ended', conversationId: 'old' });
    const s = await openStream(url);
    await s.until(() => s.text.includes('retry:'));
    const live = await emit(ctx, 's1', { type: 'handoff.ended', conversationId: 'new' });
    await s.until(() => s.ids().length === 1);
    expect(s.ids()).toEqual([live]);
  });
});
