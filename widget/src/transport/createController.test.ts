import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, SendMessageRequest } from '../../../bridge-server/src/protocol/api';
import type { BridgeEvent } from '../../../bridge-server/src/protocol/events';
import { createStorage } from '../lib/storage';
import { createController, type Controller } from './createController';
import { STALL_MS } from './visitorCues';

const BRIDGE = 'https://bridge.test';
const conv = { id: 'c1', status: 'active' as const, createdAt: '2026-01-01T00:00:00Z', endedAt: null, endedBy: null, handoff: null };
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Call {
  method: string;
  path: string;
  auth: string | null;
  lastEventId: string | null;
  body: SendMessageRequest | null;
}

/**
 * A fake bridge behind `fetch`: sessions hand out tok1, tok2…, the history is empty (lastEventId "0"), the SSE
 * route answers an open stream that stays silent until `push` sends an event on it, and `/v1/messages` answers what
 * `onSend` returns (default: accepted).
 */
function fakeBridge(onSend: (req: SendMessageRequest, n: number) => Response | Promise<Response> = accept) {
  const calls: Call[] = [];
  let sessions = 0;
  let sends = 0;
  let sse: ReadableStreamDefaultController<Uint8Array> | undefined;
  const push = (e: BridgeEvent): void => sse?.enqueue(new TextEncoder().encode(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const h = new Headers(init.headers);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as SendMessageRequest) : null;
    const path = url.pathname;
    calls.push({ method, path, auth: h.get('authorization'), lastEventId: h.get('last-event-id'), body });
    if (path === '/v1/sessions') return json({ token: `tok${++sessions}` });
    if (path === '/v1/conversation') return json({ conversation: null, messages: [], lastEventId: '0' });
    if (path === '/v1/events') {
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          sse = c;
          init.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    }
    if (path === '/v1/messages' && body) return onSend(body, ++sends);
    return json({ error: { code: 'not_found', message: 'Not found' } }, 404);
  });
  const count = (path: string, method?: string) =>
    calls.filter((c) => c.path === path && (!method || c.method === method)).length;
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, count, push };
}

function accept(req: SendMessageRequest): Response {
  const message: ChatMessage = {
    id: 'ada-' + req.clientId, clientId: req.clientId, conversationId: 'c1', role: 'end_user',
    author: { displayName: null, avatar: null }, content: { type: 'text', body: req.text }, createdAt: new Date().toISOString(),
  };
  return json({ message, conversation: conv });
}

const ctrls: Controller[] = [];
function controller(fetch: typeof globalThis.fetch) {
  const c = createController({ bridgeUrl: BRIDGE, persist: 'local', storage: createStorage('local', BRIDGE), emit: vi.fn(), fetch });
  ctrls.push(c);
  return c;
}
const sends = (b: ReturnType<typeof fakeBridge>) => b.calls.filter((c) => c.path === '/v1/messages');
const stored = (key: string): unknown => JSON.parse(localStorage.getItem(`parley:${BRIDGE}:${key}`) ?? 'null');

afterEach(() => {
  vi.useRealTimers();
  ctrls.splice(0).forEach((c) => c.destroy());
  localStorage.clear();
  dispatchEvent(new Event('online'));
});

