import { describe, expect, it } from 'vitest';
import type { SendMessageResponse } from './protocol/api';
import { messagesOf, settled, useStack } from './testing/harness';

const startStack = useStack();

describe('bridge against the Ada simulator: core path', () => {
  it('relays a message to Ada and streams the AI reply', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const stream = stack.stream(token);
    await stream.opened;
    expect(stack.sim.conversations()).toHaveLength(0); // no Ada call for a session or a stream

    const res = await stack.send(token, 'How do I reset my password?', 'c1', { page: { url: 'http://site.test/help' }, surface: 'inline' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as SendMessageResponse;
    expect(body.message).toMatchObject({ clientId: 'c1', role: 'end_user', content: { type: 'text', body: 'How do I reset my password?' } });

    const events = await stream.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    expect(events[0]?.event.type).toBe('conversation.started');
    const own = messagesOf(events, 'end_user');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ id: body.message.id, clientId: 'c1' });
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    await stack.sim.idle();
    const conv = stack.sim.conversations()[0];
    expect(conv?.metadata).toMatchObject({ page_url: 'http://site.test/help', started_from_help_center: true });
    // the echo webhook did not produce a second end-user message
    await settled(stack, conv!.id, [stream]);
    expect(messagesOf(stream.events, 'end_user')).toHaveLength(1);

    const history = await stack.api('/v1/conversation', { token });
    const h = (await history.json()) as { messages: { id: string }[]; conversation: { status: string } };
    expect(h.conversation.status).toBe('active');
    // Stream ids follow arrival order, and Ada's webhooks may arrive in any order (slow under load);
    // history is sorted by createdAt, as the widget sorts its transcript (protocol/events.ts).
    const byTime = [...messagesOf(stream.events)].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(h.messages.map((m) => m.id)).toEqual(byTime.map((m) => m.id));
  });

  it('sends from a page with a very long title and URL, recording them cut to 300 and 2,000 characters', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const url = 'http://site.test/search?q=' + 'x'.repeat(3000);
    const res = await stack.send(token, 'Hello', 'c-long', { page: { url, title: 'T'.repeat(1000) } });
    expect(res.status).toBe(201);
    await stack.sim.idle();
    expect(stack.sim.conversations()[0]?.metadata).toMatchObject({ page_url: url.slice(0, 2000), page_title: 'T'.repeat(300) });
  });
});
