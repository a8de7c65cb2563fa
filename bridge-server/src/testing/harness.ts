import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { afterEach, expect } from 'vitest';
import { startAdaSim, type AdaSim, type AdaSimOptions } from '../../../demo/ada-sim/index';
import type { BridgeEvent } from '../protocol/events';
import { startBridge, type BridgeOptions, type RunningBridge } from '../server';

/** The origin tests act as (it is in the bridge's ALLOWED_ORIGINS). */
export const TEST_ORIGIN = 'http://site.test';

/** One event as a test SSE client received it. */
export interface ReceivedEvent {
  id: string;
  event: BridgeEvent;
}

/** A running simulator + bridge pair, with helpers to act as a widget. */
export interface Stack {
  sim: AdaSim;
  bridge: RunningBridge;
  dataDir: string;
  bridgeOptions: BridgeOptions;
  /** fetch against the bridge with the test Origin (and a bearer token when given). */
  api(path: string, init?: RequestInit & { token?: string; origin?: string | null }): Promise<Response>;
  newSession(): Promise<string>;
  send(token: string, text: string, clientId?: string, extra?: Record<string, unknown>): Promise<Response>;
  /** Opens a real SSE client (eventsource) with the token in the Authorization header. */
  stream(token: string, lastEventId?: string): TestStream;
  /** A new session with an open stream whose first message, `text`, has had the AI Agent's reply. */
  chat(text: string): Promise<{ token: string; s: TestStream }>;
  restartBridge(): Promise<void>;
  close(): Promise<void>;
}

/** An open test stream: events in arrival order, and a wait helper. */
export interface TestStream {
  events: ReceivedEvent[];
  opened: Promise<void>;
  waitFor(pred: (events: ReceivedEvent[]) => boolean, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): void;
}

let seq = 0;

/**
 * Starts the Ada simulator, then a bridge pointed at it (silent logs, fast retries), and registers the webhook.
 * @example const stack = await startStack(); try { ... } finally { await stack.close(); }
 */
