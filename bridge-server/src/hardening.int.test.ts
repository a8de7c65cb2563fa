import { describe, expect, it } from 'vitest';
import type { ErrorBody } from './protocol/api';
import { messagesOf, settled, useStack } from './testing/harness';

const startStack = useStack();

describe('hardening against the simulator', () => {
  it('limits requests per IP on /v1 (X-Forwarded-For ignored unless trusted), not the ops endpoints', async () => {
    const stack = await startStack({}, { rateLimits: { ipPerMinute: 4 } });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await stack.api('/v1/sessions', { method: 'POST', body: '{}', headers: { 'x-forwarded-for': `10.0.0.${i}` } });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
    expect(((await limited!.json()) as ErrorBody).error.code).toBe('rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('access-control-allow-origin')).toBe('http://site.test');
    expect((await stack.api('/healthz', { origin: null })).status).toBe(200);
  });

  it('relays a handoff started by Ada and ended with end-handoff', async () => {
    const stack = await startStack();
    const { token, s } = await stack.chat('hello');
    const convId = stack.sim.conversations()[0]!.id;
    await stack.sim.startHandoff(convId);
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'handoff.started'));
    const end = await fetch(`${stack.sim.url}/api/v2/conversations/${convId}/end-handoff/`, {
      method: 'POST', body: '{}', headers: { authorization: `Bearer ${stack.sim.apiKey}`, 'content-type': 'application/json' },
    });
    expect(end.status).toBe(200);
    const events = await s.waitFor((ev) => ev.some((e) => e.event.type === 'handoff.ended'));
    await settled(stack, convId, [s]);
    expect(s.events.filter((e) => e.event.type === 'handoff.started')).toHaveLength(1);
    expect(s.events.filter((e) => e.event.type === 'handoff.ended')).toHaveLength(1);
    const started = events.findIndex((e) => e.event.type === 'handoff.started');
    expect(events.findIndex((e) => e.event.type === 'handoff.ended')).toBeGreaterThan(started);
    const history = (await (await stack.api('/v1/conversation', { token })).json()) as { conversation: { handoff: unknown; status: string } };
    expect(history.conversation).toMatchObject({ handoff: null, status: 'active' });
  });

  it('notices by reconciliation that Ada ended the conversation while webhooks were paused', async () => {
    const stack = await startStack();
    const { token, s } = await stack.chat('hello');
    await stack.sim.idle();
    stack.sim.pauseWebhooks();
    await stack.send(token, 'what are your opening hours?');
    const convId = stack.sim.conversations()[0]!.id;
    await stack.sim.endConversation(convId, 'system');
    const events = await s.waitFor((ev) => ev.some((e) => e.event.type === 'conversation.ended'), 8_000);
    expect(events.find((e) => e.event.type === 'conversation.ended')?.event).toMatchObject({ conversationId: convId });
    const history = (await (await stack.api('/v1/conversation', { token })).json()) as { conversation: { status: string } };
    expect(history.conversation.status).toBe('ended');

    stack.sim.resumeWebhooks();
    await stack.sim.idle();
    // The conversation is over, so the visitor's next message (a new conversation, same stream) travels behind
    // every delivery the resumed webhooks made: once it is on the stream, a repeat would be there too.
    await stack.send(token, 'one more question');
    await s.waitFor((ev) => messagesOf(ev, 'end_user').some((m) => m.content.type === 'text' && m.content.body === 'one more question'));
    expect(s.events.filter((e) => e.event.type === 'conversation.ended')).toHaveLength(1);
    const seen = messagesOf(s.events).filter((m) => m.conversationId === convId).map((m) => m.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(stack.sim.messages(convId).map((m) => m.message_id).sort());
  });
});
