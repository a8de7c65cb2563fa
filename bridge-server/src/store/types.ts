import type { BridgeEvent } from '../protocol/events';
import type { ChatMessage, ConversationInfo, EndedBy } from '../protocol/api';

/** A widget session: one browser, one (lazily created) Ada end user, at most one current conversation. */
export interface SessionRecord {
  /** Internal id; also the key events are scoped by (one session = one visitor = one Ada end user). */
  id: string;
  origin: string;
  endUserId: string | null;
  conversationId: string | null;
  createdAt: number;
  /** Epoch ms the session was last used (retention); absent on records created before it was tracked. */
  lastSeenAt?: number;
}

/** A conversation the bridge started, with what reconciliation needs. */
export interface ConversationRecord {
  id: string;
  sessionId: string;
  status: 'active' | 'ended';
  createdAt: string;
  endedAt: string | null;
  endedBy: EndedBy | null;
  handoff: ConversationInfo['handoff'];
  /** Epoch ms of the last end-user post, the last webhook from Ada's side (not an echo of the visitor's), the last reconcile (0 = never). */
  lastSendAt: number;
  lastWebhookAt: number;
  lastReconciledAt: number;
}

/**
 * A `POST /v1/messages` attempt, keyed by session + clientId (idempotency). `pending` is written durably before
 * anything is posted to Ada: a `pending` found later (the bridge crashed, or the store failed after the post) or a
 * `failed` one (a post may have timed out after landing) means the outcome is unknown, so Ada's message log is
 * searched before posting again.
 */
export interface SendRecord {
  sessionId: string;
  clientId: string;
  status: 'pending' | 'failed' | 'posted';
  messageId: string | null;
  conversationId: string | null;
  /** Epoch ms of the first attempt; orphan detection only adopts Ada messages created after it. */
  firstAttemptAt: number;
}

/** Fields of a conversation that can change after it was created. */
export type ConversationPatch = Partial<Omit<ConversationRecord, 'id' | 'sessionId'>>;

/** What must hold of a conversation, when a write set is applied, for a guarded change (compare-and-set). */
export type ConversationGuard = 'active' | 'no_handoff' | 'in_handoff';

/**
 * Writes applied together or not at all, with the events they emit, for one session (see `Store.applyWrites`).
 * The conditions are checked when the set is applied, not when it was built, so two sets racing for the same
 * message, delivery or state change cannot both apply.
 */
export interface WriteSet {
  /** The session every event of the set belongs to. */
  sessionId: string;
  /** A webhook delivery id (`svix-id`) and when it came: when it is already recorded, nothing of the set applies. */
  webhook?: { id: string; at: number };
  /** Bookkeeping applied in any case once the delivery is new (e.g. `lastWebhookAt`). */
  touch?: { conversationId: string; patch: ConversationPatch };
  /** A transcript message: when its id is already known, `change` and `events` are skipped (dedupe by message id). */
  message?: ChatMessage;
  /** A conversation change made only while `when` holds; its events are appended (before `events`) only if it was made. */
  change?: { conversationId: string; when: ConversationGuard; patch: ConversationPatch; events: BridgeEvent[] };
  /** Events appended when `message` (if any) was new. */
  events?: BridgeEvent[];
}

/** How one write set was applied. */
export type WriteResult =
  | { status: 'duplicate_delivery' }
  | {
    status: 'applied';
    /** `message` was new (false when the set had none). */
    newMessage: boolean;
    /** `change` was made (false when the set had none). */
    changed: boolean;
    /** The events appended, in id order. */
    events: StoredEvent[];
  }
  | { status: 'failed'; error: unknown };

/** An event as stored: its SSE id and payload. */
export interface StoredEvent {
  id: number;
  event: BridgeEvent;
}

/**
 * Everything the bridge persists. Async so a Redis (or other networked) implementation fits the same shape;
 * the SQLite one answers synchronously underneath.
 */
export interface Store {
  createSession(session: SessionRecord, tokenHash: string): Promise<void>;
  findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  getSession(id: string): Promise<SessionRecord | null>;
  updateSession(id: string, patch: Partial<Pick<SessionRecord, 'endUserId' | 'conversationId'>>): Promise<void>;

  insertConversation(conv: ConversationRecord): Promise<void>;
  getConversation(id: string): Promise<ConversationRecord | null>;
  updateConversation(id: string, patch: ConversationPatch): Promise<void>;
  /** Active conversations whose session id is in `sessionIds`. */
  activeConversationsOf(sessionIds: string[]): Promise<ConversationRecord[]>;

  /** Inserts a transcript message; false when its id was already known (dedupe by Ada `message_id`). */
  insertMessage(sessionId: string, message: ChatMessage): Promise<boolean>;
  hasMessage(messageId: string): Promise<boolean>;
  getMessage(messageId: string): Promise<ChatMessage | null>;
  /** A conversation's transcript, sorted by `createdAt`. */
  messagesOf(conversationId: string): Promise<ChatMessage[]>;

  getSend(sessionId: string, clientId: string): Promise<SendRecord | null>;
  putSend(send: SendRecord): Promise<void>;

  /**
   * Applies write sets in order, each all-or-nothing: a set that fails is rolled back alone and reported as
   * `failed`; the others still apply. The SQLite store commits the whole batch at once (one WAL commit for many
   * webhooks). Rejects only when nothing could be applied.
   */
  applyWrites(sets: WriteSet[]): Promise<WriteResult[]>;
  /** Events of a session with id > `afterId`, ascending. */
  eventsAfter(sessionId: string, afterId: number, limit: number): Promise<StoredEvent[]>;
  /** Newest event id of a session, or 0. */
  lastEventId(sessionId: string): Promise<number>;

  hasWebhook(id: string): Promise<boolean>;
  /** Records a webhook delivery id; false when it was seen before. */
  markWebhookSeen(id: string, at: number): Promise<boolean>;

  /** Records that a session was used at `at` (epoch ms); idle sessions expire (see `prune`). */
  touchSession(id: string, at: number): Promise<void>;
  /** Deletes what retention no longer needs; cutoffs are epoch ms. Returns how many rows of each kind went. */
  prune(cutoffs: PruneCutoffs): Promise<PruneResult>;

  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;

  /** Throws when the store cannot serve (used by /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What `Store.prune` deletes: everything older than its cutoff (epoch ms). */
export interface PruneCutoffs {
  /** Webhook delivery ids received before this (Svix retries for about a week). */
  webhookIdsBefore: number;
  /** Sessions last used before this, with their conversations, transcript, sends and events. */
  sessionsIdleBefore: number;
  /** Events of conversations that ended before this, and events tied to no conversation created before it. */
  endedEventsBefore: number;
}

/** Rows deleted by one `Store.prune`. */
export interface PruneResult {
  webhookIds: number;
  sessions: number;
  events: number;
}
