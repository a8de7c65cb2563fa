import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './protocol/api';
import { useCluster, type Cluster } from './testing/cluster';
import { messagesOf, type ReceivedEvent } from './testing/harness';
import { startHoldingProxy, type HoldingProxy } from './testing/holdingProxy';
import { slowUpload } from './testing/slowUpload';
import { signDelivery } from '../../demo/ada-sim/webhooks/sign';

const startCluster = useCluster();

const ids = (events: ReceivedEvent[]) => events.filter((e) => e.event.type !== 'reconnect').map((e) => Number(e.id));
const consecutive = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const transcript = async (c: Cluster, i: number, token: string) =>
  ((await (await c.api(i, '/v1/conversation', { token })).json()) as { messages: ChatMessage[] }).messages;

describe('several bridges on one Redis', () => {
  it('creates one Ada channel when two instances start at the same moment', async () => {
    const c = await startCluster({ instances: 3 });
    const res = await fetch(`${c.sim.url}/api/v2/channels/?type=custom&limit=100`, { headers: { authorization: `Bearer ${c.sim.apiKey}` } });
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('brings a webhook received by instance B to a stream held by instance A, in order and once', async () => {
    const c = await startCluster(); // webhooks go to instance 1 only
    const token = await c.newSession(0);
    const s = c.stream(0, token);
    await s.opened;
    expect((await c.send(0, token, 'Hello')).status).toBe(201);
    expect((await c.send(0, token, 'How do refunds work?')).status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 2);
    const messages = messagesOf(s.events);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(ids(s.events)).toEqual(consecutive(1, s.events.length));
    // Any instance answers the same transcript, each message once. An answer can be several messages (a text, then
    // a link) still arriving after the two the stream waited for, so both are read until they agree (CI once read
    // instance 1 after the link had landed and instance 0 before); one that stays short fails the poll.
    const both = async () => [await transcript(c, 0, token), await transcript(c, 1, token)] as const;
    await expect.poll(async () => { const [a, b] = await both(); return JSON.stringify(b) === JSON.stringify(a); }).toBe(true);
    const [a] = await both();
    expect(new Set(a.map((m) => m.id)).size).toBe(a.length);
  });

  it('resumes a stream on instance B from a Last-Event-ID issued by instance A, with no gap and no repeat', async () => {
    const c = await startCluster();
    const token = await c.newSession(0);
    const first = c.stream(0, token);
    await first.opened;
    await c.send(0, token, 'Hello');
    await first.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);
    first.close();
    const lastSeen = ids(first.events).at(-1)!;
    await c.send(1, token, 'Where is my order?');
    await c.send(0, token, 'Thanks');
    const resumed = c.stream(1, token, String(lastSeen));
    await resumed.waitFor((ev) => messagesOf(ev, 'end_user').length >= 2 && messagesOf(ev, 'ai_agent').length >= 2);
    const all = [...ids(first.events), ...ids(resumed.events)];
    expect(all).toEqual(consecutive(1, all.length));
  });

  it('moves a stream to the other instance when its instance shuts down, and loses nothing', async () => {
    const c = await startCluster();
    const token = await c.newSession(0);
    // Like a balancer: each (re)connection goes to the first instance that is running.
    const s = c.stream(() => c.url(c.bridges[0] ? 0 : 1), token);
    await s.opened;
    await c.send(0, token, 'Hello');
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);
    await c.stop(0);
    expect(s.events.some((e) => e.event.type === 'reconnect')).toBe(true);
    await c.send(1, token, 'Still there?');
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 2);
    expect(ids(s.events)).toEqual(consecutive(1, ids(s.events).length));
    expect(messagesOf(s.events).map((m) => m.id)).toEqual((await transcript(c, 1, token)).map((m) => m.id));
  });

  it('answers 503 unavailable at once while Redis is down, and serves again, with nothing lost, once it is back', async () => {
    const c = await startCluster({ appendOnly: true });
    const token = await c.newSession(0);
    const s = c.stream(0, token);
    await s.opened;
    await c.send(0, token, 'Hello');
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);
    const before = await transcript(c, 1, token);

    await c.redis.stop();
    const t0 = Date.now();
    const health = await c.api(0, '/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, reason: expect.stringMatching(/^store unavailable: Redis unreachable \(.+\)$/) });
    const refused = await c.api(1, '/v1/conversation', { token });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });
    // A send too (its per-session lock is in Redis): 503, which the widget retries, not a 500.
    const send = await c.send(1, token, 'Anyone?');
    expect(send.status).toBe(503);
    expect(await send.json()).toMatchObject({ error: { code: 'unavailable' } });
    const payload = JSON.stringify({ type: 'v1.conversation.handoff.ended', data: { conversation_id: 'x' } });
    const webhook = await fetch(`${c.url(1)}/webhooks/ada`, {
      method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...signDelivery(c.sim.webhookSecret, 'msg_down', payload) },
    });
    expect(webhook.status).toBe(503); // Svix retries it later
    expect(Date.now() - t0).toBeLessThan(1_500);

    await c.redis.start();
    const deadline = Date.now() + 10_000;
    while ((await c.api(0, '/healthz')).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // AOF with fsync on every write: the session and transcript are all there after the restart.
    expect(await transcript(c, 1, token)).toEqual(before);
    expect((await c.send(1, token, 'Back again?')).status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 2, 10_000);
    expect(ids(s.events)).toEqual(consecutive(1, ids(s.events).length));
  });

  it('catches a stream on instance A up with a webhook instance B refused while Redis was down', async () => {
    const c = await startCluster({ appendOnly: true }); // webhooks go to instance 1 (B) only; the stream is on instance 0 (A)
    const token = await c.newSession(0);
    const s = c.stream(0, token);
    await s.opened;
    await c.send(0, token, 'Hello');
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);
    await c.sim.idle();
    const conv = c.sim.conversations()[0]!;
    // Svix's next tries come minutes apart: with time slowed down a thousandfold, only the bridges can catch up.
    c.sim.setFaults({ timeScale: 1000 });

    await c.redis.stop();
    const said = { type: 'text', body: 'Said while Redis was down' } as const;
    await c.sim.agentSay(conv.id, said);
    await expect.poll(() => c.sim.deliveries().filter((d) => d.status === 503).length).toBeGreaterThan(0);
    await c.redis.start();
    await s.waitFor((ev) => messagesOf(ev).some((m) => m.content.type === 'text' && m.content.body === said.body), 15_000);
    expect(ids(s.events)).toEqual(consecutive(1, ids(s.events).length));
    const seen = messagesOf(s.events).map((m) => m.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('drains on shutdown: an Ada call in flight finishes, and the stream carries on on the other instance', async () => {
    let proxy: HoldingProxy | undefined;
    const c = await startCluster({ adaBaseUrl: async (sim) => (proxy = await startHoldingProxy(sim)).url });
    try {
      const token = await c.newSession(0);
      const s = c.stream(() => c.url(c.bridges[0] ? 0 : 1), token);
      await s.opened;
      const arrived = proxy!.holdNext((method, path) => method === 'POST' && /\/messages\/?$/.test(path), 400);
      const sending = c.send(0, token, 'Hello while you restart');
      await arrived;
      const stopping = c.stop(0);
      const res = await sending;
      expect(res.status).toBe(201);
      await stopping;
      await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);
      expect(s.events.some((e) => e.event.type === 'reconnect')).toBe(true);
      expect(messagesOf(s.events, 'end_user').map((m) => m.content)).toEqual([{ type: 'text', body: 'Hello while you restart' }]);
      expect(ids(s.events)).toEqual(consecutive(1, ids(s.events).length));
    } finally {
      await proxy?.close();
    }
  });

  it('caps open streams per session and per IP across instances, not per instance', async () => {
    const c = await startCluster({ bridge: { limits: { streamsPerSession: 2, streamsPerIp: 3 } } });
    const raw = (i: number, token: string) => c.api(i, '/v1/events', { token, headers: { accept: 'text/event-stream' } });
    const a = await c.newSession(0);
    const held = [await raw(0, a), await raw(1, a)];
    expect(held.map((r) => r.status)).toEqual([200, 200]);
    for (const i of [0, 1]) {
      const third = await raw(i, a);
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/this visitor \(2\)/) } });
    }
    const b = await c.newSession(1);
    held.push(await raw(1, b));
    const overIp = await raw(0, b);
    expect(overIp.status).toBe(429);
    expect(await overIp.json()).toMatchObject({ error: { message: expect.stringMatching(/this address \(3\)/) } });
    // A stream closed on instance B frees its slot for instance A.
    await held[1]!.body!.cancel();
    await expect.poll(async () => {
      const r = await raw(0, a);
      if (r.status === 200) held.push(r);
      else await r.body?.cancel();
      return r.status;
    }).toBe(200);
    for (const r of held) await r.body?.cancel().catch(() => undefined);
  });

  it('counts rate limits across instances', async () => {
    const c = await startCluster({ bridge: { rateLimits: { sessionPerMinute: 2 } } });
    const token = await c.newSession(0);
    expect((await c.send(0, token, 'one')).status).toBe(201);
    expect((await c.send(1, token, 'two')).status).toBe(201);
    const third = await c.send(0, token, 'three');
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('gives a slow file its own body bound on either instance, and the file reaches the stream held by the other', async () => {
    const c = await startCluster({ bridge: { limits: { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, uploadTimeoutMs: 4_000 } } });
    const token = await c.newSession(0);
    const s = c.stream(1, token);
    await s.opened;
    expect((await c.send(0, token, 'hello')).status).toBe(201);
    await c.sim.startHandoff(c.sim.conversations()[0]?.id ?? '');
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'handoff.started'));
    // Past the 1 s of any request, within the file's 4 s: it arrives, and instance 1's stream shows it once.
    const slow = await slowUpload(c.url(0), token, 'slow-file', { pieces: 5, everyMs: 500 });
    expect(slow.ms).toBeGreaterThan(2_000);
    expect(slow.status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'end_user').some((m) => m.content.type === 'file'));
    expect(messagesOf(s.events, 'end_user').filter((m) => m.content.type === 'file')).toHaveLength(1);
    const stalled = await slowUpload(c.url(1), token, 'stalled-file', { pieces: 2, everyMs: 200, stall: true });
    expect(stalled.status).toBe(408);
    expect(stalled.ms).toBeGreaterThan(3_500);
  });
});
