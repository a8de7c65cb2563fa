import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startAdaSim } from '../../demo/ada-sim/index';
import type { AdaSim } from '../../demo/ada-sim/types';
import { readConfig } from './config';
import type { ErrorBody } from './protocol/api';
import { startBridge, type RunningBridge } from './server';
import { TEST_ORIGIN } from './testing/harness';

/**
 * Each operator setting of README's table, read by `readConfig` from an environment and wired by `startBridge`,
 * then observed the way an operator or a visitor would: at the simulator over HTTP, or in the bridge's answers.
 * No test here overrides a bridge option directly: what is not in the environment gets the production default.
 */

const DAY = 24 * 60 * 60 * 1000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Running {
  sim: AdaSim;
  bridge: RunningBridge;
  dataDir: string;
  /** Starts the bridge again from `env` (same data dir), as an operator restarting it with new settings. */
  restart(env?: Record<string, string>): Promise<RunningBridge>;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  newSession(headers?: Record<string, string>): Promise<Response>;
}

/** A simulator, then a bridge started from `readConfig(env)` exactly as main.ts does (LOG_LEVEL silent unless given). */
async function fromEnv(env: Record<string, string> = {}): Promise<Running> {
  const sim = await startAdaSim({ replyDelayMs: 20, seed: 3 });
  cleanups.push(() => sim.close());
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-settings-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const start = async (extra: Record<string, string>) => {
    const config = readConfig({
      ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret,
      ALLOWED_ORIGINS: TEST_ORIGIN, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...extra,
    });
    if (!config.ok) throw new Error(config.errors.join('\n'));
    const bridge = await startBridge({ ...config.options, defaultMetrics: false });
    cleanups.push(() => bridge.close());
    sim.addWebhookUrl(`${bridge.url}/webhooks/ada`);
    return bridge;
  };
  const running: Running = {
    sim, dataDir,
    bridge: await start(env),
    async restart(next = env) {
      await running.bridge.close();
      return (running.bridge = await start(next));
    },
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('origin', TEST_ORIGIN);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.body) headers.set('content-type', 'application/json');
      return fetch(`${running.bridge.url}${path}`, { ...init, headers });
    },
    newSession: (headers = {}) => running.api('/v1/sessions', { method: 'POST', body: '{}', headers }),
  };
  return running;
}

const tokenOf = async (res: Response) => ((await res.json()) as { token: string }).token;

/** Statuses of `n` session requests, each from the client `forwardedFor` says (behind a proxy). */
async function sessionStatuses(r: Running, n: number, forwardedFor?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await r.newSession(forwardedFor ? { 'x-forwarded-for': `${forwardedFor}, 10.9.9.9` } : {});
    await res.body?.cancel();
    statuses.push(res.status);
  }
  return statuses;
}

