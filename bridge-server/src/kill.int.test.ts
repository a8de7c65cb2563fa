import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAdaSim } from '../../demo/ada-sim/index';
import { BRIDGE_ENTRY, BRIDGE_ENV, buildBridge } from '../../scripts/buildBridge';
import type { ChatMessage } from './protocol/api';
import { messagesOf, openTestStream, TEST_ORIGIN } from './testing/harness';
import { startRedisServer } from './testing/redisServer';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
beforeAll(async () => { await buildBridge(); }, 60_000);

/** `node dist/bridge/main.js` with `env`, as production runs it; resolves with its URL once it listens. */
async function runBridge(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-kill-'));
  const child = spawn(process.execPath, [BRIDGE_ENTRY], { cwd, env: { PATH: process.env.PATH ?? '', ...BRIDGE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(cwd, { recursive: true, force: true });
  });
  const started = Date.now();
  for (;;) {
    const m = /"url":"(http:[^"]+)".*"msg":"bridge listening"/.exec(output);
    if (m?.[1]) return { child, url: m[1] };
    if (child.exitCode !== null || Date.now() - started > 15_000) throw new Error(`bridge did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the compiled bridge on Redis', () => {
  it('loses nothing when one of two instances is SIGKILLed mid-conversation: its stream resumes on the other', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.close());
    const sim = await startAdaSim({ replyDelayMs: 50, seed: 3 });
    cleanups.push(() => sim.close());
    const env = {
      ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret, ALLOWED_ORIGINS: TEST_ORIGIN,
      PORT: '0', LOG_LEVEL: 'info', REDIS_URL: redis.url,
    };
    const [a, b] = await Promise.all([runBridge(env), runBridge(env)]);
    sim.addWebhookUrl(`${a.url}/webhooks/ada`);
    sim.addWebhookUrl(`${b.url}/webhooks/ada`); // every webhook twice, once per instance: deduped by delivery id
    let alive = [a.url, b.url];
    const api = (path: string, init: RequestInit & { token?: string } = {}) => fetch(`${alive[0]}${path}`, {
      ...init, headers: { origin: TEST_ORIGIN, 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    });
    const send = (token: string, text: string) => api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId: `k-${text.length}`, text }) });
    const { token } = (await (await api('/v1/sessions', { method: 'POST', body: '{}' })).json()) as { token: string };
    const s = openTestStream(() => `${alive[0]}/v1/events`, token);
    cleanups.push(() => s.close());
    await s.opened;
    expect((await send(token, 'Hello')).status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 1);

    a.child.kill('SIGKILL');
    alive = [b.url];
    expect((await send(token, 'How do refunds work?')).status).toBe(201);
    await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length >= 2, 15_000);
    const ids = s.events.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, k) => k + 1));
    const { messages } = (await (await api('/v1/conversation', { token })).json()) as { messages: ChatMessage[] };
    expect(messagesOf(s.events).map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(sim.violations()).toEqual([]);
  });

  it('stops counting the streams of a SIGKILLed instance against the caps within about a second', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.close());
    const sim = await startAdaSim({ replyDelayMs: 50, seed: 4 });
    cleanups.push(() => sim.close());
    const env = {
      ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret, ALLOWED_ORIGINS: TEST_ORIGIN,
      PORT: '0', LOG_LEVEL: 'info', REDIS_URL: redis.url, STREAM_LIMIT_SESSION: '1',
    };
    const [a, b] = await Promise.all([runBridge(env), runBridge(env)]);
    const headers = (token?: string) => ({ origin: TEST_ORIGIN, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const { token } = (await (await fetch(`${a.url}/v1/sessions`, { method: 'POST', headers: headers(), body: '{}' })).json()) as { token: string };
    const stream = (url: string) => fetch(`${url}/v1/events`, { headers: { ...headers(token), accept: 'text/event-stream' } });
    const held = await stream(a.url);
    expect(held.status).toBe(200);
    const refused = await stream(b.url);
    expect(refused.status).toBe(429); // the cap is the cluster's: A's stream counts on B

    a.child.kill('SIGKILL'); // no close runs: A's streams are left in Redis, and its alive key expires
    const killed = Date.now();
    for (;;) {
      const r = await stream(b.url);
      if (r.status === 200) {
        await r.body?.cancel();
        break;
      }
      expect(r.status).toBe(429);
      await r.body?.cancel();
      expect(Date.now() - killed).toBeLessThan(4_000); // alive key 1 s; the rest is a loaded machine's slack
      await new Promise((res) => setTimeout(res, 200));
    }
    await held.body?.cancel().catch(() => undefined);
  }, 30_000);
});
