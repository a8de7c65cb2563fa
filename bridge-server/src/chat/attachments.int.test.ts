import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ErrorBody, SendMessageResponse } from '../protocol/api';
import { messagesOf, TEST_ORIGIN, useStack, type Stack } from '../testing/harness';
import { PNG, slowUpload } from '../testing/slowUpload';

const startStack = useStack();

let seq = 0;

function upload(stack: Stack, token: string, body: BodyInit, o: { type?: string; name?: string; clientId?: string } = {}) {
  return stack.api('/v1/attachments', {
    method: 'POST', token, body,
    headers: { 'content-type': o.type ?? 'image/png', 'x-parley-client-id': o.clientId ?? `f-${++seq}`, 'x-parley-filename': encodeURIComponent(o.name ?? 'screen shot.png') },
  });
}
const code = async (res: Response) => ({ status: res.status, code: ((await res.json()) as ErrorBody).error.code });
const uploadsAtAda = (stack: Stack) => stack.sim.requests().filter((r) => r.path.endsWith('/attachments/'));

/** A conversation in handoff, with its stream (the bridge has seen handoff.started). */
async function inHandoff(stack: Stack) {
  const { token, s } = await stack.chat('hello');
  const conversationId = stack.sim.conversations()[0]?.id ?? '';
  await stack.sim.startHandoff(conversationId);
  await s.waitFor((ev) => ev.some((e) => e.event.type === 'handoff.started'));
  await stack.sim.idle();
  return { token, s, conversationId };
}