describe('operator settings, from the environment to the running bridge', () => {
  it('TRUST_PROXY=true: each client behind the proxy has its own rate-limit bucket (X-Forwarded-For)', async () => {
    const r = await fromEnv({ TRUST_PROXY: 'true', RATE_LIMIT_IP_PER_MINUTE: '3' });
    expect(await sessionStatuses(r, 4, '203.0.113.7')).toEqual([201, 201, 201, 429]);
    // Another visitor behind the same proxy is not throttled by the first one.
    expect(await sessionStatuses(r, 3, '198.51.100.4')).toEqual([201, 201, 201]);
  });

  it('TRUST_PROXY unset: X-Forwarded-For is ignored, so a spoofed header cannot buy a fresh bucket', async () => {
    const r = await fromEnv({ RATE_LIMIT_IP_PER_MINUTE: '3' });
    expect(await sessionStatuses(r, 2, '203.0.113.7')).toEqual([201, 201]);
    expect(await sessionStatuses(r, 2, '198.51.100.4')).toEqual([201, 429]);
  });

  it('RATE_LIMIT_* unset: 300 requests a minute per IP on /v1, the 301st is refused', async () => {
    const r = await fromEnv();
    const statuses = await Promise.all(Array.from({ length: 300 }, () => r.newSession().then(async (res) => (await res.body?.cancel(), res.status))));
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const over = await r.newSession();
    expect(over.status).toBe(429);
    expect(((await over.json()) as ErrorBody).error.code).toBe('rate_limited');
  });

  it('RATE_LIMIT_* unset: 30 messages a minute per session, the 31st is refused and reaches no Ada', async () => {
    const r = await fromEnv();
    const token = await tokenOf(await r.newSession());
    const send = (i: number) => r.api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId: `c-${i}`, text: `message ${i}` }) });
    for (let i = 0; i < 30; i++) expect((await send(i)).status).toBe(201);
    const over = await send(30);
    expect(over.status).toBe(429);
    expect(((await over.json()) as ErrorBody).error.code).toBe('rate_limited');
    // Another session of the same visitor's IP still has its own 30.
    expect((await r.api('/v1/messages', {
      method: 'POST', token: await tokenOf(await r.newSession()), body: JSON.stringify({ clientId: 'other', text: 'hello' }),
    })).status).toBe(201);
    const bodies = r.sim.conversations().map((c) => r.sim.messages(c.id).filter((m) => m.author.role === 'end_user').map((m) => m.content.type === 'text' && m.content.body));
    const posted = bodies.find((b) => b.includes('message 0')) ?? [];
    expect(posted).toHaveLength(30);
    expect(posted).not.toContain('message 30');
  });

  it('ADA_DEADLINE_MS: a failing Ada is given up on, and the widget told, after that long, not the 10 s default', async () => {
    const r = await fromEnv({ ADA_DEADLINE_MS: '800' });
    r.sim.setFaults({ errorRates: { 500: 1 } });
    const token = await tokenOf(await r.newSession());
    const started = performance.now();
    const res = await r.api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId: 'c1', text: 'hello' }) });
    const took = performance.now() - started;
    expect(res.status).toBe(503);
    expect(((await res.json()) as ErrorBody).error.code).toBe('ada_unavailable');
    // No attempt starts after the deadline: the answer comes within it (one attempt may still be running), and
    // far before the default's 10 s (what a bridge ignoring the setting would take).
    expect(took).toBeLessThan(5_000);
    expect(r.sim.requests().filter((q) => q.method === 'POST').length).toBeGreaterThan(1);
  });

  it('CHANNEL_NAME: the channel the bridge creates at Ada has that name', async () => {
    const r = await fromEnv({ CHANNEL_NAME: 'Acme support chat' });
    const res = await fetch(`${r.sim.url}/api/v2/channels/?type=custom`, { headers: { authorization: `Bearer ${r.sim.apiKey}` } });
    const { data } = (await res.json()) as { data: { name: string }[] };
    expect(data.map((c) => c.name)).toEqual(['Acme support chat']);
  });

  it('WIDGET_FILE: that file is what GET /widget.js serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-widget-file-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'custom-widget.js');
    writeFileSync(file, 'console.log("the operator\'s own build");');
    const r = await fromEnv({ WIDGET_FILE: file });
    const res = await fetch(`${r.bridge.url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log("the operator\'s own build");');
  });

  it('SESSION_IDLE_DAYS: a session idle longer is forgotten at start, a younger one kept', async () => {
    const r = await fromEnv({ SESSION_IDLE_DAYS: '3' });
    const old = await tokenOf(await r.newSession());
    const recent = await tokenOf(await r.newSession());
    await r.bridge.close();
    // Age the two sessions as four and two days of idleness would have.
    const db = new Database(join(r.dataDir, 'parley.db'));
    const ids = db.prepare('SELECT id FROM sessions ORDER BY rowid').all() as { id: string }[];
    const age = db.prepare('UPDATE sessions SET last_seen_at = ?, created_at = ? WHERE id = ?');
    age.run(Date.now() - 4 * DAY, Date.now() - 4 * DAY, ids[0]!.id);
    age.run(Date.now() - 2 * DAY, Date.now() - 2 * DAY, ids[1]!.id);
    db.close();
    await r.restart();
    const oldRes = await r.api('/v1/conversation', { token: old });
    expect(oldRes.status).toBe(401);
    expect(((await oldRes.json()) as ErrorBody).error.code).toBe('session_unknown');
    expect((await r.api('/v1/conversation', { token: recent })).status).toBe(200);
  });

  it('EVENT_RETENTION_DAYS: stream events of a conversation ended longer ago are pruned at start, its transcript kept', async () => {
    const r = await fromEnv({ EVENT_RETENTION_DAYS: '2' });
    const token = await tokenOf(await r.newSession());
    expect((await r.api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId: 'c1', text: 'hello' }) })).status).toBe(201);
    const endedRes = await r.api('/v1/conversation/end', { method: 'POST', token });
    const { conversation } = (await endedRes.json()) as { conversation: { id: string } };
    await r.sim.idle();
    await r.bridge.close();
    const file = join(r.dataDir, 'parley.db');
    const eventsOf = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM events WHERE conversation_id = ?').get(conversation.id) as { n: number }).n;
    let db = new Database(file);
    expect(eventsOf(db)).toBeGreaterThan(0);
    // Ended three days ago (the default, 7 days, would keep its events).
    db.prepare('UPDATE conversations SET ended_at = ? WHERE id = ?').run(new Date(Date.now() - 3 * DAY).toISOString(), conversation.id);
    db.close();
    await r.restart();
    const history = (await (await r.api('/v1/conversation', { token })).json()) as { messages: unknown[] };
    expect(history.messages.length).toBeGreaterThan(0);
    await r.bridge.close();
    db = new Database(file, { readonly: true });
    expect(eventsOf(db)).toBe(0);
    db.close();
  });
});
