import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signDelivery } from '../../demo/ada-sim/webhooks/sign';
import type { ErrorBody } from './protocol/api';
import { useStack, type Stack } from './testing/harness';

const startStack = useStack();

const openStream = (stack: Stack, token: string) =>
  stack.api('/v1/events', { token, headers: { accept: 'text/event-stream' } });

/** Writes raw bytes on a new socket to the bridge; resolves with what came back when the bridge closed it, and when. */
function rawRequest(stack: Stack, head: string, body: string) {
  const { port } = new URL(stack.bridge.url);
  const socket = connect(Number(port), '127.0.0.1');
  const started = performance.now();
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.write(head + body);
  return new Promise<{ answer: string; ms: number }>((resolve) => {
    socket.on('close', () => resolve({ answer, ms: performance.now() - started }));
    socket.on('error', () => undefined);
  });
}

describe('limits', () => {
  it('caps open streams per session and per IP with a clear 429', async () => {
    const stack = await startStack({}, { limits: { streamsPerSession: 2, streamsPerIp: 3 } });
    const a = await stack.newSession();
    const first = await Promise.all([openStream(stack, a), openStream(stack, a)]);
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    const third = await openStream(stack, a);
    expect(third.status).toBe(429);
    expect(((await third.json()) as ErrorBody).error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/open chat streams for this visitor \(2\)/) });
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);

    const b = await stack.newSession();
    expect((await openStream(stack, b)).status).toBe(200);
    const overIp = await openStream(stack, b);
    expect(overIp.status).toBe(429);
    expect(((await overIp.json()) as ErrorBody).error.message).toMatch(/from this address \(3\)/);

    // A closed stream gives its slot back.
    await first[0]!.body!.cancel();
    await expect.poll(async () => {
      const r = await openStream(stack, a);
      if (r.status === 200) await r.body?.cancel();
      return r.status;
    }).toBe(200);
  });

  it('drops a request whose body stalls after the request timeout, not after 300 s, nor after the upload bound', async () => {
    // Node's own bound is the server-wide longest one (a file's, 10 s here): the 1 s of every other request is the bridge's.
    const stack = await startStack({}, { limits: { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, uploadTimeoutMs: 10_000 } });
    const slow = await rawRequest(stack, 'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nOrigin: http://site.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n', '{"resu');
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ms).toBeLessThan(3_500);
    const noHeaders = await rawRequest(stack, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', '');
    expect(noHeaders.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(noHeaders.ms).toBeLessThan(3_500);
  });

  it('gives a refused upload no longer than any request to finish its body: the long bound is only for a file being read', async () => {
    const stack = await startStack({}, { limits: { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, uploadTimeoutMs: 10_000 } });
    // No session: answered 401 at once, while the client goes on holding the connection with a body it never finishes.
    const refused = await rawRequest(stack, 'POST /v1/attachments HTTP/1.1\r\nHost: x\r\nOrigin: http://site.test\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n', 'PNG…');
    expect(refused.answer).toMatch(/^HTTP\/1\.1 401/);
    expect(refused.ms).toBeLessThan(3_500);
  });

  it('answers webhooks past the in-flight bound with a fast 503 and Retry-After, and limits bad signatures per IP', async () => {
    const stack = await startStack({}, { limits: { webhookMaxInFlight: 1, webhookInvalidPerIpPerMinute: 2, requestTimeoutMs: 1_000 } });
    // One webhook whose body never finishes holds the only slot.
    let heldAnswered = false;
    const held = rawRequest(stack, 'POST /webhooks/ada HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n', '{"type"')
      .finally(() => (heldAnswered = true));
    const payload = JSON.stringify({ type: 'v1.conversation.created', timestamp: new Date().toISOString(), data: {} });
    const post = (id: string, signed = true) => stack.api('/webhooks/ada', {
      method: 'POST', origin: null, body: payload,
      headers: signed ? { ...signDelivery(stack.sim.webhookSecret, id, payload) } : { 'svix-id': id, 'svix-timestamp': '1', 'svix-signature': 'v1,bad' },
    });
    // The held webhook has the slot once the bridge has read its headers: asked until then, rather than after a sleep.
    let probes = 0;
    let busy = await post(`msg_probe_${probes}`);
    while (busy.status !== 503 && !heldAnswered) busy = (await busy.body?.cancel(), await post(`msg_probe_${++probes}`));
    expect(busy.status).toBe(503);
    // Fast: answered while the held one still waits for its body (the gate is not a queue behind it).
    expect(heldAnswered).toBe(false);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(((await busy.json()) as ErrorBody).error.code).toBe('overloaded');
    expect((await held).answer).toMatch(/^HTTP\/1\.1 408/);

    expect((await post('msg_ok')).status).toBe(200);
    expect((await post('bad1', false)).status).toBe(401);
    expect((await post('bad2', false)).status).toBe(401);
    expect((await post('bad3', false)).status).toBe(401);
    const refused = await post('msg_after', true);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/bad signature from this address/);
  });
});
