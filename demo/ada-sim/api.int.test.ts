import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdaSim } from './index';
import { apiClient, startConversation } from './testing/client';
import type { AdaSim, Channel, Conversation, EndUser } from './types';

let sim: AdaSim;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  sim = await startAdaSim({ replyDelayMs: 0, seed: 7 });
  api = apiClient(sim);
});
afterAll(() => sim.close());

type Errors = { errors: Array<{ type: string; message: string; details: string | null }> };
type Page<T> = { data: T[]; meta: { next_page_url: string | null } };

describe('auth and errors', () => {
  it('answers 401 in Ada error shape without a valid Bearer key', async () => {
    const none = await fetch(`${sim.url}/api/v2/channels/?type=custom`);
    expect(none.status).toBe(401);
    const body = (await none.json()) as Errors;
    expect(body).toEqual({ errors: [{ type: 'unauthorized', message: expect.any(String), details: expect.any(String) }] });
    expect((await apiClient(sim, 'wrong')('GET', '/channels/?type=custom')).status).toBe(401);
  });

  it('answers 404 for unknown endpoints and ids', async () => {
    expect((await api('GET', '/nope/')).status).toBe(404);
    const missing = await api<Errors>('GET', '/conversations/doesnotexist/');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.type).toBe('not_found');
    expect((await api('GET', '/end-users/doesnotexist')).status).toBe(404);
    expect((await api('PATCH', '/channels/doesnotexist', { capabilities: { markdown: true } })).status).toBe(404);
  });

  it('answers 400 for invalid JSON and 413 for bodies over 10 MB', async () => {
    expect((await api('POST', '/channels/', '{not json')).status).toBe(400);
    const huge = JSON.stringify({ name: 'x', description: 'y'.repeat(10 * 1024 * 1024 + 10), modality: 'messaging' });
    expect((await api('POST', '/channels/', huge)).status).toBe(413);
  });
});

