import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AdaClient } from '../ada/adaClient';
import type { AdaConversation, AdaMessageLog, AdaPostedMessage } from '../ada/types';
import type { ChatContext } from '../chat/context';
import { createMemoryEchoState } from '../chat/echoState';
import { createLocalLeases } from '../chat/leases';
import { createMemoryHub } from '../hub/memoryHub';
import { createMetrics } from '../metrics';
import type { StoredEvent } from '../store/types';
import { openSqliteStore } from '../store/sqliteStore';

/** A scriptable stand-in for the Ada client: each method is a plain function a test may replace. */
export interface FakeAda {
  createEndUser: AdaClient['createEndUser'];
  createConversation: AdaClient['createConversation'];
  getConversation: AdaClient['getConversation'];
  endConversation: AdaClient['endConversation'];
  patchConversation: AdaClient['patchConversation'];
  postMessage: AdaClient['postMessage'];
  listMessages: AdaClient['listMessages'];
  listCustomChannels: AdaClient['listCustomChannels'];
  createChannel: AdaClient['createChannel'];
  idle: AdaClient['idle'];
  deadlineMs: number;
  /** Ada's message log per conversation (what listMessages answers). */
  logs: Map<string, AdaMessageLog[]>;
  posts: { conversationId: string; text: string }[];
  conversationStatus: Map<string, 'active' | 'ended'>;
}

/** A fake Ada that accepts everything and keeps a message log, like the simulator without the agent. */
export function createFakeAda(): FakeAda {
  let n = 0;
  const logs = new Map<string, AdaMessageLog[]>();
  const conversationStatus = new Map<string, 'active' | 'ended'>();
  const posts: FakeAda['posts'] = [];
  const conversation = (id: string): AdaConversation => ({
    id, channel_id: 'ch1', end_user_id: 'u1', status: conversationStatus.get(id) ?? 'active', created_at: new Date().toISOString(),
  });
  const fake: FakeAda = {
    logs, posts, conversationStatus,
    createEndUser: async () => ({ end_user_id: `u${++n}` }),
    createConversation: async () => {
      const id = `conv${++n}`;
      conversationStatus.set(id, 'active');
      return conversation(id);
    },
    getConversation: async (id) => conversation(id),
    endConversation: async (id) => {
      conversationStatus.set(id, 'ended');
      return { message: 'ended' };
    },
    patchConversation: async (id) => conversation(id),
    postMessage: async (conversationId, body) => {
      const text = body.content.type === 'text' ? body.content.body : '';
      posts.push({ conversationId, text });
      const posted: AdaPostedMessage = {
        id: `m${++n}`, conversation_id: conversationId, author: { id: body.author.id, role: 'end_user' }, content: body.content,
        created_at: new Date().toISOString(),
      };
      const list = logs.get(conversationId) ?? [];
      list.push({ message_id: posted.id, created_at: posted.created_at, author: posted.author, content: posted.content });
      logs.set(conversationId, list);
      return posted;
    },
    listMessages: async (id) => [...(logs.get(id) ?? [])],
    listCustomChannels: async () => [],
    createChannel: async () => ({ id: 'ch1', type: 'custom', name: 'W', modality: 'messaging' }),
    idle: async () => undefined,
    deadlineMs: 10_000,
  };
  return fake;
}

/** A chat context on a real SQLite store in a temp dir, an in-memory hub and a fake Ada. */
export function createFakeContext(overrides: Partial<ChatContext['reconcile']> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-ctx-'));
  const store = openSqliteStore(dir);
  const ada = createFakeAda();
  const hub = createMemoryHub();
  const ctx: ChatContext = {
    store, hub, ada: ada as unknown as AdaClient, logger: pino({ level: 'silent' }), metrics: createMetrics(),
    channelId: 'ch1', echo: createMemoryEchoState(), leases: createLocalLeases(),
    reconcile: { graceMs: 0, minIntervalMs: 0, maxAgeMs: 600_000, ...overrides },
  };
  /** Everything published for a session, in order. */
  const published = (sessionId: string) => {
    const out: StoredEvent[] = [];
    hub.subscribe(sessionId, (e) => out.push(e));
    return out;
  };
  return {
    ctx, ada, store, published,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
