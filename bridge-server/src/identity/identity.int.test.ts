import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse, ErrorBody, HistoryResponse } from '../protocol/api';
import { messagesOf, useStack, type Stack } from '../testing/harness';
import { signUserToken, TEST_IDENTITY_SECRET } from '../testing/userToken';

const startStack = useStack();
const identified = () => startStack({}, { identitySecret: TEST_IDENTITY_SECRET });

async function signIn(stack: Stack, userToken: string, resume?: string): Promise<{ status: number; body: CreateSessionResponse }> {
  const res = await stack.api('/v1/sessions', { method: 'POST', body: JSON.stringify({ userToken, resume }) });
  return { status: res.status, body: (await res.json()) as CreateSessionResponse };
}

async function history(stack: Stack, token: string): Promise<HistoryResponse> {
  return (await (await stack.api('/v1/conversation', { token })).json()) as HistoryResponse;
}

const endUserRequests = (stack: Stack) => stack.sim.requests().filter((r) => r.path.startsWith('/api/v2/end-users'));

describe('signed-in visitors', () => {
  it('upserts the Ada end user by external_id with the profile on the first message, not at sign-in', async () => {
    const stack = await identified();
    const userToken = await signUserToken({ sub: 'user-1', name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' });
    const { status, body } = await signIn(stack, userToken);
    expect(status).toBe(201);
    expect(body.identity).toEqual({ name: 'Ada Lovelace' });
    // A page view creates nothing at Ada (the channel was set up at start).
    expect(stack.sim.requests().filter((r) => !r.path.startsWith('/api/v2/channels'))).toEqual([]);
    const s = stack.stream(body.token);
    await s.opened;
    expect((await stack.send(body.token, 'Hello')).status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    const [upsert] = endUserRequests(stack);
    expect(upsert).toMatchObject({ method: 'POST', status: 201, body: { external_id: 'user-1', profile: { display_name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' } } });
    const [conversation] = stack.sim.conversations();
    const [first] = stack.sim.messages(conversation?.id ?? '');
    expect(first?.author).toMatchObject({ role: 'end_user', display_name: 'Ada Lovelace', avatar: 'https://example.com/ada.png' });
    const endUser = (await (await fetch(`${stack.sim.url}/api/v2/end-users/?external_id=USER-1`, { headers: { authorization: `Bearer ${stack.sim.apiKey}` } })).json()) as { data: { end_user_id: string }[] };
    expect(conversation?.end_user_id).toBe(endUser.data[0]?.end_user_id);
  });

  it('reuses an Ada end user that already exists for the external_id (200) and sends nothing to Ada for a forged token', async () => {
    const stack = await identified();
    const existing = (await (await fetch(`${stack.sim.url}/api/v2/end-users/`, {
      method: 'POST', headers: { authorization: `Bearer ${stack.sim.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ external_id: 'user-2' }),
    })).json()) as { end_user_id: string };
    const forged = await signIn(stack, await signUserToken({ sub: 'user-2' }, 'a-forged-secret-a-forged-secret-123'));
    expect(forged.status).toBe(401);
    expect((forged.body as unknown as ErrorBody).error.code).toBe('identity_invalid');
    expect(endUserRequests(stack)).toHaveLength(1); // only the test's own

    const { body } = await signIn(stack, await signUserToken({ sub: 'user-2', name: 'Grace' }));
    expect((await stack.send(body.token, 'Hi')).status).toBe(201);
    expect(endUserRequests(stack).at(-1)).toMatchObject({ status: 200 });
    expect(stack.sim.conversations()[0]?.end_user_id).toBe(existing.end_user_id);
    await stack.sim.idle();
  });

  it("updates the Ada end user's profile when a later token carries a changed one, and only then", async () => {
    const stack = await identified();
    const first = (await signIn(stack, await signUserToken({ sub: 'user-9', name: 'Ada' }))).body.token;
    await stack.send(first, 'Hi');
    await signIn(stack, await signUserToken({ sub: 'user-9', name: 'Ada' }), first);
    expect(endUserRequests(stack)).toHaveLength(1); // same profile: nothing sent
    await signIn(stack, await signUserToken({ sub: 'USER-9', name: 'Ada Lovelace', email: 'ada@example.com' }));
    expect(endUserRequests(stack).at(-1)).toMatchObject({ status: 200, body: { external_id: 'user-9', profile: { display_name: 'Ada Lovelace', email: 'ada@example.com' } } });
    const [conversation] = stack.sim.conversations();
    expect(stack.sim.conversations()).toHaveLength(1);
    const user = (await (await fetch(`${stack.sim.url}/api/v2/end-users/${conversation?.end_user_id}`, { headers: { authorization: `Bearer ${stack.sim.apiKey}` } })).json()) as { profile: { display_name: string } };
    expect(user.profile.display_name).toBe('Ada Lovelace');
    await stack.sim.idle();
  });

  it('shows the same user their open conversation, transcript and live replies in a second browser', async () => {
    const stack = await identified();
    const userToken = await signUserToken({ sub: 'user-3', name: 'Ada' });
    const one = (await signIn(stack, userToken)).body.token;
    const s1 = stack.stream(one);
    await s1.opened;
    await stack.send(one, 'Hello');
    await s1.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);

    const two = await signIn(stack, userToken);
    expect(two.status).toBe(201);
    expect(two.body.token).not.toBe(one);
    const seen = await history(stack, two.body.token);
    expect(seen.conversation?.status).toBe('active');
    expect(seen.messages.map((m) => m.role)).toEqual(['end_user', 'ai_agent']);
    const s2 = stack.stream(two.body.token, seen.lastEventId ?? undefined);
    await s2.opened;
    // Sent from the second browser, answered live on both.
    await stack.send(two.body.token, 'How do I reset my password?');
    await s1.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 1);
    await s2.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0 && messagesOf(ev, 'end_user').length > 0);
    // The first browser's token resumes as is with the same user's token.
    expect(await signIn(stack, userToken, one)).toMatchObject({ status: 200, body: { token: one } });
  });

  it('never lets one account see another: a new user on the same browser, a signed-out page, a revoked token', async () => {
    const stack = await identified();
    const a = (await signIn(stack, await signUserToken({ sub: 'alice' }))).body.token;
    const sa = stack.stream(a);
    await sa.opened;
    await stack.send(a, 'My secret order 4242');
    await sa.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);

    // identify(other) on the same browser, which still offers alice's token.
    const b = await signIn(stack, await signUserToken({ sub: 'bob' }), a);
    expect(b.status).toBe(201);
    expect(b.body.token).not.toBe(a);
    expect(await history(stack, b.body.token)).toMatchObject({ conversation: null, messages: [] });
    const sb = stack.stream(b.body.token);
    await sb.opened;
    // Signed out (no user token): alice's token is not resumed.
    const anon = (await (await stack.api('/v1/sessions', { method: 'POST', body: JSON.stringify({ resume: a }) })).json()) as CreateSessionResponse;
    expect(anon.token).not.toBe(a);
    expect(anon.identity).toBeNull();
    expect(await history(stack, anon.token)).toMatchObject({ conversation: null, messages: [] });

    // Alice goes on; bob's stream gets none of it, and bob's own conversation is his alone.
    await stack.send(a, 'How do I reset my password?');
    await sa.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 1);
    await stack.send(b.body.token, 'Hello');
    await sb.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
    await stack.sim.idle();
    const bobSaw = JSON.stringify([sb.events, await history(stack, b.body.token)]);
    expect(bobSaw).not.toContain('4242');
    expect(bobSaw).not.toContain('reset my password');
    const [alices, bobs] = stack.sim.conversations();
    expect(alices?.end_user_id).not.toBe(bobs?.end_user_id);

    // Sign-out revokes the token at the bridge.
    expect((await stack.api('/v1/sessions', { method: 'DELETE', token: a })).status).toBe(204);
    expect((await stack.api('/v1/conversation', { token: a })).status).toBe(401);
  });

  it('refuses a user token with identity_not_configured when the bridge has no IDENTITY_SECRET', async () => {
    const stack = await startStack();
    const res = await stack.api('/v1/sessions', { method: 'POST', body: JSON.stringify({ userToken: await signUserToken({ sub: 'u' }) }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('identity_not_configured');
    expect(stack.sim.requests().filter((r) => !r.path.startsWith('/api/v2/channels'))).toEqual([]);
  });
});
