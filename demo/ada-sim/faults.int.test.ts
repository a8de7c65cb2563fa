import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAdaSim } from './index';
import { apiClient } from './testing/client';
import { envelope, startReceiver, type WebhookReceiver } from './testing/receiver';
import type { AdaSim } from './types';

let receiver: WebhookReceiver;
const sims: AdaSim[] = [];

async function sim(options: Parameters<typeof startAdaSim>[0] = {}): Promise<AdaSim> {
  const started = await startAdaSim({ webhookUrls: [receiver.url], replyDelayMs: 0, timeScale: 0.001, seed: 11, ...options });
  sims.push(started);
  return started;
}

/** Creates `count` end users; each fires one `v1.end_user.created` webhook. */
async function createUsers(target: AdaSim, count: number): Promise<string[]> {
  const api = apiClient(target);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await api<{ end_user_id: string }>('POST', '/end-users/', { external_id: `u${i}` })).body.end_user_id);
  return ids;
}

beforeAll(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
  receiver.received.length = 0;
});
afterAll(() => receiver.close());

describe('fault knobs', () => {
  it('duplicateRate 1 delivers every event twice with the same svix-id', async () => {
    const target = await sim({ duplicateRate: 1 });
    await createUsers(target, 3);
    await target.idle();
    expect(receiver.received).toHaveLength(6);
    const counts = new Map<string, number>();
    for (const w of receiver.received) counts.set(String(w.headers['svix-id']), (counts.get(String(w.headers['svix-id'])) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
  });

  it('reorderWindowMs buffers events and sends them shuffled', async () => {
    const target = await sim({ reorderWindowMs: 500, seed: 5 });
    const api = apiClient(target);
    // Concurrent creates land in one window even on a slow machine.
    await Promise.all(Array.from({ length: 8 }, (_, i) => api('POST', '/end-users/', { external_id: `r${i}` })));
    expect(receiver.received).toHaveLength(0); // still buffered
    const created = (await api<{ data: Array<{ end_user_id: string }> }>('GET', '/end-users/')).body.data.map((u) => u.end_user_id);
    await target.idle();
    const delivered = receiver.received.map((w) => envelope(w).data.end_user_id);
    expect([...delivered].sort()).toEqual([...created].sort());
    expect(delivered).not.toEqual(created);
  });

  it('errorRates answer 429 and 500 in Ada shape with no side effects', async () => {
    const target = await sim({ errorRates: { 429: 1 } });
    const api = apiClient(target);
    const limited = await api<{ errors: Array<{ type: string }> }>('POST', '/end-users/', { external_id: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]?.type).toBe('too_many_requests');
    target.setFaults({ errorRates: { 500: 1 } });
    expect((await api('POST', '/end-users/', { external_id: 'x' })).status).toBe(500);
    target.setFaults({ errorRates: {} });
    expect((await api('GET', '/end-users/')).body).toMatchObject({ data: [] });
    await target.idle();
    expect(receiver.received).toHaveLength(0);
  });

  it('errorRates below 1 fail only a share of calls', async () => {
    const target = await sim({ errorRates: { 500: 0.5 }, seed: 99 });
    const api = apiClient(target);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await api('GET', '/channels/?type=custom')).status);
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
  });

  it('pauses deliveries, lets idle() resolve while paused, and flushes the queue on resume', async () => {
    const target = await sim({ webhooksPaused: true });
    const ids = await createUsers(target, 2);
    await target.idle();
    expect(receiver.received).toHaveLength(0);
    target.resumeWebhooks();
    await target.idle();
    expect(receiver.received.map((w) => envelope(w).data.end_user_id)).toEqual(ids);
    target.pauseWebhooks();
    await createUsers(target, 1);
    await target.idle();
    expect(receiver.received).toHaveLength(2);
  });

  it('queues retries that fall due while paused and sends them on resume with the same svix-id', async () => {
    const target = await sim();
    receiver.respondWith(503);
    await createUsers(target, 1);
    // attempts 1 and 2 (5 ms apart) fail: wait for the receiver to have seen both, not for a guessed time
    for (const started = Date.now(); receiver.received.length < 2 && Date.now() - started < 5_000;) await new Promise((r) => setTimeout(r, 2));
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    target.pauseWebhooks();
    receiver.respondWith(200);
    await target.idle();
    const before = receiver.received.length;
    target.resumeWebhooks();
    await target.idle();
    expect(receiver.received.length).toBeGreaterThan(before);
    expect(new Set(receiver.received.map((w) => w.headers['svix-id'])).size).toBe(1);
    expect(receiver.received.at(-1)?.status).toBe(200);
  });

  it('strict mode records unknown fields, wrong types, bad auth and unknown endpoints, but not a missing slash', async () => {
    const target = await sim();
    const api = apiClient(target);
    await api('POST', '/channels', { name: 'W', description: 'd', modality: 'messaging', status: 'active' });
    await api('POST', '/channels/', { name: 'W', description: 'd', modality: 'messaging' });
    await api('POST', '/conversations/', { channel_id: 42 });
    await apiClient(target, 'bad-key')('GET', '/channels/?type=custom');
    await api('GET', '/channels/?type=custom&sort=asc');
    await api('GET', '/not-an-endpoint/');
    const problems = target.violations();
    expect(problems.map((v) => `${v.method} ${v.path}`)).toEqual([
      'POST /api/v2/channels',
      'POST /api/v2/conversations/',
      'GET /api/v2/channels/',
      'GET /api/v2/channels/',
      'GET /api/v2/not-an-endpoint/',
    ]);
    expect(problems[0]?.problem).toMatch(/status/);
    expect(problems[1]?.problem).toMatch(/channel_id/);
    expect(problems[2]?.problem).toMatch(/401/);
    expect(problems[3]?.problem).toMatch(/sort/);
    expect(target.requests().map((r) => r.status)).toEqual([201, 201, 400, 401, 200, 404]);
    expect(target.requests()[0]?.body).toMatchObject({ status: 'active' });
  });

  it('records nothing when strict is off', async () => {
    const target = await sim({ strict: false });
    await apiClient(target)('POST', '/channels/', { name: 'W', description: 'd', modality: 'messaging', extra: true });
    expect(target.violations()).toEqual([]);
  });
});
