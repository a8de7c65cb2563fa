import { z } from 'zod';
import type { ConversationRecord } from '../store/types';
import type { ChatContext } from './context';
import { emit } from './context';
import { ingestMessage, markEnded } from './ingest';
import { normaliseTime, toChatMessage } from './mapAda';

const author = z.object({
  id: z.string().nullable().optional(),
  role: z.string(),
  avatar: z.string().nullable().optional(),
  display_name: z.string().nullable().optional(),
});
const content = z.object({ type: z.string() }).passthrough();

const messageData = z.object({
  message_id: z.string().min(1),
  conversation_id: z.string().min(1),
  handoff_integration: z.string().nullable().optional(),
  channel: z.object({ id: z.string() }).passthrough().optional(),
  channel_id: z.string().optional(),
  created_at: z.string(),
  author,
  content,
});
const endedData = z.object({
  conversation_id: z.string().min(1),
  channel_id: z.string().optional(),
  updated_at: z.string().optional(),
  ended_by: z.object({ role: z.enum(['end_user', 'system', 'human_agent']) }).partial().nullable().optional(),
});
const handoffEndedData = z.object({ conversation_id: z.string().min(1) });

/**
 * Records that a webhook came for `conv`. Reconciliation only compares `lastWebhookAt` with `lastSendAt`
 * (reconcile.ts `isStale`), so while it is already past the last send, refreshing it more than once a second
 * changes no decision; skipping that write saves one commit per webhook on a busy conversation.
 */
async function noteWebhook(ctx: ChatContext, conv: ConversationRecord): Promise<void> {
  const now = Date.now();
  if (conv.lastWebhookAt >= conv.lastSendAt && now - conv.lastWebhookAt < 1_000) return;
  await ctx.store.updateConversation(conv.id, { lastWebhookAt: now });
}

/** Envelope every Ada webhook has. */
export const webhookEnvelope = z.object({ type: z.string().min(1), timestamp: z.string().optional(), data: z.unknown() });

/** Outcome of handling one webhook, for metrics and logs. */
export type WebhookOutcome = 'processed' | 'duplicate_message' | 'ignored_type' | 'ignored_channel' | 'ignored_conversation' | 'malformed';

/**
 * Applies one verified, parsed webhook. Touches only the store and the hub (never Ada), so the HTTP answer
 * stays fast. `malformed` means a known type whose data does not have the documented shape.
 */
export async function handleWebhook(ctx: ChatContext, envelope: z.infer<typeof webhookEnvelope>): Promise<WebhookOutcome> {
  switch (envelope.type) {
    case 'v1.conversation.message': {
      const parsed = messageData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const d = parsed.data;
      if ((d.channel?.id ?? d.channel_id) !== ctx.channelId) return 'ignored_channel';
      const conv = await ctx.store.getConversation(d.conversation_id);
      if (!conv) return 'ignored_conversation';
      await noteWebhook(ctx, conv);
      const message = toChatMessage(
        { id: d.message_id, conversationId: conv.id, createdAt: d.created_at, author: d.author, content: d.content },
        null,
      );
      if (!message) return 'ignored_type';
      return (await ingestMessage(ctx, conv, message, d.handoff_integration ?? null)) ? 'processed' : 'duplicate_message';
    }
    case 'v1.conversation.ended': {
      const parsed = endedData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const d = parsed.data;
      if (d.channel_id && d.channel_id !== ctx.channelId) return 'ignored_channel';
      const conv = await ctx.store.getConversation(d.conversation_id);
      if (!conv) return 'ignored_conversation';
      await noteWebhook(ctx, conv);
      const endedAt = normaliseTime(d.updated_at ?? '');
      return (await markEnded(ctx, conv, d.ended_by?.role ?? 'system', endedAt)) ? 'processed' : 'duplicate_message';
    }
    case 'v1.conversation.handoff.ended': {
      const parsed = handoffEndedData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const conv = await ctx.store.getConversation(parsed.data.conversation_id);
      if (!conv) return 'ignored_conversation';
      await noteWebhook(ctx, conv);
      if (!conv.handoff) return 'duplicate_message';
      await ctx.store.updateConversation(conv.id, { handoff: null });
      await emit(ctx, conv.sessionId, { type: 'handoff.ended', conversationId: conv.id });
      return 'processed';
    }
    case 'v1.conversation.created': {
      // The bridge created the conversation itself and already emitted conversation.started.
      return 'ignored_type';
    }
    default:
      return 'ignored_type';
  }
}