export async function startStack(
  simOptions: AdaSimOptions = {},
  bridgeOverrides: Partial<BridgeOptions> = {},
): Promise<Stack> {
  const sim = await startAdaSim({ replyDelayMs: 50, seed: 7, ...simOptions });
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bridge-'));
  const bridgeOptions: BridgeOptions = {
    adaBaseUrl: sim.url, adaApiKey: sim.apiKey, adaWebhookSecret: sim.webhookSecret,
    port: 0, allowedOrigins: [TEST_ORIGIN], dataDir, logLevel: 'silent', defaultMetrics: false,
    adaDeadlineMs: 3_000, adaBackoff: { baseMs: 20, maxMs: 200 },
    reconcile: { graceMs: 300, minIntervalMs: 300, everyMs: 200 },
    ...bridgeOverrides,
  };
  let bridge = await startBridge(bridgeOptions);
  sim.addWebhookUrl(`${bridge.url}/webhooks/ada`);
  const streams: TestStream[] = [];

  const api: Stack['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.origin !== null) headers.set('origin', init.origin ?? TEST_ORIGIN);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${bridge.url}${path}`, { ...init, headers });
  };

  const stack: Stack = {
    sim,
    get bridge() {
      return bridge;
    },
    dataDir,
    bridgeOptions,
    api,
    async newSession() {
      const res = await api('/v1/sessions', { method: 'POST', body: '{}' });
      if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    send(token, text, clientId = `c-${++seq}`, extra = {}) {
      return api('/v1/messages', { method: 'POST', token, body: JSON.stringify({ clientId, text, ...extra }) });
    },
    stream(token, lastEventId) {
      const s = openTestStream(`${bridge.url}/v1/events`, token, lastEventId);
      streams.push(s);
      return s;
    },
    async chat(text) {
      const token = await stack.newSession();
      const s = stack.stream(token);
      await s.opened;
      await stack.send(token, text);
      await s.waitFor((ev) => messagesOf(ev, 'ai_agent').length > 0);
      return { token, s };
    },
    async restartBridge() {
      await bridge.close();
      bridge = await startBridge({ ...bridgeOptions, port: bridge.port });
    },
    async close() {
      for (const s of streams) s.close();
      await bridge.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * For a test file: wraps `start` so that after each test the simulator of what it started is checked for contract
 * violations (none), and that is closed. `useStack` and `useCluster` are this over one bridge and over several.
 * @example const startCluster = useStarted(startCluster);
 */
export function useStarted<A extends unknown[], T extends { sim: { violations(): unknown[] }; close(): Promise<void> }>(
  start: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  let current: T | undefined;
  afterEach(async () => {
    const started = current;
    current = undefined;
    if (!started) return;
    try {
      expect(started.sim.violations()).toEqual([]);
    } finally {
      await started.close();
    }
  });
  return async (...args) => (current = await start(...args));
}

/**
 * For a test file: returns `startStack`, and after each test checks that the simulator saw no contract violation and
 * closes the stack that test started.
 * @example const startStack = useStack(); it('…', async () => { const stack = await startStack(); … });
 */
export const useStack = (): typeof startStack => useStarted(startStack);

/**
 * Opens a real SSE client (eventsource) on `url` with the token in the Authorization header and the test Origin.
 * `url` may be a function, asked again on every (re)connection: a stream that lost its instance reconnects to another
 * with `Last-Event-ID`, as through a load balancer.
 * @example const s = openTestStream(`${bridge.url}/v1/events`, token); await s.opened;
 */
export function openTestStream(url: string | (() => string), token: string, lastEventId?: string): TestStream {
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  const es = new EventSource(typeof url === 'function' ? url() : url, {
    fetch: (input, init) => fetch(typeof url === 'function' ? url() : input, {
      ...init,
      headers: {
        ...init.headers, authorization: `Bearer ${token}`, origin: TEST_ORIGIN,
        ...(lastEventId && !init.headers['Last-Event-ID'] ? { 'last-event-id': lastEventId } : {}),
      },
    }),
  });
  const types: BridgeEvent['type'][] = ['message', 'conversation.started', 'conversation.ended', 'handoff.started', 'handoff.ended', 'error', 'reconnect'];
  for (const type of types) {
    es.addEventListener(type, (e) => {
      if (e.data === undefined) return; // eventsource's own connection-error event, not ours
      events.push({ id: e.lastEventId, event: JSON.parse(e.data) as BridgeEvent });
      for (const w of [...waiters]) w();
    });
  }
  const opened = new Promise<void>((resolve, reject) => {
    es.onopen = () => resolve();
    es.onerror = (e) => reject(new Error(`stream error ${String((e as { code?: number }).code)}`));
  });
  opened.catch(() => undefined);
  const s: TestStream = {
    events,
    opened,
    waitFor(pred, timeoutMs = 8_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; got ${JSON.stringify(events.map((e) => [e.id, e.event.type]))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => es.close(),
  };
  return s;
}

/** Messages of the received events, by role. */
export function messagesOf(events: ReceivedEvent[], role?: string) {
  return events.flatMap((e) => (e.event.type === 'message' && (!role || e.event.message.role === role) ? [e.event.message] : []));
}

let sentinels = 0;

/**
 * Waits until every stream has received everything Ada sent so far: once the simulator's deliveries are done, one
 * more agent message travels behind them, and each stream receives events in order, so when it arrives nothing
 * sent before it is still on its way. Use it before checking that something did not happen (a duplicate, a
 * repeat) instead of sleeping.
 * @example await settled(stack, convId, [s]); expect(messagesOf(s.events, 'end_user')).toHaveLength(1);
 */
export async function settled(stack: Stack, conversationId: string, streams: TestStream[]): Promise<void> {
  await stack.sim.idle();
  const body = `settled ${++sentinels}`;
  await stack.sim.agentSay(conversationId, { type: 'text', body });
  const arrived = (events: ReceivedEvent[]) => messagesOf(events).some((m) => m.content.type === 'text' && m.content.body === body);
  await Promise.all(streams.map((s) => s.waitFor(arrived)));
  await stack.sim.idle();
}
