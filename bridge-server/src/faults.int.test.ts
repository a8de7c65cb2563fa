import { describe, expect, it } from 'vitest';
import type { ErrorBody, SendMessageResponse } from './protocol/api';
import { useStack, type Stack } from './testing/harness';

const startStack = useStack();

const posts = (s: Stack) => s.sim.requests().filter((r) => r.method === 'POST' && /\/messages\/?$/.test(r.path) && r.status === 201);

describe('Ada faults', () => {
  it('retries 429 and 500 answers and posts the message once', async () => {
    const stack = await startStack({ errorRates: { 429: 0.3, 500: 0.3 } });
    const token = await stack.newSession();
    for (const text of ['one', 'two', 'three']) {
      const res = await stack.send(token, text);
      expect(res.status).toBe(201);
    }
    const failed = stack.sim.requests().filter((r) => r.status === 429 || r.status === 500);
    expect(failed.length).toBeGreaterThan(0);
    expect(posts(stack)).toHaveLength(3);
  });

  it('answers ada_unavailable past the deadline, and a retry with the same clientId posts once', async () => {
    const stack = await startStack({}, { adaDeadlineMs: 400 });
    const token = await stack.newSession();
    stack.sim.setFaults({ errorRates: { 500: 1 } });
    const failed = await stack.send(token, 'are you there?', 'same-id');
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as ErrorBody).error.code).toBe('ada_unavailable');

    stack.sim.setFaults({ errorRates: {} });
    const ok = await stack.send(token, 'are you there?', 'same-id');
    expect(ok.status).toBe(201);
    const again = await stack.send(token, 'are you there?', 'same-id');
    expect(again.status).toBe(200);
    const a = (await ok.json()) as SendMessageResponse;
    const b = (await again.json()) as SendMessageResponse;
    expect(b.message.id).toBe(a.message.id);
    expect(posts(stack)).toHaveLength(1);
  });

  it('keeps ADA_DEADLINE_MS as one deadline per widget request during an outage, orphan lookups included', async () => {
    const deadline = 700;
    const stack = await startStack({}, { adaDeadlineMs: deadline, adaBackoff: { baseMs: 50, maxMs: 200 } });
    const token = await stack.newSession();
    expect((await stack.send(token, 'first', 'warm')).status).toBe(201);
    stack.sim.setFaults({ errorRates: { 500: 1 } });
    const timed = async () => {
      const started = performance.now();
      const res = await stack.send(token, 'anyone there?', 'outage-id');
      return { status: res.status, code: ((await res.json()) as ErrorBody).error.code, ms: performance.now() - started };
    };
    // The first try posts (and retries) until the deadline; the resend of its clientId looks for it at Ada first,
    // before each re-post: every lookup must fit in the same deadline, not bring one of its own.
    for (const attempt of [await timed(), await timed()]) {
      expect(attempt).toMatchObject({ status: 503, code: 'ada_unavailable' });
      expect(attempt.ms).toBeLessThan(deadline + 300);
    }
  });
});
