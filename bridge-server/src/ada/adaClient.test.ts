import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBridgeError } from '../chat/adaErrors';
import { createLogger } from '../logger';
import { AdaError, createAdaClient, type AdaClientOptions } from './adaClient';

const KEY = 'sk_live_super_secret_key_123';
const BASE = 'https://lovelace.ada.support';

type Answer = number | { status: number; body?: unknown } | 'hang' | 'network';

/** A fetch that answers from a script (last entry repeats) and records each call's URL, headers and time. */
function fakeFetch(script: Answer[]) {
  const calls: { url: string; headers: Record<string, string>; at: number }[] = [];
  let i = 0;
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), headers: init?.headers as Record<string, string>, at: Date.now() });
    const step = script[Math.min(i++, script.length - 1)]!;
    if (step === 'network') throw new TypeError('fetch failed');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
      });
    }
    const { status, body } = typeof step === 'number' ? { status: step, body: undefined } : step;
    const payload = body ?? (status < 300 ? { end_user_id: 'u1' } : { errors: [{ type: 'x', message: `status ${status}` }] });
    return new Response(status === 204 ? null : JSON.stringify(payload), { status });
  }) as typeof fetch;
  return { fn, calls };
}

function client(fetchFn: typeof fetch, extra: Partial<AdaClientOptions> = {}) {
  return createAdaClient({
    baseUrl: BASE, apiKey: KEY, fetch: fetchFn, deadlineMs: 2_000, attemptTimeoutMs: 500,
    backoff: { baseMs: 5, maxMs: 20 }, ...extra,
  });
}

afterEach(() => vi.useRealTimers());

describe('createAdaClient', () => {
  it('sends the key only as a Bearer header to the Ada host', async () => {
    const f = fakeFetch([201]);
    await client(f.fn).createEndUser({});
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe(`${BASE}/api/v2/end-users/`);
    expect(f.calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('retries 429, 5xx and network errors, then succeeds', async () => {
    const f = fakeFetch([429, 500, 'network', 503, 201]);
    const user = await client(f.fn).createEndUser({});
    expect(user.end_user_id).toBe('u1');
    expect(f.calls).toHaveLength(5);
  });

  it('waits with growing, jittered backoff between attempts', async () => {
    // On a fake clock every gap between two attempts is exactly the delay chosen, so the whole sequence is checked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      const f = fakeFetch([500, 500, 500, 500, 500, 500, 201]);
      const done = client(f.fn, { deadlineMs: 10_000, backoff: { baseMs: 40, maxMs: 300 } }).createEndUser({});
      await vi.advanceTimersByTimeAsync(5_000);
      await done;
      const gaps = f.calls.slice(1).map((c, i) => c.at - f.calls[i]!.at);
      // full jitter at random≈1: the cap doubles from 40 ms until maxMs (300) holds it
      expect(gaps).toEqual([39, 79, 159, 299, 299, 299]);
    } finally {
      random.mockRestore();
    }
  });

  it('never retries a 4xx other than 429', async () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422]) {
      const f = fakeFetch([status, 201]);
      const err = await client(f.fn).createEndUser({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdaError);
      expect((err as AdaError).status).toBe(status);
      expect(toBridgeError(err).code).toBe('ada_rejected');
      expect(f.calls).toHaveLength(1);
    }
  });

  it('times out hung attempts and gives up at the deadline with ada_unavailable', async () => {
    const f = fakeFetch(['hang']);
    const err = await client(f.fn, { deadlineMs: 300, attemptTimeoutMs: 100 }).createEndUser({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdaError);
    expect((err as AdaError).status).toBe(0);
    expect(toBridgeError(err).code).toBe('ada_unavailable');
    expect(toBridgeError(err).status).toBe(503);
    expect(f.calls.length).toBeGreaterThanOrEqual(2);
    // (That no attempt starts past the deadline is checked on a fake clock below; here hung attempts are timed out.)
  });

  it('gives up at the deadline when Ada keeps answering 503', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const f = fakeFetch([503]);
    const started = Date.now();
    let failedAt = 0;
    const failed = client(f.fn, { deadlineMs: 200, backoff: { baseMs: 20, maxMs: 40 } }).createEndUser({})
      .catch((e: unknown) => ((failedAt = Date.now()), e));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(toBridgeError(await failed).code).toBe('ada_unavailable');
    // On the fake clock: told within the deadline, after attempts that all started inside it.
    expect(failedAt - started).toBeLessThanOrEqual(200);
    expect(f.calls.length).toBeGreaterThan(2);
    for (const c of f.calls) expect(c.at - started).toBeLessThan(200);
  });

  it('queues calls over the rate limit instead of failing them', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const f = fakeFetch([201]);
    const ada = client(f.fn, { requestsPerSecond: 30 });
    const all = Promise.all(Array.from({ length: 70 }, () => ada.createEndUser({})));
    await vi.advanceTimersByTimeAsync(10);
    expect(f.calls).toHaveLength(30);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.calls).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(1_000);
    const results = await all;
    expect(results).toHaveLength(70);
    expect(f.calls).toHaveLength(70);
  });

  it('never puts the key in thrown errors or logs, even when Ada echoes it', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger('debug', sink);
    const echo = { status: 500, body: { errors: [{ type: 'x', message: `bad header Authorization: Bearer ${KEY}` }] } };
    const f = fakeFetch([echo, 'network', { ...echo, status: 401 }]);
    const err = await client(f.fn, { logger }).createEndUser({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdaError);
    const bridgeErr = toBridgeError(err);
    logger.error({ err: bridgeErr }, 'send failed');
    const seen = [String((err as Error).message), String((err as Error).stack), JSON.stringify(bridgeErr), bridgeErr.message, ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(seen).toContain('[redacted]');
    expect(seen).not.toContain(KEY);
  });

  it('refuses to follow a pagination link off the Ada host', async () => {
    const f = fakeFetch([{ status: 200, body: { data: [{ id: 'ch1' }], meta: { next_page_url: 'https://evil.example/steal' } } }]);
    const err = await client(f.fn).listCustomChannels().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdaError);
    expect(f.calls).toHaveLength(1);
    expect(f.calls.every((c) => c.url.startsWith(`${BASE}/`))).toBe(true);
  });

  it('follows next_page_url on the Ada host until it is null', async () => {
    const f = fakeFetch([
      { status: 200, body: { data: [{ message_id: 'm1' }], meta: { next_page_url: `${BASE}/api/v2/conversations/c1/messages/?cursor=2` } } },
      { status: 200, body: { data: [{ message_id: 'm2' }], meta: { next_page_url: null } } },
    ]);
    const logs = await client(f.fn).listMessages('c1');
    expect(logs.map((l) => l.message_id)).toEqual(['m1', 'm2']);
    expect(f.calls[1]!.url).toContain('cursor=2');
  });
});

describe('createAdaClient deadline', () => {
  it('counts time waiting in the limiter queue against the deadline', async () => {
    const f = fakeFetch([201]);
    const ada = client(f.fn, { requestsPerSecond: 1, deadlineMs: 300, attemptTimeoutMs: 300 });
    const [first, second] = await Promise.allSettled([ada.createEndUser({}), ada.createEndUser({})]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(toBridgeError((second as PromiseRejectedResult).reason).code).toBe('ada_unavailable');
    // Rejected, not served a second later when the queue frees a slot (no wall-clock ceiling needed).
    expect(f.calls).toHaveLength(1);
  });
});
