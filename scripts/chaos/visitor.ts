import type { ChatMessage, ErrorBody, HistoryResponse, SendMessageResponse } from '../../bridge-server/src/protocol/api';
import type { BridgeEvent } from '../../bridge-server/src/protocol/events';
import type { Random } from '../../demo/ada-sim/lib/random';
import type { SendGate } from './sendGate';
import { readSse } from './sseReader';

/** A message the visitor typed, and what became of it. */
export interface Typed {
  clientId: string;
  text: string;
  /** The bridge answered 2xx for it. */
  acked: boolean;
  attempts: number;
  /** Set when the bridge refused it for good (a 4xx other than 429): the message is lost to the visitor. */
  rejected: string | null;
}

/** What the visitor's screen shows: the widget's transcript after its merges (createChatStore.upsert). */
export type ScreenMessage = ChatMessage & { local?: true };

/** Options of `createVisitor`. */
export interface VisitorOptions {
  name: string;
  bridgeUrl: string;
  origin: string;
  random: Random;
  gate: SendGate;
}

/** A resume slower than this is reported with what each attempt got (it is not a failure by itself). */
const SLOW_RESUME_MS = 20_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One visitor speaking the widget's protocol over HTTP, as widget/src/transport does: a session, the history's
 * `lastEventId`, an SSE stream that resumes with `Last-Event-ID` after any drop, and an outbox that sends each typed
 * message under one clientId until the bridge takes it (network errors wait for the stream to come back; 5xx and
 * 429 are retried, as a visitor pressing Retry). The screen merges answers and stream events by message id and
 * clientId, exactly like the widget's store; what the stream itself delivered is kept apart for the verdict.
 */
