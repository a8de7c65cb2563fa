import { describe, expect, it } from 'vitest';
import type { ErrorBody } from './protocol/api';
import { useStack, type Stack } from './testing/harness';

const startStack = useStack();

/** The conversation's metadata as Ada answers it over HTTP (`GET /v2/conversations/:id/`). */
async function adaMetadata(stack: Stack, id: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.sim.url}/api/v2/conversations/${id}/`, { headers: { authorization: `Bearer ${stack.sim.apiKey}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { metadata: Record<string, unknown> }).metadata;
}

const patch = (stack: Stack, token: string | undefined, body: unknown) =>
  stack.api('/v1/conversation', { method: 'PATCH', token, body: JSON.stringify(body) });

async function codeOf(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as ErrorBody).error.code];
}

describe('PATCH /v1/conversation (Parley.setMetadata on a running conversation)', () => {
  it('merges metadata into the conversation at Ada, and null deletes a key', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const sent = await stack.send(token, 'hello', 'c1', { metadata: { plan: 'free', seats: 1 }, page: { url: 'http://site.test/pricing' } });
    const { conversation } = (await sent.json()) as { conversation: { id: string } };
    expect(await adaMetadata(stack, conversation.id)).toMatchObject({ plan: 'free', seats: 1, page_url: 'http://site.test/pricing' });

    const res = await patch(stack, token, { metadata: { plan: 'pro', trial: false, seats: null } });
    expect(res.status).toBe(204);
    const after = await adaMetadata(stack, conversation.id);
    expect(after).toMatchObject({ plan: 'pro', trial: false, page_url: 'http://site.test/pricing' });
    expect(after).not.toHaveProperty('seats');
  });

  it('refuses bad metadata with a clear error and changes nothing at Ada', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    const sent = await stack.send(token, 'hello', 'c1', { metadata: { plan: 'free' } });
    const { conversation } = (await sent.json()) as { conversation: { id: string } };
    const before = await adaMetadata(stack, conversation.id);
    const patches = stack.sim.requests().filter((r) => r.method === 'PATCH').length;

    expect(await codeOf(await patch(stack, token, { metadata: { plan: { nested: true } } }))).toEqual([400, 'validation_failed']);
    expect(await codeOf(await patch(stack, token, { metadata: 'plan=pro' }))).toEqual([400, 'validation_failed']);
    expect(await codeOf(await patch(stack, token, { metadata: { big: 'x'.repeat(5000) } }))).toEqual([400, 'metadata_too_large']);
    expect(await codeOf(await patch(stack, undefined, { metadata: { plan: 'pro' } }))).toEqual([401, 'unauthorized']);
    expect(await adaMetadata(stack, conversation.id)).toEqual(before);
    expect(stack.sim.requests().filter((r) => r.method === 'PATCH')).toHaveLength(patches);
  });

  it('answers no_conversation before the first message, and conversation_ended after an end', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    expect(await codeOf(await patch(stack, token, { metadata: { plan: 'pro' } }))).toEqual([404, 'no_conversation']);
    expect(stack.sim.conversations()).toHaveLength(0);

    await stack.send(token, 'hello');
    expect((await stack.api('/v1/conversation/end', { method: 'POST', token })).status).toBe(200);
    expect(await codeOf(await patch(stack, token, { metadata: { plan: 'pro' } }))).toEqual([409, 'conversation_ended']);
    expect(await adaMetadata(stack, stack.sim.conversations()[0]!.id)).not.toHaveProperty('plan');
  });
});