describe('channels', () => {
  it('creates a channel with and without trailing slash, validating required fields', async () => {
    const created = await api<Channel>('POST', '/channels/', { name: 'A', description: 'd', modality: 'messaging', metadata: { webpage_host: 'x.com' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'custom', name: 'A', modality: 'messaging', capabilities: { markdown: false }, metadata: { webpage_host: 'x.com' } });
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await api('POST', '/channels', { name: 'B', description: 'd', modality: 'email' })).status).toBe(201);
    const bad = await api<Errors>('POST', '/channels/', { name: 'C', modality: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.details).toMatch(/description/);
  });

  it('lists channels by required type with cursor pagination', async () => {
    expect((await api('GET', '/channels/')).status).toBe(400);
    for (let i = 0; i < 3; i++) await api('POST', '/channels/', { name: `P${i}`, description: 'd', modality: 'voice' });
    const first = await api<Page<Channel>>('GET', '/channels/?type=custom&modality=voice&limit=2');
    expect(first.body.data.map((c) => c.name)).toEqual(['P0', 'P1']);
    expect(first.body.meta.next_page_url).toContain('modality=voice');
    const second = await api<Page<Channel>>('GET', first.body.meta.next_page_url ?? '');
    expect(second.body.data.map((c) => c.name)).toEqual(['P2']);
    expect(second.body.meta.next_page_url).toBeNull();
    expect((await api<Page<Channel>>('GET', '/channels?type=native')).body.data).toEqual([]);
    expect((await api('GET', '/channels/?type=custom&limit=101')).status).toBe(400);
  });

  it('patches capabilities', async () => {
    const { body } = await api<Channel>('POST', '/channels/', { name: 'M', description: 'd', modality: 'messaging' });
    const patched = await api<Channel>('PATCH', `/channels/${body.id}`, { capabilities: { markdown: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.capabilities.markdown).toBe(true);
    expect((await api('PATCH', `/channels/${body.id}/`, { capabilities: { markdown: 'yes' } })).status).toBe(400);
  });
});

describe('end users', () => {
  it('upserts by external_id: 201 when new, 200 when it exists (case-insensitive)', async () => {
    const created = await api<EndUser>('POST', '/end-users/', { external_id: 'Visitor-1', profile: { display_name: 'Ada', metadata: { plan: 'pro' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ external_id: 'Visitor-1', profile: { display_name: 'Ada', first_name: null, metadata: { plan: 'pro' } } });
    const again = await api<EndUser>('POST', '/end-users', { external_id: 'visitor-1' });
    expect(again.status).toBe(200);
    expect(again.body.end_user_id).toBe(created.body.end_user_id);
    expect((await api('POST', '/end-users/', { external_id: 'x'.repeat(37) })).status).toBe(400);
  });

  it('gets, patches (409 on a taken external_id) and lists end users', async () => {
    const a = (await api<EndUser>('POST', '/end-users/', { external_id: 'user-a' })).body;
    const b = (await api<EndUser>('POST', '/end-users/', { external_id: 'user-b' })).body;
    expect((await api<EndUser>('GET', `/end-users/${a.end_user_id}`)).body.external_id).toBe('user-a');
    const patched = await api<EndUser>('PATCH', `/end-users/${a.end_user_id}`, { profile: { language: 'fr', metadata: { vip: true } } });
    expect(patched.status).toBe(200);
    expect(patched.body.profile).toMatchObject({ language: 'fr', metadata: { vip: true } });
    expect((await api('PATCH', `/end-users/${a.end_user_id}`, { external_id: 'USER-B', profile: {} })).status).toBe(409);
    expect((await api('PATCH', `/end-users/${a.end_user_id}`, { external_id: 'user-a2' })).status).toBe(400); // profile required
    const one = await api<Page<EndUser>>('GET', '/end-users/?external_id=user-b');
    expect(one.body.data.map((u) => u.end_user_id)).toEqual([b.end_user_id]);
    const page = await api<Page<EndUser>>('GET', '/end-users/?limit=1');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta.next_page_url).toContain('cursor=');
  });
});

describe('conversations and messages', () => {
  it('creates a conversation (creating an end user), gets it and merges metadata', async () => {
    const { body: channel } = await api<Channel>('POST', '/channels/', { name: 'W', description: 'd', modality: 'messaging' });
    const created = await api<Conversation>('POST', '/conversations/', { channel_id: channel.id, metadata: { page: '/a', keep: 1 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ channel_id: channel.id, status: 'active', metadata: { page: '/a', keep: 1 } });
    expect((await api('GET', `/end-users/${created.body.end_user_id}`)).status).toBe(200);
    expect((await api<Conversation>('GET', `/conversations/${created.body.id}`)).body.id).toBe(created.body.id);
    const patched = await api<Conversation>('PATCH', `/conversations/${created.body.id}/`, { metadata: { page: null, lang: 'en' } });
    expect(patched.body.metadata).toEqual({ keep: 1, lang: 'en' });
    expect((await api('PATCH', `/conversations/${created.body.id}/`, { metadata: { big: 'x'.repeat(5000) } })).status).toBe(400);
    expect((await api('POST', '/conversations/', { channel_id: 'missing' })).status).toBe(404);
    expect((await api('POST', '/conversations/', { channel_id: channel.id, end_user_id: 'missing' })).status).toBe(404);
  });

  it('accepts messages only from the end user or a named human agent, and 422 after the end', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    const path = `/conversations/${conversationId}/messages/`;
    const sent = await api('POST', path, { author: { id: endUserId, role: 'end_user', display_name: 'Jane' }, content: { type: 'text', body: 'Hi' } });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: expect.any(String), conversation_id: conversationId, content: { type: 'text', body: 'Hi' }, author: { id: endUserId } });
    expect(Object.keys(sent.body).sort()).toEqual(['author', 'content', 'conversation_id', 'created_at', 'id', 'updated_at']);
    expect((await api('POST', path, { author: { role: 'ai_agent' }, content: { type: 'text', body: 'x' } })).status).toBe(400);
    expect((await api('POST', path, { author: { id: 'someone-else', role: 'end_user' }, content: { type: 'text', body: 'x' } })).status).toBe(400);
    expect((await api('POST', path, { author: { role: 'human_agent' }, content: { type: 'text', body: 'x' } })).status).toBe(400);
    expect((await api('POST', path, { author: { id: null, role: 'human_agent', display_name: 'Grace' }, content: { type: 'text', body: 'Hello' } })).status).toBe(201);
    await sim.idle();
    const ended = await api('POST', `/conversations/${conversationId}/end/`);
    expect(ended).toEqual({ status: 200, body: { message: expect.any(String) } });
    expect((await api<Conversation>('GET', `/conversations/${conversationId}/`)).body.status).toBe('ended');
    expect((await api('POST', path, { author: { id: endUserId, role: 'end_user' }, content: { type: 'text', body: 'late' } })).status).toBe(422);
  });

  it('lists message_logs oldest first with cursor pagination', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    for (const body of ['one', 'two', 'three']) {
      await api('POST', `/conversations/${conversationId}/messages`, { author: { id: endUserId, role: 'end_user' }, content: { type: 'text', body } });
    }
    await sim.idle();
    const all: Array<{ type: string; created_at: string; author: { role: string } }> = [];
    let next: string | null = `/conversations/${conversationId}/messages/?limit=2`;
    while (next) {
      const page: { body: Page<(typeof all)[number]> } = await api<Page<(typeof all)[number]>>('GET', next);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      all.push(...page.body.data);
      next = page.body.meta.next_page_url;
    }
    expect(all.length).toBe(sim.messages(conversationId).length);
    expect(all.every((m) => m.type === 'message_logs')).toBe(true);
    expect(all.map((m) => m.created_at)).toEqual([...all.map((m) => m.created_at)].sort());
    expect(all.filter((m) => m.author.role === 'end_user')).toHaveLength(3);
  });

  it('ends a handoff only during one (422 otherwise)', async () => {
    const { conversationId } = await startConversation(sim);
    expect((await api('POST', `/conversations/${conversationId}/end-handoff/`, {})).status).toBe(422);
    await sim.startHandoff(conversationId);
    const ended = await api('POST', `/conversations/${conversationId}/end-handoff`, {});
    expect(ended).toEqual({ status: 200, body: { message: expect.any(String) } });
    expect((await api('POST', `/conversations/${conversationId}/end-handoff/`)).status).toBe(422);
  });

  it('uploads attachments only during handoff and accepts file messages with their url', async () => {
    const { conversationId, endUserId } = await startConversation(sim);
    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob(['hello pdf'], { type: 'application/pdf' }), 'guide.pdf');
      return fetch(`${sim.url}/api/v2/conversations/${conversationId}/attachments/`, { method: 'POST', headers: { authorization: `Bearer ${sim.apiKey}` }, body: form });
    };
    expect((await upload()).status).toBe(422);
    await sim.startHandoff(conversationId);
    const uploaded = await upload();
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { url: string; mime_type: string; filename: string };
    expect(file).toMatchObject({ mime_type: 'application/pdf', filename: 'guide.pdf' });
    const served = await fetch(file.url);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(await served.text()).toBe('hello pdf');
    const path = `/conversations/${conversationId}/messages/`;
    const sent = await api('POST', path, { author: { id: endUserId, role: 'end_user' }, content: { type: 'file', ...file } });
    expect(sent.status).toBe(201);
    await sim.idle();
    // The human agent acknowledges the file by name.
    const log = (await api<Page<{ author: { role: string }; content: { type: string; body?: string } }>>('GET', path)).body.data;
    expect(log.at(-1)).toMatchObject({ author: { role: 'human_agent' }, content: { type: 'text', body: expect.stringContaining('guide.pdf') } });
    expect((await api('POST', path, { author: { id: endUserId, role: 'end_user' }, content: { type: 'file', url: 'http://elsewhere/x.pdf', mime_type: 'application/pdf', filename: 'x.pdf' } })).status).toBe(400);
    await sim.idle();
  });

  it('refuses an attachment declared larger than 50 MB before reading it', async () => {
    const { conversationId } = await startConversation(sim);
    await sim.startHandoff(conversationId);
    // A raw request: it declares 51 MB and sends only a few bytes, so only an early answer can come back.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${sim.url}/api/v2/conversations/${conversationId}/attachments/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(51 * 1024 * 1024) },
      }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.write('--x\r\n');
    });
    expect(status).toBe(413);
  });
});
