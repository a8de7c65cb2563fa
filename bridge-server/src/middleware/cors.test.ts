import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorHandler } from './errorHandler';
import { cors, isOriginAllowed } from './cors';
import type { BridgeEnv } from './types';

function app(allowedOrigins: string[] | '*') {
  const a = new Hono<BridgeEnv>();
  a.onError(errorHandler());
  a.use('/v1/*', cors({ allowedOrigins }));
  a.get('/v1/x', (c) => c.json({ ok: true }));
  return a;
}

describe('cors', () => {
  it('echoes an allowed origin (never *) and varies on Origin', async () => {
    const res = await app(['https://shop.example']).request('/v1/x', { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
  });

  it('answers a preflight with the allowed methods and headers', async () => {
    const res = await app(['https://shop.example']).request('/v1/x', { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Last-Event-ID, X-Parley-Client-Id, X-Parley-Filename');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST.*DELETE/);
  });

  it('refuses a disallowed origin with 403 and no CORS headers, and lets no-Origin requests through', async () => {
    const a = app(['https://shop.example']);
    const res = await a.request('/v1/x', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const none = await a.request('/v1/x');
    expect(none.status).toBe(200);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin only with an explicit *', () => {
    expect(isOriginAllowed('*', 'https://any.example')).toBe(true);
    expect(isOriginAllowed([], 'https://any.example')).toBe(false);
    expect(isOriginAllowed(['https://a.example'], 'https://a.example.evil')).toBe(false);
  });
});
