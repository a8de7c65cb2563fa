import { describe, expect, it } from 'vitest';
import { messagesOf, settled, useStack } from './testing/harness';

const startStack = useStack();

const ids = (events: { id: string }[]) => events.map((e) => e.id);

describe('SSE delivery', () => {
  it('gives each of two streams every event exactly once', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const a = stack.stream(token);
    const b = stack.stream(token);
    await Promise.all([a.opened, b.opened]);
    await stack.send(token, 'What are your opening hours?');
    await a.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    await b.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    await settled(stack, stack.sim.conversations()[0]!.id, [a, b]);
    expect(ids(a.events)).toEqual(ids(b.events));
    expect(new Set(ids(a.events)).size).toBe(a.events.length);
    expect(new Set(messagesOf(a.events).map((m) => m.id)).size).toBe(messagesOf(a.events).length);
  });

  it('resumes with Last-Event-ID without gaps or repeats', async () => {
    const stack = await startStack();
    const { token, s: first } = await stack.chat('hello');
    const cut = first.events[1]!.id;
    first.close();
    await stack.send(token, 'and billing?');
    await stack.sim.idle();
    const resumed = stack.stream(token, cut);
    await resumed.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1 && messagesOf(ev, 'end_user').length >= 1);
    await settled(stack, stack.sim.conversations()[0]!.id, [resumed]);
    const history = (await (await stack.api('/v1/conversation', { token })).json()) as { messages: { id: string }[]; lastEventId: string };
    const all = [...first.events.slice(0, 2), ...resumed.events];
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(messagesOf(all).map((m) => m.id).sort()).toEqual(history.messages.map((m) => m.id).sort());
    expect(resumed.events.at(-1)?.id).toBe(history.lastEventId);
  });

  it('dedupes duplicated and reordered webhooks', async () => {
    const stack = await startStack({ duplicateRate: 1, reorderWindowMs: 80 });
    const token = await stack.newSession();
    const s = stack.stream(token);
    await s.opened;
    await stack.send(token, 'password reset');
    await stack.send(token, 'thanks');
    const convId = stack.sim.conversations()[0]!.id;
    await settled(stack, convId, [s]);
    const adaIds = stack.sim.messages(convId).map((m) => m.message_id).sort();
    const seen = messagesOf(s.events).map((m) => m.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(adaIds);
    expect(stack.sim.deliveries().length).toBeGreaterThan(adaIds.length);
  });

  it('reconciles from Ada when webhooks are paused', async () => {
    const stack = await startStack({ webhooksPaused: true });
    const token = await stack.newSession();
    const s = stack.stream(token);
    await s.opened;
    await stack.send(token, 'opening hours');
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0, 5_000);
    const reconnect = stack.stream(token, '0');
    await reconnect.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    stack.sim.resumeWebhooks();
    await settled(stack, stack.sim.conversations()[0]!.id, [s, reconnect]);
    const seen = messagesOf(s.events).map((m) => m.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('relays a handoff start and an end by the agent; the next message starts a new conversation', async () => {
    const stack = await startStack();
    const { token, s } = await stack.chat('hi');
    const convId = stack.sim.conversations()[0]!.id;
    await stack.sim.agentSay(convId, { type: 'text', body: 'Sam here' }, { role: 'human_agent', display_name: 'Sam' });
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'handoff.started'));
    await stack.sim.endConversation(convId, 'human_agent');
    const events = await s.waitFor((ev) => ev.some((e) => e.event.type === 'conversation.ended'));
    expect(events.find((e) => e.event.type === 'conversation.ended')?.event).toMatchObject({ endedBy: 'human_agent' });
    expect(events.filter((e) => e.event.type === 'handoff.started')).toHaveLength(1);

    const res = await stack.send(token, 'one more thing');
    expect(res.status).toBe(201);
    const convs = stack.sim.conversations();
    expect(convs).toHaveLength(2);
    expect(convs[1]!.end_user_id).toBe(convs[0]!.end_user_id);
  });

  it('ends a conversation on request and tells the streams', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const s = stack.stream(token);
    await s.opened;
    await stack.send(token, 'hi');
    const end = await stack.api('/v1/conversation/end', { method: 'POST', token });
    expect(end.status).toBe(200);
    expect(((await end.json()) as { conversation: { status: string } }).conversation.status).toBe('ended');
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'conversation.ended'));
    await stack.sim.idle();
    expect(stack.sim.conversations()[0]!.status).toBe('ended');
    expect(s.events.filter((e) => e.event.type === 'conversation.ended')).toHaveLength(1);
  });
});