describe('createController', () => {
  it('writes nothing to storage and fetches nothing before start()', async () => {
    vi.useFakeTimers();
    const bridge = fakeBridge();
    const c = controller(bridge.fetch);
    // Nothing is scheduled that could fetch later (instead of sleeping a while and looking).
    expect(vi.getTimerCount()).toBe(0);
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    expect(bridge.fetch).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(c.store.status.value).toBe('idle');
    expect(await c.start()).toBe(true);
    expect(stored('token')).toBe('tok1');
  });

  it('resumes the stream with the history lastEventId, even "0"', async () => {
    const bridge = fakeBridge();
    await controller(bridge.fetch).start();
    await vi.waitFor(() => expect(bridge.count('/v1/events')).toBe(1));
    const events = bridge.calls.find((x) => x.path === '/v1/events');
    expect(events?.lastEventId).toBe('0');
    expect(events?.auth).toBe('Bearer tok1');
  });

  it('keeps an offline message across a reload, then sends it with the same clientId', async () => {
    const down = fakeBridge(() => Promise.reject(new TypeError('Failed to fetch')));
    const first = controller(down.fetch);
    await first.send('Where is my order?', { surface: 'launcher' });
    expect(first.store.messages.value.map((m) => m.state)).toEqual(['sending']);
    const [queued] = stored('outbox') as { clientId: string }[];
    first.destroy();

    // A reload: a new controller on the same storage shows the queued message and sends it once live.
    const up = fakeBridge();
    const second = controller(up.fetch);
    expect(second.store.messages.value).toMatchObject([{ clientId: queued?.clientId, state: 'sending' }]);
    await vi.waitFor(() => expect(sends(up)).toHaveLength(1));
    expect(sends(up)[0]?.body?.clientId).toBe(queued?.clientId);
    await vi.waitFor(() => expect(second.store.messages.value[0]?.state).toBeUndefined());
    expect(stored('outbox')).toBeNull();
  });

  it('keeps the offline messages of two tabs in the shared outbox', async () => {
    const down = fakeBridge(() => Promise.reject(new TypeError('Failed to fetch')));
    const tabA = controller(down.fetch);
    const tabB = controller(down.fetch); // opened before tab A queued anything
    await tabA.send('From tab A', { surface: 'launcher' });
    await tabB.send('From tab B', { surface: 'launcher' });
    expect((stored('outbox') as { text: string }[]).map((p) => p.text)).toEqual(['From tab A', 'From tab B']);
  });

  it('queues while offline and flushes on the online event', async () => {
    const bridge = fakeBridge();
    const c = controller(bridge.fetch);
    await c.start();
    dispatchEvent(new Event('offline'));
    await c.send('Hello?', { surface: 'launcher' });
    expect(sends(bridge)).toHaveLength(0);
    expect(c.store.messages.value[0]?.state).toBe('sending');
    dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(sends(bridge)).toHaveLength(1));
    await vi.waitFor(() => expect(c.store.messages.value[0]?.state).toBeUndefined());
  });

  it('shows a failed send as failed, and Retry resends it with the same clientId', async () => {
    const bridge = fakeBridge((req, n) => (n === 1 ? json({ error: { code: 'ada_unavailable', message: 'Ada is down' } }, 502) : accept(req)));
    const c = controller(bridge.fetch);
    await c.send('Hi', { surface: 'inline' });
    // The send may be the stream's flush rather than this call: wait for its outcome.
    await vi.waitFor(() => expect(c.store.messages.value[0]?.state).toBe('failed'));
    const [m] = c.store.messages.value;
    expect(c.store.error.value).toBe('Ada is down');
    await c.retry(m?.clientId ?? '');
    const [a, b] = sends(bridge);
    expect(b?.body?.clientId).toBe(a?.body?.clientId);
    expect(c.store.messages.value).toHaveLength(1);
    expect(c.store.messages.value[0]?.state).toBeUndefined();
  });

  it('fires the public error event once per failed send, whether the HTTP answer or the stream tells first', async () => {
    for (const streamFirst of [true, false]) {
      let answer: (r: Response) => void = () => undefined;
      const bridge = fakeBridge(() => new Promise<Response>((resolve) => (answer = resolve)));
      const emit = vi.fn();
      const c = createController({ bridgeUrl: BRIDGE, persist: 'local', storage: createStorage('local', BRIDGE), emit, fetch: bridge.fetch });
      ctrls.push(c);
      await c.start();
      await vi.waitFor(() => expect(c.store.status.value).toBe('live'));
      const sent = c.send('Hi', { surface: 'launcher' });
      await vi.waitFor(() => expect(sends(bridge)).toHaveLength(1));
      const clientId = sends(bridge)[0]?.body?.clientId;
      // The bridge answers the sending tab and tells the session's other tabs over the stream: this tab hears both.
      const told = { type: 'error', code: 'ada_unavailable', message: 'Ada is down', clientId } as const;
      if (streamFirst) bridge.push(told);
      if (streamFirst) await vi.waitFor(() => expect(c.store.messages.value[0]?.state).toBe('failed'));
      answer(json({ error: { code: 'ada_unavailable', message: 'Ada is down' } }, 502));
      await sent;
      if (!streamFirst) bridge.push(told);
      // Events are handled in order: once a later one is on screen, the stream's error was handled too.
      bridge.push({ type: 'message', message: { id: 'later', clientId: null, conversationId: 'c1', role: 'ai_agent', author: { displayName: null, avatar: null }, content: { type: 'text', body: 'Still here' }, createdAt: new Date().toISOString() } });
      await vi.waitFor(() => expect(c.store.messages.value.map((m) => m.id)).toContain('later'));
      expect(emit.mock.calls.filter(([name]) => name === 'error'), `stream first: ${streamFirst}`).toEqual([['error', { code: 'ada_unavailable', message: 'Ada is down' }]]);
      c.destroy();
      localStorage.clear();
    }
  });

  it('drops a session_unknown token, and the next send starts a new session', async () => {
    // The bridge forgot the session: the first stream request is refused for good.
    const gone = fakeBridge();
    const wrapped = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(String(input)).pathname === '/v1/events' && gone.count('/v1/events') === 0
        ? (gone.calls.push({ method: 'GET', path: '/v1/events', auth: null, lastEventId: null, body: null }),
          json({ error: { code: 'session_unknown', message: 'Unknown session' } }, 401))
        : gone.fetch(input, init));
    const d = controller(wrapped as unknown as typeof fetch);
    await d.start();
    await vi.waitFor(() => expect(d.store.status.value).toBe('failed'));
    expect(stored('token')).toBeNull();
    await d.send('Still there?', { surface: 'launcher' });
    expect(gone.count('/v1/sessions')).toBe(2);
    expect(sends(gone)[0]?.auth).toBe('Bearer tok2');
  });

  it('keeps "thinking" and its timeout through a system notice: only a reply or the timeout ends it', async () => {
    // Only setTimeout is faked: the fake fetch and the stream parser run on promises, which stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = fakeBridge();
    const c = controller(bridge.fetch);
    await c.send('Can I talk to a person?', { surface: 'launcher' });
    await vi.waitFor(() => expect(c.store.status.value).toBe('live'), { interval: 1 });
    expect(c.store.thinking.value).toBe(true);
    const notice: ChatMessage = {
      id: 'n1', clientId: null, conversationId: 'c1', role: 'system', author: { displayName: null, avatar: null },
      content: { type: 'text', body: 'You are next in the queue' }, createdAt: new Date().toISOString(),
    };
    bridge.push({ type: 'message', message: notice });
    await vi.waitFor(() => expect(c.store.messages.value.map((m) => m.id)).toContain('n1'), { interval: 1 });
    expect(c.store.thinking.value).toBe(true);
    // A notice that cancelled the timeout would leave the indicator on for good.
    vi.advanceTimersByTime(29_000);
    expect(c.store.thinking.value).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(c.store.thinking.value).toBe(false);
  });

  it('tells the visitor messages wait once the bridge stayed out of reach, and sends them when it is back (issue 16, defect 8)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let up = false;
    const bridge = fakeBridge();
    const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
      up ? bridge.fetch(input, init) : Promise.reject(new TypeError('Failed to fetch')));
    const c = controller(fetch as unknown as typeof globalThis.fetch);
    void c.send('Anyone there?', { surface: 'launcher' });
    await vi.advanceTimersByTimeAsync(STALL_MS - 500);
    expect(c.store.status.value).toBe('reconnecting');
    expect(c.store.stalled.value).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.store.stalled.value).toBe(true);
    // It keeps retrying: once the bridge answers, the queued message goes out and the notice goes.
    up = true;
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(sends(bridge)).toHaveLength(1));
    expect(c.store.stalled.value).toBe(false);
    await vi.waitFor(() => expect(c.store.messages.value[0]?.state).toBeUndefined());
  });

  it('takes what another tab has read as read: its unread count does not show here (issue 16, defect 9)', async () => {
    const bridge = fakeBridge();
    const c = controller(bridge.fetch);
    c.store.upsert({
      id: 'r1', clientId: null, conversationId: 'c1', role: 'ai_agent', author: { displayName: null, avatar: null },
      content: { type: 'text', body: 'Reply' }, createdAt: '2026-01-01T00:00:05.000Z',
    });
    expect(c.store.unread.value).toBe(1);
    // The other tab showed the reply and wrote `seen`; this tab hears of it through the storage event.
    const key = `parley:${BRIDGE}:seen`;
    localStorage.setItem(key, JSON.stringify('2026-01-01T00:00:05.000Z'));
    dispatchEvent(new StorageEvent('storage', { key, storageArea: localStorage, newValue: localStorage.getItem(key) }));
    expect(c.store.unread.value).toBe(0);
  });

  it('patches the current page into the conversation after a single-page-app route change, once, debounced', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = fakeBridge();
    const patches: unknown[] = [];
    const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method == 'PATCH') return Promise.resolve((patches.push(JSON.parse(String(init.body))), new Response(null, { status: 204 })));
      return bridge.fetch(input, init);
    });
    const c = controller(fetch as unknown as typeof globalThis.fetch);
    const start = location.href;
    history.pushState(null, '', '/no-conversation-yet');
    await vi.advanceTimersByTimeAsync(1000);
    expect(patches).toEqual([]);
    await c.send('Hi', { surface: 'launcher' });
    history.pushState(null, '', '/orders');
    history.pushState(null, '', '/orders/42');
    history.replaceState(null, '', '/orders/42');
    await vi.advanceTimersByTimeAsync(1000);
    expect(patches).toEqual([{ metadata: { current_page_url: new URL('/orders/42', start).href, current_page_title: document.title } }]);
    history.replaceState(null, '', start);
  });
});
