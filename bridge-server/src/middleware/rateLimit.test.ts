import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './errorHandler';
import { rateLimit } from './rateLimit';
import type { BridgeEnv } from './types';

function app(points: number) {
  const a = new Hono<BridgeEnv>();
  a.onError(errorHandler());
  a.use(rateLimit({ points, windowSeconds: 60, key: (c) => c.req.header('x-key') ?? 'none', what: 'requests' }));
  a.get('/', (c) => c.text('ok'));
  return a;
}

describe('rateLimit', () => {
  it('lets `points` requests through per key, then answers 429 rate_limited with Retry-After', async () => {
    const a = app(2);
    const hit = (key: string) => a.request('/', { headers: { 'x-key': key } });
    expect((await hit('a')).status).toBe(200);
    expect((await hit('a')).status).toBe(200);
    const limited = await hit('a');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // another key has its own budget
    expect((await hit('b')).status).toBe(200);
  });
});