export function createVisitor(o: VisitorOptions) {
  const typed: Typed[] = [];
  const screen: ScreenMessage[] = [];
  /** How many times each message id came over the stream. */
  const streamed = new Map<string, number>();
  const conversations = new Set<string>();
  const resumes: number[] = [];
  const problems: string[] = [];
  let token = '';
  let lastEventId: string | null = null;
  let online = true;
  let stopped = false;
  let live = false;
  let droppedAt: number | null = null;
  let retryMs = 1000;
  let stream: AbortController | null = null;
  const sleepers = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...sleepers]) w();
  };
  let typedCount = 0;

  const headers = (extra: Record<string, string> = {}) => ({ origin: o.origin, authorization: `Bearer ${token}`, ...extra });

  /** The widget's merge (createChatStore.upsert): the message replaces every entry with its id or its clientId. */
  function upsert(m: ScreenMessage): void {
    const kept = screen.filter((x) => !(x.id === m.id || (m.clientId !== null && x.clientId === m.clientId)));
    screen.splice(0, screen.length, ...kept, m);
  }

  function onEvent(event: BridgeEvent): void {
    if (event.type === 'message') {
      streamed.set(event.message.id, (streamed.get(event.message.id) ?? 0) + 1);
      upsert(event.message);
    } else if (event.type === 'conversation.started') conversations.add(event.conversation.id);
    else if (event.type === 'reconnect') {
      retryMs = event.retryMs;
      stream?.abort();
    }
  }

  /** Waits `ms`, or less if the visitor comes back online or is stopped. */
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      sleepers.delete(done);
      resolve();
    }
    sleepers.add(done);
  });

  async function untilOnline(): Promise<void> {
    while (!online && !stopped) await pause(1000);
  }

  async function streamLoop(): Promise<void> {
    /** What each reconnect attempt since the last drop got, for the report of a slow resume. */
    let tries: string[] = [];
    for (let attempt = 0; !stopped;) {
      await untilOnline();
      const ctrl = (stream = new AbortController());
      const asked = Date.now();
      try {
        const res = await fetch(`${o.bridgeUrl}/v1/events`, {
          headers: headers({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }), signal: ctrl.signal,
        });
        tries.push(`${res.status} after ${Date.now() - asked} ms`);
        if (res.status === 200 && res.body) {
          live = true;
          attempt = 0;
          if (droppedAt !== null) {
            const took = Date.now() - droppedAt;
            resumes.push(took);
            if (took > SLOW_RESUME_MS) problems.push(`${o.name}: the stream took ${(took / 1000).toFixed(1)} s to resume: ${tries.join(', ')}`);
          }
          tries = [];
          droppedAt = null;
          await readSse(res.body, (f) => {
            if (f.id) lastEventId = f.id;
            onEvent(JSON.parse(f.data) as BridgeEvent);
          }, (ms) => (retryMs = ms));
        } else {
          const body = await res.text().catch(() => '');
          if (res.status === 401) problems.push(`${o.name}: stream refused for good: ${res.status} ${body.slice(0, 200)}`);
        }
      } catch (err) {
        // the bridge is down or the visitor went offline: retried below
        tries.push(`${(err as Error).name} after ${Date.now() - asked} ms`);
      }
      if (live) droppedAt ??= Date.now();
      live = false;
      if (!stopped && online) await pause(Math.min(5000, retryMs * 2 ** attempt++) * (0.5 + o.random.next() / 2));
    }
  }

  /** Calls the bridge until it answers (it may be down for a while); network errors retry after `waitMs`. */
  async function call(path: string, init: RequestInit, waitMs = 300): Promise<Response> {
    for (;;) {
      try {
        return await fetch(`${o.bridgeUrl}${path}`, init);
      } catch {
        await sleep(waitMs);
      }
    }
  }

  async function deliver(t: Typed): Promise<void> {
    while (!t.acked && !t.rejected && !stopped) {
      await untilOnline();
      await o.gate.enter();
      let res: Response | null = null;
      let body = '';
      t.attempts++;
      try {
        res = await fetch(`${o.bridgeUrl}/v1/messages`, {
          method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify({ clientId: t.clientId, text: t.text }),
        });
        body = await res.text();
      } catch {
        res = null; // offline, or the bridge died mid-request: the widget keeps it queued and sends it when back
      } finally {
        o.gate.leave();
      }
      if (res?.ok) {
        const answer = JSON.parse(body) as SendMessageResponse;
        t.acked = true;
        conversations.add(answer.conversation.id);
        upsert(answer.message);
      } else if (res && res.status !== 429 && res.status < 500) {
        t.rejected = `${res.status} ${(JSON.parse(body) as ErrorBody).error?.code ?? body.slice(0, 100)}`;
      } else {
        const retryAfter = Number(res?.headers.get('retry-after')) || 0;
        await sleep(retryAfter > 0 ? retryAfter * 1000 : 300 + o.random.next() * 1200);
      }
    }
  }

  return {
    name: o.name,
    typed, screen, streamed, conversations, resumes, problems,
    /** Gets a session and the history's last event id, then opens the stream. */
    async start(): Promise<void> {
      for (;;) {
        const res = await call('/v1/sessions', { method: 'POST', headers: { origin: o.origin, 'content-type': 'application/json' }, body: '{}' });
        if (res.status === 201) {
          token = ((await res.json()) as { token: string }).token;
          break;
        }
        await sleep(300);
      }
      for (;;) {
        const res = await call('/v1/conversation', { headers: headers() });
        if (res.ok) {
          const history = (await res.json()) as HistoryResponse;
          lastEventId = history.lastEventId;
          for (const m of history.messages) upsert(m);
          break;
        }
        await sleep(300);
      }
      void streamLoop();
    },
    /** Types one message (unique text, so Ada's copies can be counted); resolves once the bridge took it. */
    type(text: string): Promise<void> {
      const t: Typed = { clientId: `${o.name}-${++typedCount}-${o.random.id(8)}`, text, acked: false, attempts: 0, rejected: null };
      typed.push(t);
      upsert({
        id: `local:${t.clientId}`, clientId: t.clientId, conversationId: '', role: 'end_user', author: { displayName: null, avatar: null },
        content: { type: 'text', body: text }, createdAt: new Date().toISOString(), local: true,
      });
      return deliver(t);
    },
    /** Drops the network for `ms`: the stream dies, sends wait; then the stream resumes at once (the `online` event). */
    async goOffline(ms: number): Promise<void> {
      online = false;
      stream?.abort();
      await sleep(ms);
      online = true;
      droppedAt = Date.now(); // resume time counts from the moment the visitor could reconnect
      wake();
    },
    isLive: () => live,
    stop(): void {
      stopped = true;
      stream?.abort();
      wake();
    },
  };
}

/** A visitor returned by `createVisitor`. */
export type Visitor = ReturnType<typeof createVisitor>;
