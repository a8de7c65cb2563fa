import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdaSim } from './index';
import { apiClient, startConversation } from './testing/client';
import { envelope, startReceiver, type WebhookReceiver } from './testing/receiver';
import type { AdaSim, MessageLog } from './types';

let sim: AdaSim;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sim = await startAdaSim({ webhookUrls: [receiver.url], replyDelayMs: 20, timeScale: 1, seed: 21, siteUrl: 'http://help.test/' });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

async function say(conversationId: string, endUserId: string, body: string): Promise<MessageLog[]> {
  const before = sim.messages(conversationId).length;
  const sent = await apiClient(sim)('POST', `/conversations/${conversationId}/messages/`, { author: { id: endUserId, role: 'end_user' }, content: { type: 'text', body } });
  expect(sent.status).toBe(201);
  await sim.idle();
  return sim.messages(conversationId).slice(before + 1);
}

const bodyOf = (message: MessageLog | undefined): string => (message?.content.type === 'text' ? message.content.body : '');

describe('the AI Agent', () => {
  it('answers from the right article, then links it, with markdown on a markdown channel', async () => {
    const { conversationId, endUserId } = await startConversation(sim, true);
    const replies = await say(conversationId, endUserId, 'I forgot my password, how do I reset it?');
    expect(replies.map((m) => m.author.role)).toEqual(['ai_agent', 'ai_agent']);
    expect(bodyOf(replies[0])).toMatch(/\*\*Reset your Lovelace password\*\*/);
    expect(replies[1]?.content).toEqual({ type: 'link', url: 'http://help.test/articles/reset-your-password', link_text: 'Reset your Lovelace password' });
    expect(replies[0]?.author).toEqual({ id: null, role: 'ai_agent', avatar: null, display_name: null });
  });

  it('sends plain text on a channel without markdown', async () => {
    const { conversationId, endUserId } = await startConversation(sim, false);
    const replies = await say(conversationId, endUserId, 'how much does the pro plan cost');
    expect(bodyOf(replies[0])).toContain('Billing, plans and subscriptions');
    expect(bodyOf(replies[0])).not.toContain('**');
  });

  it('greets, and admits when it does not know', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    expect(bodyOf((await say(conversationId, endUserId, 'Hello!'))[0])).toMatch(/Lovelace AI Agent/);
    const unknown = await say(conversationId, endUserId, 'What is the airspeed velocity of a swallow?');
    expect(unknown).toHaveLength(1);
    expect(bodyOf(unknown[0])).toMatch(/couldn't find/);
  });

  it('hands off to a human agent who answers with name and avatar, until goodbye ends the conversation', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    const handoff = await say(conversationId, endUserId, 'I want to talk to a human please');
    expect(handoff.map((m) => [m.author.role, m.content.type])).toEqual([
      ['ai_agent', 'text'],
      ['human_agent', 'presence'],
      ['human_agent', 'text'],
    ]);
    expect(handoff[1]?.content).toEqual({ type: 'presence', body: 'Grace joined the conversation' });
    expect(handoff[2]?.author).toEqual({ id: null, role: 'human_agent', display_name: 'Grace from Lovelace', avatar: 'http://help.test/avatars/grace.svg' });
    const answer = await say(conversationId, endUserId, 'my order is late');
    expect(answer.every((m) => m.author.role === 'human_agent')).toBe(true);
    const events = receiver.received.map(envelope).filter((e) => e.data.conversation_id === conversationId && e.type === 'v1.conversation.message');
    const integrations = events.map((e) => e.data.handoff_integration);
    expect(integrations.slice(0, 2)).toEqual([null, null]); // the user's request and the AI's answer
    expect(integrations.at(-1)).toBe('parley-sim-handoff');
    const bye = await say(conversationId, endUserId, 'thanks, bye');
    expect(bye.map((m) => m.author.role)).toEqual(['human_agent']);
    expect(sim.conversations().find((c) => c.id === conversationId)?.status).toBe('ended');
    const ended = receiver.received.map(envelope).find((e) => e.type === 'v1.conversation.ended' && e.data.conversation_id === conversationId);
    expect(ended?.data.ended_by).toEqual({ id: null, role: 'human_agent' });
  });

  it('says goodbye and ends the conversation as the system', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    const replies = await say(conversationId, endUserId, "that's all, goodbye");
    expect(bodyOf(replies[0])).toMatch(/Have a great day/);
    const ended = receiver.received.map(envelope).find((e) => e.type === 'v1.conversation.ended' && e.data.conversation_id === conversationId);
    expect(ended?.data.ended_by).toEqual({ id: null, role: 'system' });
  });

  it('answers two quick questions in order, each after its question', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    const api = apiClient(sim);
    const post = (body: string) => api('POST', `/conversations/${conversationId}/messages`, { author: { id: endUserId, role: 'end_user' }, content: { type: 'text', body } });
    await post('how do returns work');
    await post('my pen battery is dead');
    await sim.idle();
    const links = sim.messages(conversationId).filter((m) => m.content.type === 'link').map((m) => (m.content.type === 'link' ? m.content.url : ''));
    expect(links).toEqual(['http://help.test/articles/returns-and-refunds', 'http://help.test/articles/pen-battery-and-troubleshooting']);
  });
});

