import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from './protocol/api';
import { startBridge } from './server';
import { useStack, TEST_ORIGIN } from './testing/harness';

const startStack = useStack();

const code = async (res: Response) => ((await res.json()) as ErrorBody).error.code;

function signed(secret: string, body: string, id = `msg_${Math.random()}`, at = new Date()) {
  const signature = new Webhook(secret).sign(id, at, body);
  return { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature, 'content-type': 'application/json' };
}

describe('bad input changes nothing', () => {
  it('rejects forged, stale, malformed and oversized webhooks; ignores unknown types', async () => {
    const stack = await startStack();
    const url = '/webhooks/ada';
    const body = JSON.stringify({ type: 'v1.conversation.message', timestamp: new Date().toISOString(), data: {} });
    const post = (b: string, headers: Record<string, string>) => stack.api(url, { method: 'POST', body: b, headers, origin: null });

    const forged = await post(body, signed('whsec_' + Buffer.from('not the secret at all!!').toString('base64'), body));
    expect(forged.status).toBe(401);
    expect(await code(forged)).toBe('invalid_signature');
    expect((await post(body, {})).status).toBe(401);
    const stale = await post(body, signed(stack.sim.webhookSecret, body, 'msg_stale', new Date(Date.now() - 10 * 60_000)));
    expect(stale.status).toBe(401);
    const notJson = await post('{nope', signed(stack.sim.webhookSecret, '{nope'));
    expect(notJson.status).toBe(400);
    const badShape = await post(body, signed(stack.sim.webhookSecret, body));
    expect(badShape.status).toBe(400);
    const unknown = JSON.stringify({ type: 'v1.audit_log.emitted', data: {} });
    expect((await post(unknown, signed(stack.sim.webhookSecret, unknown))).status).toBe(200);
    // white-label header names
    const h = signed(stack.sim.webhookSecret, unknown, 'msg_wl');
    const wl = await post(unknown, { 'webhook-id': h['svix-id'], 'webhook-timestamp': h['svix-timestamp'], 'webhook-signature': h['svix-signature'] });
    expect(wl.status).toBe(200);
    // last: the server drops the connection after refusing an oversized body
    const big = 'x'.repeat(300 * 1024);
    expect((await post(big, signed(stack.sim.webhookSecret, big))).status).toBe(413);
  });

  it('refuses unknown sessions, other origins and disallowed origins', async () => {
    const stack = await startStack();
    const unknown = await stack.api('/v1/conversation', { token: 'A'.repeat(43) });
    expect(unknown.status).toBe(401);
    expect(await code(unknown)).toBe('session_unknown');
    expect((await stack.api('/v1/conversation')).status).toBe(401);

    const evil = await stack.api('/v1/sessions', { method: 'POST', body: '{}', origin: 'http://evil.test' });
    expect(evil.status).toBe(403);
    expect(await code(evil)).toBe('origin_not_allowed');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await stack.api('/v1/messages', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Last-Event-ID/);

    const token = await stack.newSession();
    const noOrigin = await stack.api('/v1/conversation', { token, origin: null });
    expect(noOrigin.status).toBe(403);
    expect(stack.sim.requests()).toHaveLength(stack.sim.requests().filter((r) => r.path.includes('channels')).length);
  });

  it('limits message length and rate, and never leaks the API key', async () => {
    const stack = await startStack({}, { rateLimits: { sessionPerMinute: 3 } });
    const token = await stack.newSession();
    const long = await stack.send(token, 'x'.repeat(5001));
    expect(long.status).toBe(400);
    expect(await code(long)).toBe('message_too_long');
    const bad = await stack.api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ text: 'no id' }) });
    expect(await code(bad)).toBe('validation_failed');
    const responses: string[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await stack.send(token, `hello ${i}`);
      if (r.status === 429) limited = r;
      responses.push(await r.clone().text());
    }
    expect(limited).toBeDefined();
    expect(await code(limited!)).toBe('rate_limited');
    responses.push(await (await stack.api('/v1/conversation', { token })).text());
    responses.push(await (await stack.api('/metrics', { origin: null })).text());
    for (const text of responses) {
      expect(text).not.toContain(stack.sim.apiKey);
      expect(text).not.toContain(stack.sim.webhookSecret);
    }
  });

  it('keeps the channel and sessions across a restart', async () => {
    const stack = await startStack();
    const token = await stack.newSession();
    expect((await stack.send(token, 'before restart')).status).toBe(201);
    await stack.restartBridge();
    expect(stack.sim.channels()).toHaveLength(1);
    const history = await stack.api('/v1/conversation', { token });
    expect(history.status).toBe(200);
    expect(((await history.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    expect((await stack.send(token, 'after restart')).status).toBe(201);
    expect(stack.sim.conversations()).toHaveLength(1);
  });

  it('uses a configured ADA_CHANNEL_ID found in Ada, and refuses to start with one Ada does not have', async () => {
    const stack = await startStack();
    const [channel] = stack.sim.channels();
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-channel-'));
    try {
      const other = await startBridge({ ...stack.bridgeOptions, dataDir, port: 0, adaChannelId: channel!.id });
      await other.close();
      expect(stack.sim.channels()).toHaveLength(1); // reused, not created again
      await expect(startBridge({ ...stack.bridgeOptions, dataDir, port: 0, adaChannelId: 'ch_missing' }))
        .rejects.toThrow('ADA_CHANNEL_ID: channel "ch_missing" is not one of this Ada account\'s custom channels');
      expect(stack.sim.channels()).toHaveLength(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
