import type { ChatMessage } from '../protocol/api';
import type { ConversationRecord, WriteSet } from '../store/types';
import { commit, type Committed } from './commit';
import type { ChatContext } from './context';

/** What a webhook adds to the write set of the change it carries: its delivery id and the conversation bookkeeping. */
export type Delivery = Pick<WriteSet, 'webhook' | 'touch'>;

/**
 * How an ingest went: `applied` (new, events published), `known` (message or state already there), `parked`
 * (a possible echo, see `ingestMessage`) or `duplicate_delivery` (the delivery id was already recorded).
 */
export type IngestOutcome = 'applied' | 'known' | 'parked' | 'duplicate_delivery';

const outcomeOf = (r: Committed, applied: boolean): IngestOutcome =>
  r.status === 'duplicate_delivery' ? 'duplicate_delivery' : applied ? 'applied' : 'known';

/**
 * Adds a message that came from Ada (webhook or reconciliation) to a conversation: dedupes by message id,
 * starts a handoff on the first human-agent message, and emits the events, all in one write set (with the
 * webhook's delivery id and bookkeeping when given), so nothing is half-applied.
 *
 * Echo merge: while an end-user post is in flight for this conversation, an end-user message with an unknown
 * id may be the webhook echo of that very post (it can arrive before Ada's POST answer). It is parked and
 * re-ingested when the post settles; by then the post has stored it under the same id, so it is dropped.
 */
export async function ingestMessage(
  ctx: ChatContext,
  conv: ConversationRecord,
  message: ChatMessage,
  handoffIntegration: string | null = null,
  delivery: Delivery = {},
): Promise<IngestOutcome> {
  if (message.role === 'end_user' && (await ctx.echo.inFlight(conv.id)) && !(await ctx.store.hasMessage(message.id))) {
    // The delivery is recorded now (a retry of it is a duplicate); the message itself comes back through flushParked.
    if (delivery.webhook && (await commit(ctx, { sessionId: conv.sessionId, ...delivery })).status === 'duplicate_delivery') {
      return 'duplicate_delivery';
    }
    if (await ctx.echo.park(conv.id, message)) return 'parked';
    // The post settled meanwhile (on this instance or another): ingest it now, its delivery already recorded.
    delivery = {};
  }
  // Only a message that can start a handoff carries the change; the store makes it only when no handoff is on.
  const startsHandoff = message.role === 'human_agent' || handoffIntegration;
  const handoff = message.role === 'human_agent'
    ? { agentName: message.author.displayName, agentAvatar: message.author.avatar }
    : { agentName: null, agentAvatar: null };
  const r = await commit(ctx, {
    sessionId: conv.sessionId,
    ...delivery,
    message,
    change: startsHandoff
      ? { conversationId: conv.id, when: 'no_handoff', patch: { handoff }, events: [{ type: 'handoff.started', conversationId: conv.id, ...handoff }] }
      : undefined,
    events: [{ type: 'message', message }],
  });
  return outcomeOf(r, r.status === 'applied' && r.newMessage);
}

/** Re-ingests the end-user messages parked while a post was in flight (`EchoState.end` hands them over). */
export async function flushParked(ctx: ChatContext, conversationId: string, parked: ChatMessage[]): Promise<void> {
  if (parked.length === 0) return;
  const conv = await ctx.store.getConversation(conversationId);
  if (!conv) return;
  for (const message of parked) await ingestMessage(ctx, conv, message);
}

/** Marks a conversation ended (once: only while it is active) and emits `conversation.ended`. */
export async function markEnded(
  ctx: ChatContext,
  conv: ConversationRecord,
  endedBy: NonNullable<ConversationRecord['endedBy']>,
  endedAt: string,
  delivery: Delivery = {},
): Promise<IngestOutcome> {
  const r = await commit(ctx, {
    sessionId: conv.sessionId,
    ...delivery,
    change: {
      conversationId: conv.id, when: 'active', patch: { status: 'ended', endedAt, endedBy, handoff: null },
      events: [{ type: 'conversation.ended', conversationId: conv.id, endedBy, endedAt }],
    },
  });
  return outcomeOf(r, r.status === 'applied' && r.changed);
}

/** Hands a conversation back to the AI Agent (once: only while a handoff is on) and emits `handoff.ended`. */
export async function markHandoffEnded(ctx: ChatContext, conv: ConversationRecord, delivery: Delivery = {}): Promise<IngestOutcome> {
  const r = await commit(ctx, {
    sessionId: conv.sessionId,
    ...delivery,
    change: { conversationId: conv.id, when: 'in_handoff', patch: { handoff: null }, events: [{ type: 'handoff.ended', conversationId: conv.id }] },
  });
  return outcomeOf(r, r.status === 'applied' && r.changed);
}

/** The widget's view of a stored conversation. */
export function toConversationInfo(conv: ConversationRecord) {
  return {
    id: conv.id, status: conv.status, createdAt: conv.createdAt, endedAt: conv.endedAt, endedBy: conv.endedBy, handoff: conv.handoff,
  };
}
