import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { AdaClient } from '../ada/adaClient';
import type { ChatContext } from '../chat/context';
import { ingestMessage } from '../chat/ingest';
import { sendMessage } from '../chat/sendMessage';
import { createRedisHub } from '../hub/redisHub';
import { createMetrics } from '../metrics';
import { openRedisStore } from '../store/redisStore';
import type { StoredEvent } from '../store/types';
import { createFakeAda } from '../testing/fakeContext';
import { useRedisServer } from '../testing/useRedisServer';
import { createRedisEchoState } from './echoState';
import { createRedisLeases } from './leases';

const redis = useRedisServer();

/** A chat context of one bridge instance on the shared Redis (its own connections, store, hub and echo state). */
async function instance(prefix: string, ada: ReturnType<typeof createFakeAda>): Promise<ChatContext> {
  const client = await redis.connect();
  const subscriber = await redis.connect({ subscriber: true });
  const store = openRedisStore({ client, prefix });
  return {
    store, hub: createRedisHub({ client, subscriber, prefix, log: store }), ada: ada as unknown as AdaClient,
    logger: pino({ level: 'silent' }), metrics: createMetrics(), channelId: 'ch1',
    echo: createRedisEchoState({ client, prefix }), leases: createRedisLeases({ client, prefix }),
    reconcile: { graceMs: 0, minIntervalMs: 0, maxAgeMs: 600_000 },
  };
}

describe('echo merge across instances (Redis)', () => {
  it('merges into one message the echo that reaches instance B while instance A is still posting', async () => {
    const ada = createFakeAda();
    const a = await instance('e1:', ada);
    const b = await instance('e1:', ada);
    await a.store.createSession({ id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: Date.now() }, 'h');
    const seen: StoredEvent[] = [];
    b.hub.subscribe('s1', (e) => seen.push(e));
    const realPost = ada.postMessage;
    ada.postMessage = async (id, body, beforeRetry) => {
      const posted = await realPost(id, body, beforeRetry);
      const conv = (await b.store.getConversation(id))!;
      // The webhook echo of this very post reaches instance B before Ada's answer reaches instance A.
      const echoed = await ingestMessage(b, conv, {
        id: posted.id, clientId: null, conversationId: id, role: 'end_user', author: { displayName: null, avatar: null },
        content: { type: 'text', body: 'Hi' }, createdAt: posted.created_at,
      }, null, { webhook: { id: 'wh-echo', at: Date.now() } });
      expect(echoed).toBe('parked');
      return posted;
    };
    const session = (await a.store.getSession('s1'))!;
    const res = await sendMessage(a, session, { clientId: 'k1', text: 'Hi' });
    await vi.waitFor(() => expect(seen.filter((e) => e.event.type === 'message')).toHaveLength(1));
    expect(seen.find((e) => e.event.type === 'message')?.event).toMatchObject({ message: { id: res.body.message.id, clientId: 'k1' } });
    expect(await b.store.messagesOf(res.body.conversation.id)).toHaveLength(1);
    expect(await b.echo.inFlight(res.body.conversation.id)).toBe(false);
    expect(await b.store.hasWebhook('wh-echo')).toBe(true);
  });

  it('ingests at once an end-user message whose post already settled, even when it came while one was in flight', async () => {
    const ada = createFakeAda();
    const a = await instance('e2:', ada);
    await a.echo.begin('c1');
    const msg = { id: 'm1' } as never;
    expect(await a.echo.park('c1', msg)).toBe(true);
    await a.echo.begin('c1');
    expect(await a.echo.end('c1')).toEqual([]); // one post still in flight keeps the parked message
    expect(await a.echo.end('c1')).toEqual([msg]);
    expect(await a.echo.park('c1', msg)).toBe(false);
  });
  it('a resend on B that adopts the message its webhook stored without a clientId publishes it again with the clientId', async () => {
    const ada = createFakeAda();
    // A short deadline keeps the dead instance's send lock (deadline + 5 s) brief.
    ada.deadlineMs = 1_000;
    const a = await instance('e4:', ada);
    const b = await instance('e4:', ada);
    const session = { id: 's1', origin: 'https://a', endUserId: null, conversationId: null, createdAt: Date.now() };
    await a.store.createSession(session, 'h');
    const seen: StoredEvent[] = [];
    b.hub.subscribe('s1', (e) => seen.push(e));
    // A's post lands at Ada, then A dies before the answer.
    const realPost = ada.postMessage;
    ada.postMessage = async (...args) => {
      await realPost(...args);
      return new Promise(() => undefined);
    };
    void sendMessage(a, session, { clientId: 'c1', text: 'Hi there' });
    await vi.waitFor(() => expect(ada.posts).toHaveLength(1));
    ada.postMessage = realPost;
    const [conversationId, logs] = [...ada.logs.entries()][0]!;
    const log = logs[0]!;
    // A's echo count lapses with it; the webhook then reaches B and is stored as anyone's message.
    await a.echo.end(conversationId);
    const conv = (await b.store.getConversation(conversationId))!;
    expect(await ingestMessage(b, conv, {
      id: log.message_id, clientId: null, conversationId, role: 'end_user', author: { displayName: null, avatar: null },
      content: { type: 'text', body: 'Hi there' }, createdAt: log.created_at,
    })).not.toBe('parked');
    const resent = await sendMessage(b, session, { clientId: 'c1', text: 'Hi there' });
    expect(ada.posts).toHaveLength(1);
    expect(resent.body.message).toMatchObject({ id: log.message_id, clientId: 'c1' });
    const messages = () => seen.filter((e) => e.event.type === 'message').map((e) => {
      const m = (e.event as { message: { id: string; clientId: string | null } }).message;
      return [m.id, m.clientId];
    });
    await vi.waitFor(() => expect(messages()).toEqual([[log.message_id, null], [log.message_id, 'c1']]));
  }, 20_000);
});
