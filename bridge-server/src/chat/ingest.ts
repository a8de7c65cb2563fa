import type { ChatMessage } from '../protocol/api';
import type { ConversationRecord } from '../store/types';
import { emit, type ChatContext } from './context';

/**
 * Adds a message that came from Ada (webhook or reconciliation) to a conversation: dedupes by message id,
 * starts a handoff on the first human-agent message, and emits the events. Returns true when it was new.
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
): Promise<boolean> {
  if (message.role === 'end_user' && (ctx.inFlight.get(conv.id) ?? 0) > 0 && !(await ctx.store.hasMessage(message.id))) {
    const list = ctx.parked.get(conv.id) ?? [];
    list.push({ message });
    ctx.parked.set(conv.id, list);
    return false;
  }
  if (!(await ctx.store.insertMessage(conv.sessionId, message))) return false;

  // Only a message that can start a handoff needs the stored conversation (`conv` may predate an earlier
  // message's handoff); the common AI-agent reply skips that read on the webhook path.
  const startsHandoff = message.role === 'human_agent' || handoffIntegration;
  if (startsHandoff && !((await ctx.store.getConversation(conv.id)) ?? conv).handoff) {
    const handoff = message.role === 'human_agent'
      ? { agentName: message.author.displayName, agentAvatar: message.author.avatar }
      : { agentName: null, agentAvatar: null };
    await ctx.store.updateConversation(conv.id, { handoff });
    await emit(ctx, conv.sessionId, { type: 'handoff.started', conversationId: conv.id, ...handoff });
  }
  await emit(ctx, conv.sessionId, { type: 'message', message });
  return true;
}

/** Re-ingests the end-user messages parked while a post was in flight (called when the post settles). */
export async function flushParked(ctx: ChatContext, conversationId: string): Promise<void> {
  if ((ctx.inFlight.get(conversationId) ?? 0) > 0) return;
  const list = ctx.parked.get(conversationId);
  if (!list) return;
  ctx.parked.delete(conversationId);
  const conv = await ctx.store.getConversation(conversationId);
  if (!conv) return;
  for (const { message } of list) await ingestMessage(ctx, conv, message);
}

/** Marks a conversation ended (once) and emits `conversation.ended`. */
export async function markEnded(
  ctx: ChatContext,
  conv: ConversationRecord,
  endedBy: NonNullable<ConversationRecord['endedBy']>,
  endedAt: string,
): Promise<boolean> {
  const fresh = (await ctx.store.getConversation(conv.id)) ?? conv;
  if (fresh.status === 'ended') return false;
  await ctx.store.updateConversation(conv.id, { status: 'ended', endedAt, endedBy, handoff: null });
  await emit(ctx, conv.sessionId, { type: 'conversation.ended', conversationId: conv.id, endedBy, endedAt });
  return true;
}

/** The widget's view of a stored conversation. */
export function toConversationInfo(conv: ConversationRecord) {
  return {
    id: conv.id, status: conv.status, createdAt: conv.createdAt, endedAt: conv.endedAt, endedBy: conv.endedBy, handoff: conv.handoff,
  };
}