describe('POST /v1/attachments', () => {
  it('refuses a file outside a handoff with handoff_required, before anything reaches Ada', async () => {
    const stack = await startStack();
    const { token } = await stack.chat('hello');
    expect(await code(await upload(stack, token, PNG))).toEqual({ status: 409, code: 'handoff_required' });
    expect(await code(await upload(stack, await stack.newSession(), PNG))).toEqual({ status: 404, code: 'no_conversation' });
    expect(uploadsAtAda(stack)).toEqual([]);
  });

  it('uploads a file during a handoff, posts the file message, is idempotent by clientId, and the agent acknowledges it', async () => {
    const stack = await startStack();
    const { token, s, conversationId } = await inHandoff(stack);
    const first = await upload(stack, token, PNG, { clientId: 'file-1', name: '../my screen.png' });
    expect(first.status).toBe(201);
    const { message } = (await first.json()) as SendMessageResponse;
    expect(message).toMatchObject({ clientId: 'file-1', role: 'end_user', content: { type: 'file', mimeType: 'image/png', filename: 'my screen.png' } });
    const again = await upload(stack, token, PNG, { clientId: 'file-1', name: '../my screen.png' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as SendMessageResponse).message.id).toBe(message.id);
    expect(uploadsAtAda(stack)).toHaveLength(1);
    // At Ada: one file message whose URL serves the same bytes; the human agent answers it.
    const files = stack.sim.messages(conversationId).filter((m) => m.content.type === 'file');
    expect(files).toHaveLength(1);
    const url = message.content.type === 'file' ? message.content.url : '';
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(PNG);
    await s.waitFor((ev) => messagesOf(ev, 'human_agent').some((m) => m.content.type === 'text' && m.content.body.includes('my screen.png')));
    expect(messagesOf(s.events, 'end_user').filter((m) => m.id === message.id)).toHaveLength(1);
  });

  it('refuses files over ATTACHMENT_MAX_BYTES from Content-Length and while streaming, with nothing at Ada', async () => {
    const stack = await startStack({}, { attachments: { maxBytes: 1024 } });
    const { token } = await inHandoff(stack);
    const big = new Uint8Array(2048);
    big.set(PNG);
    const declared = await upload(stack, token, big);
    expect(await code(declared)).toEqual({ status: 413, code: 'payload_too_large' });
    // Chunked, no Content-Length: refused once more than 1 KB has streamed in (the rest is discarded, then answered).
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL('/v1/attachments', stack.bridge.url);
      const req = request(url, {
        method: 'POST',
        headers: { origin: TEST_ORIGIN, authorization: `Bearer ${token}`, 'content-type': 'image/png', 'x-parley-client-id': 'chunked', 'transfer-encoding': 'chunked' },
      }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.write(PNG);
      for (let i = 0; i < 4; i++) req.write(new Uint8Array(512));
      req.end();
    });
    expect(status).toBe(413);
    expect(uploadsAtAda(stack)).toEqual([]);
  });

  it('gives a file its own, longer body bound: a slow upload past the request bound arrives; one that stalls gets 408', async () => {
    // A phone on a weak uplink needs more than the 15 s every other request gets (here 1 s against 4 s for files).
    const stack = await startStack({}, { limits: { requestTimeoutMs: 1_000, uploadTimeoutMs: 4_000 } });
    const { token, conversationId } = await inHandoff(stack);
    const slow = await slowUpload(stack.bridge.url, token, 'slow-file', { pieces: 5, everyMs: 500 });
    expect(slow.ms).toBeGreaterThan(2_000);
    expect(slow.status).toBe(201);
    expect(stack.sim.messages(conversationId).filter((m) => m.content.type === 'file')).toHaveLength(1);
    const stalled = await slowUpload(stack.bridge.url, token, 'stalled-file', { pieces: 2, everyMs: 200, stall: true });
    expect(stalled.status).toBe(408);
    expect(stalled.ms).toBeGreaterThan(3_500);
    expect(stalled.ms).toBeLessThan(7_000);
    expect(uploadsAtAda(stack)).toHaveLength(1);
  });

  it('checks the type by content: SVG, a mislabelled file and an executable are refused with 415', async () => {
    const stack = await startStack();
    const { token } = await inHandoff(stack);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(await code(await upload(stack, token, svg, { type: 'image/svg+xml', name: 'x.svg' }))).toEqual({ status: 415, code: 'attachment_type_not_allowed' });
    expect(await code(await upload(stack, token, PNG, { type: 'image/jpeg', name: 'x.jpg' }))).toEqual({ status: 415, code: 'attachment_type_not_allowed' });
    expect(await code(await upload(stack, token, new Uint8Array([0x4d, 0x5a, 0x90, 0]), { type: 'image/png' }))).toEqual({ status: 415, code: 'attachment_type_not_allowed' });
    expect(uploadsAtAda(stack)).toEqual([]);
  });

  it('answers 503 unavailable with Retry-After while the store cannot write, with nothing at Ada, and sends the file after', async () => {
    let diskFull = false;
    const stack = await startStack({}, { storeFaults: { failWrites: () => diskFull } });
    const { token, conversationId } = await inHandoff(stack);
    diskFull = true;
    const refused = await upload(stack, token, PNG, { clientId: 'full-disk' });
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await code(refused)).toEqual({ status: 503, code: 'unavailable' });
    expect(uploadsAtAda(stack)).toEqual([]);
    diskFull = false;
    expect((await upload(stack, token, PNG, { clientId: 'full-disk' })).status).toBe(201);
    expect(stack.sim.messages(conversationId).filter((m) => m.content.type === 'file')).toHaveLength(1);
  });

  it("answers handoff_required when Ada says 422 (the handoff ended meanwhile) and ada_unavailable when Ada is down, posting no message", async () => {
    const stack = await startStack();
    const { token, conversationId } = await inHandoff(stack);
    stack.sim.setFaults({ errorRates: { 500: 1 } });
    expect(await code(await upload(stack, token, PNG))).toEqual({ status: 503, code: 'ada_unavailable' });
    stack.sim.setFaults({ errorRates: {} });
    stack.sim.pauseWebhooks(); // the bridge does not hear that the handoff ended
    const ended = await fetch(`${stack.sim.url}/api/v2/conversations/${conversationId}/end-handoff/`, {
      method: 'POST', body: '{}', headers: { authorization: `Bearer ${stack.sim.apiKey}`, 'content-type': 'application/json' },
    });
    expect(ended.status).toBe(200);
    expect(await code(await upload(stack, token, PNG))).toEqual({ status: 409, code: 'handoff_required' });
    expect(stack.sim.messages(conversationId).filter((m) => m.content.type === 'file')).toEqual([]);
    stack.sim.resumeWebhooks();
    await stack.sim.idle();
  });
});
