import { describe, expect, it } from 'vitest';
import { useStack } from './testing/harness';
import { startHoldingProxy } from './testing/holdingProxy';

const startStack = useStack();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a resend while the timed-out post is still on its way (issue 17)', () => {
  it('answers 503 with Retry-After instead of posting again, then adopts the late landing: one copy at Ada', async () => {
    const stack = await startStack({}, { adaDeadlineMs: 1_000, landingGraceMs: 1_000 });
    // Ada behind a proxy that holds the post past the bridge's deadline and then delivers it: the simulator stores a
    // post whose request the bridge already aborted, as a stalled Ada does.
    const proxy = await startHoldingProxy(stack.sim.url);
    try {
      stack.bridgeOptions.adaBaseUrl = proxy.url;
      await stack.restartBridge();
      const token = await stack.newSession();
      const arrived = proxy.holdNext((method, path) => method === 'POST' && /\/messages\/?$/.test(path), 1_500);
      expect((await stack.send(token, 'Only once', 'k1')).status).toBe(503);
      await arrived;
      const resent = await stack.send(token, 'Only once', 'k1');
      expect(resent.status).toBe(503);
      expect(((await resent.json()) as { error: { code: string } }).error.code).toBe('ada_unavailable');
      const retryAfter = Number(resent.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      const copies = () => stack.sim.conversations().flatMap((c) => stack.sim.messages(c.id))
        .filter((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === 'Only once');
      await expect.poll(() => copies().length, { timeout: 5_000 }).toBe(1);
      await sleep(retryAfter * 1_000);
      const later = await stack.send(token, 'Only once', 'k1');
      expect(later.status).toBe(201);
      const body = (await later.json()) as { message: { id: string } };
      expect(copies().map((m) => m.message_id)).toEqual([body.message.id]);
    } finally {
      await proxy.close();
    }
  });
});
