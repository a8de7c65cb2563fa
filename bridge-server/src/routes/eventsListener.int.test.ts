import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../protocol/api';
import { useStack, TEST_ORIGIN } from '../testing/harness';

const startStack = useStack();

const code = async (res: Response) => ((await res.json()) as ErrorBody).error.code;

describe('GET /v1/events on the node:http path', () => {
  it('refuses a foreign origin, a missing or unknown token and a token of another origin, with JSON errors', async () => {
    const stack = await startStack();
    const { token } = (await (await stack.api('/v1/sessions', { method: 'POST', body: '{}' })).json()) as { token: string };
    const evil = await stack.api('/v1/events', { token, origin: 'http://evil.test' });
    expect(evil.status).toBe(403);
    expect(await code(evil)).toBe('origin_not_allowed');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const none = await stack.api('/v1/events');
    expect(none.status).toBe(401);
    expect(none.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(none.headers.get('x-request-id')).toBeTruthy();
    expect(await code(none)).toBe('unauthorized');
    expect(await code(await stack.api('/v1/events', { token: 'x'.repeat(43) }))).toBe('session_unknown');
    expect(await code(await stack.api('/v1/events', { token, origin: null }))).toBe('origin_not_allowed');
    const ok = await stack.api('/v1/events', { token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(ok.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    await ok.body?.cancel();
  });

  it('counts against the same per-IP budget as the rest of /v1', async () => {
    const stack = await startStack({}, { rateLimits: { ipPerMinute: 2 } });
    const { token } = (await (await stack.api('/v1/sessions', { method: 'POST', body: '{}' })).json()) as { token: string };
    const first = await stack.api('/v1/events', { token });
    expect(first.status).toBe(200);
    await first.body?.cancel();
    const limited = await stack.api('/v1/events', { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await code(limited)).toBe('rate_limited');
    expect((await stack.api('/v1/sessions', { method: 'POST', body: '{}' })).status).toBe(429);
  });
});
