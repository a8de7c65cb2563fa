import { afterEach, describe, expect, it } from 'vitest';
import { AdaError } from '../ada/adaClient';
import type { AdaAttachment } from '../ada/types';
import { BridgeError } from '../errors';
import type { SessionRecord } from '../store/types';
import { createFakeContext } from '../testing/fakeContext';
import { sendAttachment, type AttachmentInput } from './attachments';
import { createLocalLeases } from './leases';

const envs: ReturnType<typeof createFakeContext>[] = [];
afterEach(async () => { for (const e of envs.splice(0)) await e.close(); });

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const policy = { maxBytes: 1024, types: ['image/png'] };
const file = (clientId = 'f1'): AttachmentInput => ({ clientId, filename: 'shot.png', declaredType: 'image/png', bytes: PNG });

/** A session whose conversation a human agent has, on a fake Ada that also takes uploads (counted). */
async function setup() {
  const env = createFakeContext();
  envs.push(env);
  const { store, ada } = env;
  const session: SessionRecord = { id: 's1', origin: 'https://a', endUserId: 'u1', conversationId: 'conv1', createdAt: Date.now() };
  await store.createSession(session, 'hash');
  await store.insertConversation({
    id: 'conv1', sessionId: 's1', status: 'active', createdAt: new Date().toISOString(), endedAt: null, endedBy: null,
    handoff: { agentName: 'Grace', agentAvatar: null }, lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
  });
  const uploads: string[] = [];
  const upload = async (_conv: string, _blob: Blob, filename: string): Promise<AdaAttachment> => {
    uploads.push(filename);
    return { url: `https://files.test/${uploads.length}/${filename}`, mime_type: 'image/png', filename };
  };
  Object.assign(ada, { uploadAttachment: upload });
  const fileMessages = () => (ada.logs.get('conv1') ?? []).filter((l) => l.content.type === 'file');
  return { ...env, session, uploads, upload, fileMessages };
}

describe('sendAttachment', () => {
  it('refuses a file the store cannot record (503 unavailable) before anything reaches Ada', async () => {
    const { ctx, store, session, uploads, fileMessages } = await setup();
    store.putSend = async () => { throw new BridgeError('unavailable', 'disk full'); };
    const err = await sendAttachment(ctx, session, file(), policy).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect(uploads).toEqual([]);
    expect(fileMessages()).toEqual([]);
  });

  it('records the intent before the upload, and a resend after a crash adopts the landed file message (one copy)', async () => {
    const { ctx, ada, store, session, uploads, upload, fileMessages } = await setup();
    const statuses: (string | undefined)[] = [];
    Object.assign(ada, {
      uploadAttachment: async (...args: Parameters<typeof upload>) => {
        statuses.push((await store.getSend('s1', 'f1'))?.status);
        return upload(...args);
      },
    });
    const realPost = ada.postMessage;
    // The file message lands at Ada, then the process dies before the answer.
    ada.postMessage = async (...args) => {
      await realPost(...args);
      return new Promise(() => undefined);
    };
    void sendAttachment(ctx, session, file(), policy);
    await expect.poll(() => fileMessages().length).toBe(1);
    expect(statuses).toEqual(['pending']);
    ada.postMessage = realPost;
    // "Restart": a fresh context (no lock held) over the same store; the widget resends the file's clientId.
    const restarted = { ...ctx, leases: createLocalLeases() };
    const resent = await sendAttachment(restarted, session, file(), policy);
    expect(resent.status).toBe(201);
    expect(resent.body.message).toMatchObject({ id: fileMessages()[0]?.message_id, clientId: 'f1', content: { type: 'file', filename: 'shot.png' } });
    expect(uploads).toHaveLength(1);
    expect(fileMessages()).toHaveLength(1);
    expect((await store.getSend('s1', 'f1'))?.status).toBe('posted');
  });

  it('adopts its own file message when the post timed out after landing (retry inside the deadline), never a copy', async () => {
    const { ctx, ada, session, uploads, fileMessages } = await setup();
    const realPost = ada.postMessage;
    let calls = 0;
    ada.postMessage = async (conv, body, beforeRetry) => {
      calls++;
      await realPost(conv, body);
      // The answer is lost: the client's retry asks beforeRetry first, which finds the landed message.
      const found = await beforeRetry?.(new AdaError('post_message', 0, 'timeout'));
      if (!found) throw new Error('the post was not looked for before a retry');
      return found.value;
    };
    const res = await sendAttachment(ctx, session, file(), policy);
    expect(res.status).toBe(201);
    expect(calls).toBe(1);
    expect(uploads).toHaveLength(1);
    expect(fileMessages()).toHaveLength(1);
  });

  it('uploads and posts nothing on a resend of an unknown outcome while the lookup at Ada fails, then sends it once', async () => {
    const { ctx, ada, session, uploads, fileMessages } = await setup();
    const realPost = ada.postMessage;
    ada.postMessage = async () => { throw new AdaError('post_message', 0, 'timeout'); };
    await expect(sendAttachment(ctx, session, file(), policy)).rejects.toMatchObject({ code: 'ada_unavailable' });
    expect(uploads).toHaveLength(1);
    ada.postMessage = realPost;
    const realList = ada.listMessages;
    ada.listMessages = async () => { throw new AdaError('list_messages', 503, 'Ada answered 503'); };
    await expect(sendAttachment(ctx, session, file(), policy)).rejects.toMatchObject({ code: 'ada_unavailable' });
    expect(uploads).toHaveLength(1);
    ada.listMessages = realList;
    // Nothing had landed: the resend uploads again and posts one file message.
    expect((await sendAttachment(ctx, session, file(), policy)).status).toBe(201);
    expect(uploads).toHaveLength(2);
    expect(fileMessages()).toHaveLength(1);
  });

  it('passes the request deadline to every Ada call', async () => {
    const { ctx, ada, session, upload } = await setup();
    const seen: (number | undefined)[] = [];
    Object.assign(ada, {
      uploadAttachment: async (c: string, b: Blob, n: string, o: { deadlineAt?: number } = {}) => (seen.push(o.deadlineAt), upload(c, b, n)),
    });
    const realPost = ada.postMessage;
    ada.postMessage = async (c, b, r, o) => (seen.push(o?.deadlineAt), realPost(c, b, r, o));
    await sendAttachment(ctx, session, file(), policy, { deadlineAt: 12345 + Date.now() });
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBeGreaterThan(Date.now());
  });
});
