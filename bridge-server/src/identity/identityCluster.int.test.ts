import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse, HistoryResponse } from '../protocol/api';
import { useCluster, type Cluster } from '../testing/cluster';
import { messagesOf } from '../testing/harness';
import { signUserToken, TEST_IDENTITY_SECRET } from '../testing/userToken';

const startCluster = useCluster();

const signIn = async (c: Cluster, i: number, userToken: string): Promise<string> => {
  const res = await c.api(i, '/v1/sessions', { method: 'POST', body: JSON.stringify({ userToken }) });
  expect(res.status).toBeLessThan(300);
  return ((await res.json()) as CreateSessionResponse).token;
};
const history = async (c: Cluster, i: number, token: string) => (await (await c.api(i, '/v1/conversation', { token })).json()) as HistoryResponse;

describe('signed-in visitors on several bridges (one Redis)', () => {
  it('gives every browser of a user one session whichever instance it reaches: one end user, one conversation, live on both', async () => {
    const c = await startCluster({ bridge: { identitySecret: TEST_IDENTITY_SECRET } });
    const ada = await signUserToken({ sub: 'user-1', name: 'Ada Lovelace' });
    // Two browsers signing in at the same moment, through different instances.
    const [laptop, phone] = await Promise.all([signIn(c, 0, ada), signIn(c, 1, ada)]);
    expect(laptop).not.toBe(phone);
    const onPhone = c.stream(1, phone);
    await onPhone.opened;
    expect((await c.send(0, laptop, 'Hello from my laptop')).status).toBe(201);
    await onPhone.waitFor((ev) => messagesOf(ev, 'end_user').length > 0 && messagesOf(ev, 'ai_agent').length > 0);
    expect(messagesOf(onPhone.events, 'end_user').map((m) => m.content.type === 'text' && m.content.body)).toEqual(['Hello from my laptop']);
    expect(c.sim.conversations()).toHaveLength(1);
    const upserts = c.sim.requests().filter((r) => r.path.startsWith('/api/v2/end-users'));
    expect(upserts.map((r) => (r.body as { external_id?: string }).external_id)).toEqual(['user-1']);

    // Another user, on either instance, sees none of it; a signed-out token opens nothing anywhere.
    const grace = await signIn(c, 1, await signUserToken({ sub: 'user-2', name: 'Grace Hopper' }));
    expect((await history(c, 0, grace)).messages).toEqual([]);
    expect((await c.api(1, '/v1/sessions', { method: 'DELETE', token: phone })).status).toBe(204);
    expect((await c.api(0, '/v1/conversation', { token: phone })).status).toBe(401);
    expect((await history(c, 1, laptop)).messages.length).toBeGreaterThanOrEqual(2);
  });
});
