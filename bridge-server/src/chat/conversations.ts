import { BridgeError } from '../errors';
import type { EndConversationResponse, HistoryResponse, MetadataValue } from '../protocol/api';
import type { SessionRecord } from '../store/types';
import { toBridgeError } from './adaErrors';
import type { ChatContext } from './context';
import { markEnded, toConversationInfo } from './ingest';
import { validateMetadata } from './metadata';
import { reconcileIfStale } from './reconcile';

/**
 * The session's current conversation and its transcript. The last event id is read before the messages, so
 * resuming the stream from it can repeat a message already listed (the widget merges by id) but never skip one.
 * Reconciles first when webhooks for the conversation look stale.
 */
export async function getHistory(ctx: ChatContext, session: SessionRecord): Promise<HistoryResponse> {
  const conv = session.conversationId ? await ctx.store.getConversation(session.conversationId) : null;
  if (conv) await reconcileIfStale(ctx, conv, 'history');
  const lastEventId = await ctx.store.lastEventId(session.id);
  const fresh = conv ? await ctx.store.getConversation(conv.id) : null;
  return {
    conversation: fresh ? toConversationInfo(fresh) : null,
    messages: fresh ? await ctx.store.messagesOf(fresh.id) : [],
    // "0" rather than null: a widget can always send it back as Last-Event-ID and miss nothing.
    lastEventId: String(lastEventId),
  };
}

async function activeConversation(ctx: ChatContext, session: SessionRecord) {
  const conv = session.conversationId ? await ctx.store.getConversation(session.conversationId) : null;
  if (!conv) throw new BridgeError('no_conversation', 'There is no conversation yet; send a message to start one.');
  return conv;
}

/** Ends the current conversation at Ada (end user's choice). Idempotent: an ended one is returned as is. */
export async function endConversation(ctx: ChatContext, session: SessionRecord): Promise<EndConversationResponse> {
  const conv = await activeConversation(ctx, session);
  if (conv.status === 'active') {
    try {
      await ctx.ada.endConversation(conv.id);
    } catch (err) {
      throw toBridgeError(err);
    }
    await markEnded(ctx, conv, 'end_user', new Date().toISOString());
  }
  const fresh = (await ctx.store.getConversation(conv.id)) ?? conv;
  return { conversation: toConversationInfo(fresh) };
}

/** Merges metadata into the current conversation at Ada (null deletes a key). */
export async function updateMetadata(
  ctx: ChatContext, session: SessionRecord, metadata: Record<string, unknown>,
): Promise<void> {
  const valid = validateMetadata<MetadataValue | null>(metadata, { allowNull: true });
  const conv = await activeConversation(ctx, session);
  if (conv.status === 'ended') throw new BridgeError('conversation_ended', 'This conversation has ended.');
  try {
    await ctx.ada.patchConversation(conv.id, valid);
  } catch (err) {
    throw toBridgeError(err);
  }
}
