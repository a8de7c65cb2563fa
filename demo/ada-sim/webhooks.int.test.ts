import { Webhook } from 'svix';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAdaSim } from './index';
import { apiClient, startConversation } from './testing/client';
import { envelope, startReceiver, type WebhookReceiver } from './testing/receiver';
import type { AdaSim } from './types';

let sim: AdaSim;
let receiver: WebhookReceiver;
let second: WebhookReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
  second = await startReceiver();
  // timeScale 0.001: the 5 s retry waits 5 ms, the 5 min one 300 ms.
  sim = await startAdaSim({ webhookUrls: [receiver.url], replyDelayMs: 0, timeScale: 0.001, seed: 3 });
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.respondWith(204);
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
  await second.close();
});

const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('webhook delivery', () => {
  it('signs every delivery so svix Webhook.verify accepts it, and rejects a tampered body', async () => {
    await startConversation(sim);
    await sim.idle();
    expect(receiver.received.length).toBeGreaterThan(0);
    const verifier = new Webhook(sim.webhookSecret);
    for (const webhook of receiver.received) {
      const headers = webhook.headers as Record<string, string>;
      expect(headers['svix-id']).toMatch(/^msg_[0-9A-Za-z]+$/);
      expect(headers['svix-signature']).toMatch(/^v1,/);
      expect(verifier.verify(webhook.rawBody, headers)).toEqual(JSON.parse(webhook.rawBody));
      expect(() => verifier.verify(webhook.rawBody.replace('"', ' "'), headers)).toThrow();
    }
    expect(() => new Webhook('whsec_' + Buffer.alloc(24, 1).toString('base64')).verify(receiver.received[0]?.rawBody ?? '', receiver.received[0]?.headers as Record<string, string>)).toThrow();
  });

  it('sends the documented envelopes for created, message, ended and end-user events', async () => {
    const { conversationId, endUserId, channelId } = await startConversation(sim, true);
    const api = apiClient(sim);
    await api('POST', `/conversations/${conversationId}/messages/`, { author: { id: endUserId, role: 'end_user' }, content: { type: 'text', body: 'zzz qqq' } });
    await sim.idle();
    await api('POST', `/conversations/${conversationId}/end/`);
    await sim.idle();
    const events = receiver.received.map(envelope);
    for (const event of events) expect(event.timestamp).toMatch(isoMs);
    const byType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
    expect(byType('v1.end_user.created')[0]).toMatchObject({ end_user_id: endUserId, tags: [] });
    expect(byType('v1.conversation.created')).toEqual([
      { conversation_id: conversationId, channel_id: channelId, created_at: expect.stringMatching(isoMs), end_user_id: endUserId, metadata: {}, ai_agent_domain: 'lovelace.ada.support' },
    ]);
    const messages = byType('v1.conversation.message');
    expect(messages.map((m) => (m.author as { role: string }).role)).toEqual(['end_user', 'ai_agent']);
    expect(messages[0]).toMatchObject({
      conversation_id: conversationId,
      end_user_id: endUserId,
      handoff_integration: null,
      channel: { id: channelId, type: 'custom', name: 'Web', modality: 'messaging', capabilities: { markdown: true } },
      author: { id: endUserId, role: 'end_user', avatar: null, display_name: null },
      content: { type: 'text', body: 'zzz qqq' },
      ai_agent_domain: 'lovelace.ada.support',
    });
    expect(messages[0]).not.toHaveProperty('channel_id');
    expect(byType('v1.conversation.ended')).toEqual([
      expect.objectContaining({ conversation_id: conversationId, channel_id: channelId, end_user_id: endUserId, ended_by: { id: endUserId, role: 'end_user' }, metadata: {} }),
    ]);
  });

  it('retries non-2xx answers on the schedule with the same svix-id, re-signed each time', async () => {
    receiver.respondWith(({ index }) => (index < 2 ? 500 : 200));
    await apiClient(sim)('POST', '/end-users/', { external_id: 'retry-me' });
    await sim.idle();
    const ids = receiver.received.map((w) => w.headers['svix-id']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    const deliveries = sim.deliveries().filter((d) => d.svixId === ids[0]);
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    // attempt 3 waits 5 min × 0.001 = 300 ms after attempt 2
    const gap = (receiver.received[2]?.at ?? 0) - (receiver.received[1]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(250);
    const verifier = new Webhook(sim.webhookSecret);
    for (const webhook of receiver.received) expect(() => verifier.verify(webhook.rawBody, webhook.headers as Record<string, string>)).not.toThrow();
  });

  it('records an unreachable endpoint as status null and retries it', async () => {
    const dead = await startReceiver();
    await dead.close();
    const local = await startAdaSim({ webhookUrls: [dead.url], timeScale: 0.0001 });
    await apiClient(local)('POST', '/end-users/', {});
    await vi.waitFor(() => expect(local.deliveries().length).toBeGreaterThanOrEqual(3));
    const attempts = local.deliveries();
    expect(attempts.map((d) => d.attempt).slice(0, 3)).toEqual([1, 2, 3]);
    expect(attempts.every((d) => d.status === null && d.url === dead.url)).toBe(true);
    await local.close();
  });

  it('delivers to every configured endpoint, including ones added later, with one svix-id per event', async () => {
    sim.addWebhookUrl(second.url);
    await apiClient(sim)('POST', '/end-users/', { external_id: 'fan-out' });
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
    expect(second.received).toHaveLength(1);
    expect(second.received[0]?.headers['svix-id']).toBe(receiver.received[0]?.headers['svix-id']);
  });
});
