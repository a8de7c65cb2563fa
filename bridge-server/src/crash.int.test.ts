import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAdaSim } from '../../demo/ada-sim/index';
import { buildBridge } from '../../scripts/buildBridge';
import type { SendMessageResponse } from './protocol/api';
import { spawnBridge } from './testing/bridgeProcess';

const ORIGIN = 'http://site.test';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const listen = (server: Server) => new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
const bodyOf = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Stands between the bridge and the simulator. While `holdPosts` is on, a message post is forwarded (it lands at
 * Ada) but its answer is held forever, so the bridge can be killed between its POST and Ada's answer.
 */
async function startHoldingProxy(target: string) {
  let onLanded = () => {};
  const proxy = {
    holdPosts: false,
    landed: new Promise<void>((r) => (onLanded = r)),
    url: '',
  };
  const server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined });
      const text = await answer.text();
      if (proxy.holdPosts && req.method === 'POST' && /\/messages\/?$/.test(req.url ?? '')) return onLanded();
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch(() => res.destroy());
  });
  proxy.url = `http://127.0.0.1:${await listen(server)}`;
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return proxy;
}

describe('a bridge killed during a send', () => {
  it('keeps one copy at Ada when SIGKILLed between its post and the answer, and the widget resends the clientId', async () => {
    await buildBridge();
    const sim = await startAdaSim({ replyDelayMs: 50, seed: 7, strict: false });
    cleanups.push(() => sim.close());
    const proxy = await startHoldingProxy(sim.url);
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // One port for both lives of the bridge, so the simulator's webhooks find the restarted one.
    const probe = createServer();
    const port = await listen(probe);
    await new Promise<void>((r) => probe.close(() => r()));
    sim.addWebhookUrl(`http://127.0.0.1:${port}/webhooks/ada`);
    const env = {
      ADA_BASE_URL: proxy.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret,
      ALLOWED_ORIGINS: ORIGIN, DATA_DIR: dataDir, PORT: String(port),
    };

    const first = spawnBridge(env);
    cleanups.push(() => first.stop());
    const url = await first.listening();
    const headers = { origin: ORIGIN, 'content-type': 'application/json' };
    const { token } = (await (await fetch(`${url}/v1/sessions`, { method: 'POST', headers, body: '{}' })).json()) as { token: string };
    const send = (clientId: string, text: string) => fetch(`${url}/v1/messages`, {
      method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: JSON.stringify({ clientId, text }),
    });
    expect((await send('c-1', 'Is my order on its way?')).status).toBe(201); // the conversation exists before the crash
    proxy.holdPosts = true;
    const cutOff = send('c-2', 'Hello? Anyone?').catch((err: unknown) => err);
    await proxy.landed;
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await cutOff;

    proxy.holdPosts = false;
    const second = spawnBridge(env);
    cleanups.push(() => second.stop());
    expect(await second.listening()).toBe(url);
    const resent = await send('c-2', 'Hello? Anyone?');
    expect(resent.status).toBe(201);
    const { message } = (await resent.json()) as SendMessageResponse;
    const conversation = sim.conversations()[0]!;
    const copies = sim.messages(conversation.id).filter((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === 'Hello? Anyone?');
    expect(copies.map((m) => m.message_id)).toEqual([message.id]);
    // And again: the stored answer, still one copy.
    const again = await send('c-2', 'Hello? Anyone?');
    expect(again.status).toBe(200);
    expect(sim.messages(conversation.id).filter((m) => m.author.role === 'end_user')).toHaveLength(2);
  });
});
