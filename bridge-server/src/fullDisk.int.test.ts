import { describe, expect, it } from 'vitest';
import { signDelivery } from '../../demo/ada-sim/webhooks/sign';
import type { ErrorBody } from './protocol/api';
import { messagesOf, useStack } from './testing/harness';

const startStack = useStack();

describe('a store that cannot write (full disk)', () => {
  it('fails health, refuses sends before Ada and webhooks with 503 + Retry-After, and catches streams up by itself', async () => {
    let full = false;
    const stack = await startStack({}, { storeFaults: { failWrites: () => full } });
    const { token, s } = await stack.chat('hello');
    await stack.sim.idle();
    const conv = stack.sim.conversations()[0]!;
    const atAda = () => stack.sim.messages(conv.id).length;
    // Svix's next tries come minutes apart: with time slowed down a thousandfold, only the bridge itself can catch up.
    stack.sim.setFaults({ timeScale: 1000 });

    full = true;
    const health = await stack.api('/healthz', { origin: null });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, reason: expect.stringMatching(/^store unavailable: database or disk is full/) });

    const before = atAda();
    const refused = await stack.send(token, 'Are you still there?', 'during-outage');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('unavailable');
    expect(atAda()).toBe(before);

    // Svix's delivery as the bridge answers it: 503 with Retry-After, so it is retried, never dropped.
    const payload = JSON.stringify({ type: 'v1.conversation.handoff.ended', timestamp: new Date().toISOString(), data: { conversation_id: conv.id } });
    const direct = await stack.api('/webhooks/ada', {
      method: 'POST', origin: null, body: payload, headers: { ...signDelivery(stack.sim.webhookSecret, 'msg_full_disk', payload) },
    });
    expect(direct.status).toBe(503);
    expect(direct.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await direct.json()) as ErrorBody).error.code).toBe('unavailable');

    await stack.sim.agentSay(conv.id, { type: 'text', body: 'Said while the disk was full' });
    await expect.poll(() => stack.sim.deliveries().filter((d) => d.status === 503).length).toBeGreaterThan(0);
    expect(messagesOf(s.events).map((m) => m.content)).not.toContainEqual({ type: 'text', body: 'Said while the disk was full' });

    full = false;
    await s.waitFor((ev) => messagesOf(ev).some((m) => m.content.type === 'text' && m.content.body === 'Said while the disk was full'));
    expect((await stack.api('/healthz', { origin: null })).status).toBe(200);

    const sent = await stack.send(token, 'Are you still there?', 'during-outage');
    expect(sent.status).toBe(201);
    expect(stack.sim.messages(conv.id).filter((m) => m.content.type === 'text' && m.content.body === 'Are you still there?')).toHaveLength(1);
    const seen = messagesOf(s.events).map((m) => m.id);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
