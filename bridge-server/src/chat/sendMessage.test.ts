import { afterEach, describe, expect, it } from 'vitest';
import { AdaError } from '../ada/adaClient';
import { retryWithin } from '../ada/retry';
import type { AdaMessageLog } from '../ada/types';
import { BridgeError } from '../errors';
import type { SessionRecord } from '../store/types';
import { createFakeContext } from '../testing/fakeContext';
import { createMemoryEchoState } from './echoState';
import { ingestMessage } from './ingest';
import { createLocalLeases } from './leases';
import { sendMessage } from './sendMessage';

const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

async function setup() {
  const env = createFakeContext();
  envs.push(env);
  const session: SessionRecord = { id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: Date.now() };
  await env.store.createSession(session, 'hash');
  return { ...env, session, events: env.published('s1') };
}

const unavailable = () => new AdaError('post_message', 503, 'Ada answered 503');

describe('sendMessage', () => {
  it('creates the end user and conversation on first use, posts once and emits started + message', async () => {
    const { ctx, ada, session, events } = await setup();
    const { status, body } = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    expect(status).toBe(201);
    expect(body.message).toMatchObject({ clientId: 'c1', role: 'end_user', content: { type: 'text', body: 'Hi' } });
    expect(ada.posts).toHaveLength(1);
    expect(events.map((e) => e.event.type)).toEqual(['conversation.started', 'message']);
  });

  it('is idempotent on clientId: a repeat answers 200 with the same message and posts nothing', async () => {
    const { ctx, ada, session, events } = await setup();
    const first = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    const again = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    expect(again.status).toBe(200);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(ada.posts).toHaveLength(1);
    expect(events.filter((e) => e.event.type === 'message')).toHaveLength(1);
  });

  it("serialises a session's sends across instances sharing the store: one end user and one conversation", async () => {
    const { ctx, ada, session, store } = await setup();
    // A second bridge: the same store, Ada and leases (Redis in production), a context (and process) of its own.
    const other = { ...ctx };
    let endUsers = 0;
    const realCreate = ada.createEndUser;
    ada.createEndUser = async (...args) => { endUsers++; await new Promise((r) => setTimeout(r, 20)); return realCreate(...args); };
    await Promise.all([
      sendMessage(ctx, session, { clientId: 'a', text: 'one' }),
      sendMessage(other, session, { clientId: 'b', text: 'two' }),
    ]);
    expect(endUsers).toBe(1);
    const stored = await store.getSession('s1');
    expect(new Set(ada.posts.map((p) => p.conversationId))).toEqual(new Set([stored?.conversationId]));
  });

  it('serialises concurrent sends of one clientId into one post', async () => {
    const { ctx, ada, session } = await setup();
    const [a, b] = await Promise.all([
      sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }),
      sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }),
    ]);
    expect(a.body.message.id).toBe(b.body.message.id);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(ada.posts).toHaveLength(1);
  });

  it('fails with ada_unavailable, records it, and emits an error event naming the clientId', async () => {
    const { ctx, ada, session, events, store } = await setup();
    ada.postMessage = async () => { throw unavailable(); };
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe('ada_unavailable');
    expect((await store.getSend('s1', 'c1'))?.status).toBe('failed');
    expect(events.at(-1)?.event).toMatchObject({ type: 'error', code: 'ada_unavailable', clientId: 'c1' });
  });

  it('adopts a failed attempt that did land at Ada instead of posting it twice (re-post heuristic)', async () => {
    const { ctx, ada, session, events } = await setup();
    const realPost = ada.postMessage;
    // The post lands at Ada, but the answer is lost (timeout).
    ada.postMessage = async (...args) => {
      await realPost(...args);
      throw new AdaError('post_message', 0, 'timeout');
    };
    await expect(sendMessage(ctx, session, { clientId: 'c1', text: 'Hi there' })).rejects.toThrow(BridgeError);
    expect(ada.posts).toHaveLength(1);
    ada.postMessage = realPost;
    const retry = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi there' });
    expect(retry.status).toBe(201);
    expect(ada.posts).toHaveLength(1);
    const adopted = [...ada.logs.values()][0]![0]!;
    expect(retry.body.message.id).toBe(adopted.message_id);
    expect(events.filter((e) => e.event.type === 'message')).toHaveLength(1);
  });

  it('adopts the landed post inside the deadline too (beforeRetry), and ignores older or known messages', async () => {
    const { ctx, ada, session } = await setup();
    await sendMessage(ctx, session, { clientId: 'c0', text: 'same text' });
    const convId = (await ctx.store.getSession('s1'))!.conversationId!;
    // An older Ada message with the same text, unknown to us, must not be adopted.
    const old: AdaMessageLog = {
      message_id: 'old', created_at: new Date(Date.now() - 60_000).toISOString(),
      author: { id: 'u', role: 'end_user' }, content: { type: 'text', body: 'same text' },
    };
    ada.logs.get(convId)!.unshift(old);
    const realPost = ada.postMessage;
    let attempts = 0;
    // The client's own retry loop (retryWithin, as adaClient runs it): the first attempt lands at Ada but its answer
    // is lost; whatever sendMessage gave as beforeRetry decides whether the second attempt posts again.
    ada.postMessage = (id, body, beforeRetry) => retryWithin(async () => {
      if (++attempts === 1) {
        await realPost(id, body);
        throw new AdaError('post_message', 0, 'timeout');
      }
      return realPost(id, body);
    }, {
      deadlineMs: 5_000, baseDelayMs: 1, maxDelayMs: 1, isRetryable: (e) => e instanceof AdaError && e.retryable,
      beforeRetry: async (err) => beforeRetry?.(err),
    });
    const res = await sendMessage(ctx, session, { clientId: 'c1', text: 'same text' });
    expect(attempts).toBe(1);
    expect(res.body.message.id).not.toBe('old');
    expect(res.body.message.id).toBe(ada.logs.get(convId)!.at(-1)!.message_id);
    expect(ada.posts).toHaveLength(2);
  });

  it('records the intent durably before anything reaches Ada, and a resend after a crash adopts the landed post', async () => {
    const { ctx, ada, session, store } = await setup();
    const statusesAtAda: (string | undefined)[] = [];
    const realCreate = ada.createEndUser;
    ada.createEndUser = async (...args) => {
      statusesAtAda.push((await store.getSend('s1', 'c1'))?.status);
      return realCreate(...args);
    };
    const realPost = ada.postMessage;
    // The post lands at Ada, then the process dies before the answer: nothing after it ever runs.
    ada.postMessage = async (...args) => {
      statusesAtAda.push((await store.getSend('s1', 'c1'))?.status);
      await realPost(...args);
      return new Promise(() => undefined);
    };
    void sendMessage(ctx, session, { clientId: 'c1', text: 'Hi there' });
    await expect.poll(() => ada.posts.length).toBe(1);
    expect(statusesAtAda).toEqual(['pending', 'pending']);
    // "Restart": a fresh context (no lock, no in-flight state) over the same store; the widget resends its clientId.
    ada.postMessage = realPost;
    const restarted = { ...ctx, inFlight: new Map(), parked: new Map(), leases: createLocalLeases() };
    const resent = await sendMessage(restarted, session, { clientId: 'c1', text: 'Hi there' });
    expect(ada.posts).toHaveLength(1);
    expect(resent.body.message.id).toBe([...ada.logs.values()][0]![0]!.message_id);
    expect((await store.getSend('s1', 'c1'))?.status).toBe('posted');
  });

  it('a resend that adopts a message its webhook already stored without a clientId tells every tab whose send it was', async () => {
    // The post lands, the process dies before the answer; after the restart the webhook echo is stored as anyone's
    // message (no clientId), and only then the widget resends. Other tabs of the visitor still show the send as a
    // "sending" bubble under its clientId: they must get the message again with it, or they show it twice, one
    // sending forever.
    const { ctx, ada, session, events } = await setup();
    const realPost = ada.postMessage;
    ada.postMessage = async (...args) => {
      await realPost(...args);
      return new Promise(() => undefined);
    };
    void sendMessage(ctx, session, { clientId: 'c1', text: 'Hi there' });
    await expect.poll(() => ada.posts.length).toBe(1);
    ada.postMessage = realPost;
    const restarted = { ...ctx, inFlight: new Map(), parked: new Map(), leases: createLocalLeases(), echo: createMemoryEchoState() };
    const [conversationId, logs] = [...ada.logs.entries()][0]!;
    const log = logs[0]!;
    const conv = (await ctx.store.getConversation(conversationId))!;
    expect(await ingestMessage(restarted, conv, {
      id: log.message_id, clientId: null, conversationId: conv.id, role: 'end_user', author: { displayName: null, avatar: null },
      content: { type: 'text', body: 'Hi there' }, createdAt: log.created_at,
    })).not.toBe('parked');
    const resent = await sendMessage(restarted, session, { clientId: 'c1', text: 'Hi there' });
    expect(ada.posts).toHaveLength(1);
    expect(resent.body.message).toMatchObject({ id: log.message_id, clientId: 'c1' });
    const published = events.filter((e) => e.event.type === 'message').map((e) => (e.event as { message: { id: string; clientId: string | null } }).message);
    expect(published.map((m) => [m.id, m.clientId])).toEqual([[log.message_id, null], [log.message_id, 'c1']]);
  });

  // A post aborted by our deadline (or cut off by a crash) that Ada stores afterwards, as a stalled Ada or the
  // simulator on a loaded machine does: the resend finds nothing yet and must not post beside it (issue 17).
  const lateLanding = (ada: Awaited<ReturnType<typeof setup>>['ada'], landAfterMs: number, answer: 'timeout' | 'never') => {
    const realPost = ada.postMessage;
    let landed: Promise<unknown> = Promise.resolve();
    ada.postMessage = async (id, body, _beforeRetry, o) => {
      ada.postMessage = realPost;
      landed = new Promise((resolve) => setTimeout(resolve, landAfterMs)).then(() => realPost(id, body));
      if (answer === 'never') return new Promise(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, (o?.deadlineAt ?? 0) - Date.now())));
      throw new AdaError('post_message', 0, 'Ada did not answer post_message (TimeoutError)');
    };
    return { landed: () => landed };
  };

  it('a resend while the timed-out first post may still land waits it out and adopts it: one copy at Ada', async () => {
    const { ctx, ada, session, events } = await setup();
    ctx.landingGraceMs = 400;
    const first = lateLanding(ada, 250, 'timeout');
    await expect(sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 100 })).rejects.toThrow(BridgeError);
    expect(ada.posts).toHaveLength(0);
    const resent = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 3_000 });
    await first.landed();
    expect(ada.posts).toHaveLength(1);
    expect(resent.body.message.id).toBe([...ada.logs.values()][0]![0]!.message_id);
    expect(events.filter((e) => e.event.type === 'message')).toHaveLength(1);
  });

  it('answers a retryable 503 when the window outlasts the deadline, posts nothing, and adopts the landing later', async () => {
    const { ctx, ada, session, store } = await setup();
    ctx.landingGraceMs = 400;
    const first = lateLanding(ada, 250, 'timeout');
    await expect(sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 100 })).rejects.toThrow(BridgeError);
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 150 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ada_unavailable', status: 503 });
    expect((err as BridgeError).retryAfter).toBeGreaterThanOrEqual(1);
    expect((await store.getSend('s1', 'c1'))?.settleAt).toBeGreaterThan(Date.now());
    await first.landed();
    const later = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 3_000 });
    expect(ada.posts).toHaveLength(1);
    expect(later.body.message.id).toBe([...ada.logs.values()][0]![0]!.message_id);
  });

  it('a resend after a crash, before the cut-off post lands, waits for it instead of posting again', async () => {
    const { ctx, ada, session } = await setup();
    ctx.landingGraceMs = 400;
    const first = lateLanding(ada, 250, 'never');
    void sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 100 });
    await expect.poll(async () => (await ctx.store.getSession('s1'))?.conversationId).toBeTruthy();
    const restarted = { ...ctx, leases: createLocalLeases() };
    const resent = await sendMessage(restarted, session, { clientId: 'c1', text: 'Hi' }, { deadlineAt: Date.now() + 3_000 });
    await first.landed();
    expect(ada.posts).toHaveLength(1);
    expect(resent.body.message.id).toBe([...ada.logs.values()][0]![0]!.message_id);
  });

  it('refuses a send the store cannot record before anything reaches Ada', async () => {
    const { ctx, ada, session, store } = await setup();
    let adaCalls = 0;
    ada.createEndUser = async () => { adaCalls++; return { end_user_id: 'u' }; };
    store.putSend = async () => { throw new BridgeError('unavailable', 'disk full'); };
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe('unavailable');
    expect(adaCalls).toBe(0);
    expect(ada.posts).toHaveLength(0);
  });

  it('posts nothing on a resend of an unknown outcome while the lookup at Ada fails', async () => {
    const { ctx, ada, session } = await setup();
    const realPost = ada.postMessage;
    ada.postMessage = async (...args) => {
      await realPost(...args);
      throw new AdaError('post_message', 0, 'timeout');
    };
    await expect(sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' })).rejects.toThrow(BridgeError);
    ada.postMessage = realPost;
    const realList = ada.listMessages;
    ada.listMessages = async () => { throw unavailable(); };
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe('ada_unavailable');
    expect(ada.posts).toHaveLength(1);
    ada.listMessages = realList;
    expect((await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' })).status).toBe(201);
    expect(ada.posts).toHaveLength(1);
  });

  it('answers unavailable when the store fails after the post landed, and the resend adopts it (one copy)', async () => {
    const { ctx, ada, session, store } = await setup();
    await sendMessage(ctx, session, { clientId: 'c0', text: 'first' });
    const realApply = store.applyWrites;
    const realPut = store.putSend;
    const realPost = ada.postMessage;
    ada.postMessage = async (...args) => {
      const posted = await realPost(...args);
      // The disk fills up while Ada answers: nothing after the post can be stored.
      store.applyWrites = async () => { throw new BridgeError('unavailable', 'disk full'); };
      store.putSend = store.applyWrites as never;
      return posted;
    };
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe('unavailable');
    expect((await store.getSend('s1', 'c1'))?.status).toBe('pending');
    Object.assign(store, { applyWrites: realApply, putSend: realPut });
    ada.postMessage = realPost;
    const resent = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    expect(resent.status).toBe(201);
    expect(ada.posts.map((p) => p.text)).toEqual(['first', 'Hi']);
  });

  it('adopts its own stored message on a resend when the store failed between storing it and recording the send (one copy)', async () => {
    const { ctx, ada, session, store } = await setup();
    const realPut = store.putSend;
    // The message and its clientId are stored; then the disk fills before the send is recorded `posted` (or a kill).
    store.putSend = async (record) => {
      if (record.status !== 'pending') throw new BridgeError('unavailable', 'disk full');
      return realPut.call(store, record);
    };
    const err = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe('unavailable');
    store.putSend = realPut;
    const resent = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    expect(resent.body.message.clientId).toBe('c1');
    expect(ada.posts.map((p) => p.text)).toEqual(['Hi']);
  });

  it('posts again on a retry when the failed attempt never reached Ada', async () => {
    const { ctx, ada, session } = await setup();
    const realPost = ada.postMessage;
    ada.postMessage = async () => { throw unavailable(); };
    await expect(sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' })).rejects.toThrow();
    ada.postMessage = realPost;
    const retry = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    expect(retry.status).toBe(201);
    expect(ada.posts).toHaveLength(1);
  });

  it('merges the webhook echo that arrives before the post answers', async () => {
    const { ctx, ada, session, events } = await setup();
    const realPost = ada.postMessage;
    ada.postMessage = async (id, body, beforeRetry) => {
      const posted = await realPost(id, body, beforeRetry);
      const conv = (await ctx.store.getConversation(id))!;
      // the echo overtakes the POST answer
      const echoed = await ingestMessage(ctx, conv, {
        id: posted.id, clientId: null, conversationId: id, role: 'end_user', author: { displayName: null, avatar: null },
        content: { type: 'text', body: 'Hi' }, createdAt: posted.created_at,
      });
      expect(echoed).toBe('parked');
      return posted;
    };
    const res = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    const messages = events.filter((e) => e.event.type === 'message');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.event).toMatchObject({ message: { id: res.body.message.id, clientId: 'c1' } });
    expect(await ctx.echo.inFlight(res.body.conversation.id)).toBe(false);
    expect(await ctx.echo.end(res.body.conversation.id)).toEqual([]);
  });

  it('starts a new conversation for the same end user after an end', async () => {
    const { ctx, session, store } = await setup();
    const first = await sendMessage(ctx, session, { clientId: 'c1', text: 'Hi' });
    await store.updateConversation(first.body.conversation.id, { status: 'ended' });
    const second = await sendMessage(ctx, session, { clientId: 'c2', text: 'Again' });
    expect(second.body.conversation.id).not.toBe(first.body.conversation.id);
    const s = await store.getSession('s1');
    expect(s?.conversationId).toBe(second.body.conversation.id);
    expect(s?.endUserId).toBeTruthy();
  });
});