describe('agent-side controls', () => {
  it('agentSay, startHandoff and endConversation fire message, handoff and ended webhooks', async () => {
    const { conversationId } = await startConversation(sim);
    await sim.agentSay(conversationId, { type: 'link', url: 'http://help.test/x', link_text: null });
    await sim.agentSay(conversationId, { type: 'text', body: 'Hi from Alan' }, { role: 'human_agent', display_name: 'Alan' });
    await sim.startHandoff(conversationId);
    await sim.endConversation(conversationId, 'human_agent');
    await sim.idle();
    const roles = sim.messages(conversationId).map((m) => m.author.role);
    expect(roles.slice(0, 2)).toEqual(['ai_agent', 'human_agent']);
    expect(sim.messages(conversationId)[1]?.author.display_name).toBe('Alan');
    await expect(sim.agentSay(conversationId, { type: 'text', body: 'too late' })).rejects.toThrow(/ended/);
    await expect(sim.agentSay('missing', { type: 'text', body: 'x' })).rejects.toThrow(/not found/);
  });

  it('exposes the same controls over HTTP under /_sim', async () => {
    const { conversationId } = await startConversation(sim);
    const post = (path: string, body?: unknown) =>
      fetch(`${sim.url}/_sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await post(`/conversations/${conversationId}/say`, { content: { type: 'text', body: 'Hello' } })).status).toBe(200);
    expect((await post(`/conversations/${conversationId}/say`, { content: { type: 'text', body: 'Hi' }, author: { role: 'human_agent', display_name: 'Ada' } })).status).toBe(200);
    expect((await post(`/conversations/${conversationId}/say`, { content: { type: 'text' } })).status).toBe(400);
    expect((await post(`/conversations/nope/say`, { content: { type: 'text', body: 'x' } })).status).toBe(404);
    expect((await post(`/conversations/${conversationId}/handoff`)).status).toBe(200);
    await sim.idle();
    let state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as { conversations: Array<{ id: string; handoff_integration: string | null; status: string }>; counts: Record<string, number> };
    expect(state.conversations.find((c) => c.id === conversationId)?.handoff_integration).toBe('parley-sim-handoff');
    expect(state.counts.channels).toBeGreaterThan(0);
    expect((await post('/faults', { replyDelayMs: 5, duplicateRate: 0 })).status).toBe(200);
    expect((await post('/faults', { duplicateRate: 2 })).status).toBe(400);
    expect((await post('/webhooks/pause')).status).toBe(200);
    const before = receiver.received.length;
    expect((await post(`/conversations/${conversationId}/end`, { ended_by: 'human_agent' })).status).toBe(200);
    await sim.idle();
    expect(receiver.received.length).toBe(before);
    expect((await post('/webhooks/resume')).status).toBe(200);
    await sim.idle();
    expect(receiver.received.slice(before).map((w) => envelope(w).type)).toEqual(['v1.conversation.ended']);
    state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as typeof state;
    expect(state.conversations.find((c) => c.id === conversationId)?.status).toBe('ended');
  });
});
