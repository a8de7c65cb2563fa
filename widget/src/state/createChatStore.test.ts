import { describe, expect, it } from 'vitest';
import { msg } from '../test/renderWithStore';
import { createChatStore } from './createChatStore';

describe('createChatStore', () => {
  it('merges the echo of an own message with its optimistic bubble by clientId', () => {
    const s = createChatStore();
    s.upsert({ ...msg({ id: 'local:k', clientId: 'k', role: 'end_user', createdAt: '2026-01-01T00:00:05.000Z' }), state: 'sending' });
    expect(s.receive(msg({ id: 'ada-1', clientId: 'k', role: 'end_user', createdAt: '2026-01-01T00:00:04.000Z' }))).toBe(true);
    expect(s.messages.value.map((m) => [m.id, m.state])).toEqual([['ada-1', undefined]]);
    expect(s.receive(msg({ id: 'ada-1', clientId: 'k', role: 'end_user' }))).toBe(false);
    expect(s.messages.value).toHaveLength(1);
  });

  it('shows a message once when the bridge adopts one already shown without a clientId (a send cut off by a crash)', () => {
    const s = createChatStore();
    // The visitor's bubble, then the same message streamed from a webhook before the bridge knew it was this send's.
    s.upsert({ ...msg({ id: 'local:k', clientId: 'k', role: 'end_user', createdAt: '2026-01-01T00:00:01.000Z' }), state: 'sending' });
    expect(s.receive(msg({ id: 'ada-1', clientId: null, role: 'end_user', createdAt: '2026-01-01T00:00:02.000Z' }))).toBe(true);
    // The resend's answer: Ada's message, adopted under the clientId. Not new to the visitor: it was on screen.
    expect(s.upsert(msg({ id: 'ada-1', clientId: 'k', role: 'end_user', createdAt: '2026-01-01T00:00:02.000Z' }))).toBe(false);
    expect(s.messages.value.map((m) => [m.id, m.clientId, m.state])).toEqual([['ada-1', 'k', undefined]]);
  });

  it('keeps the transcript sorted by createdAt whatever the arrival order', () => {
    const s = createChatStore();
    for (const [id, t] of [['c', 3], ['a', 1], ['b', 2]] as const) s.receive(msg({ id, createdAt: `2026-01-01T00:00:0${t}.000Z` }));
    expect(s.messages.value.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });

  it('clears thinking and announces an agent reply, but never an own message', () => {
    const s = createChatStore();
    s.thinking.value = true;
    s.receive(msg({ role: 'end_user', text: 'hi' }));
    expect(s.thinking.value).toBe(true);
    expect(s.announce.value).toBeNull();
    s.receive(msg({ id: 'r', text: 'Hello **there**' }));
    expect(s.thinking.value).toBe(false);
    expect(s.announce.value).toBe('Hello there');
  });

  it("keeps thinking through a human agent's presence notice, until the agent replies", () => {
    const s = createChatStore();
    s.thinking.value = true;
    s.receive(msg({ id: 'p', role: 'human_agent', content: { type: 'presence', body: 'Grace joined the conversation' } }));
    expect(s.thinking.value).toBe(true);
    expect(s.announce.value).toBeNull();
    s.receive(msg({ id: 'g', role: 'human_agent', text: 'Hi, Grace here' }));
    expect(s.thinking.value).toBe(false);
    expect(s.announce.value).toBe('Hi, Grace here');
  });

  it('counts unread agent messages until marked seen', () => {
    const s = createChatStore();
    s.receive(msg({ text: 'one' }));
    s.receive(msg({ role: 'end_user' }));
    s.receive(msg({ role: 'human_agent', text: 'two' }));
    expect(s.unread.value).toBe(2);
    s.markSeen();
    expect(s.unread.value).toBe(0);
  });

  it('keeps unconfirmed local messages when the history loads', () => {
    const s = createChatStore();
    s.upsert({ ...msg({ id: 'local:q', clientId: 'q', role: 'end_user' }), state: 'sending' });
    s.load({ conversation: null, messages: [msg({ id: 'h1' })], lastEventId: '7' });
    expect(s.messages.value.map((m) => m.id).sort()).toEqual(['h1', 'local:q']);
  });

  it('ends once, and clears for a new conversation', () => {
    const s = createChatStore();
    s.setConversation({ id: 'c', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null });
    expect(s.end('2026-01-01T00:00:00Z', 'end_user')).toBe(true);
    expect(s.end('2026-01-01T00:00:00Z', 'end_user')).toBe(false);
    expect(s.ended.value).toBe(true);
    s.clear();
    expect(s.ended.value).toBe(false);
    expect(s.messages.value).toEqual([]);
  });

  it('keeps an end or a handoff told by events when a late answer repeats the same conversation as active', () => {
    const s = createChatStore();
    const active = { id: 'c', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null } as const;
    s.setConversation(active);
    s.setHandoff({ agentName: 'Grace', agentAvatar: null });
    expect(s.setConversation(active)).toBe(false);
    expect(s.conversation.value?.handoff?.agentName).toBe('Grace');
    s.end('2026-01-01T00:00:00Z', 'system');
    s.setConversation(active);
    expect(s.ended.value).toBe(true);
    expect(s.setConversation({ ...active, id: 'd' })).toBe(true);
    expect(s.ended.value).toBe(false);
  });
});
