import { z } from 'zod';
import type { ConversationRecord } from '../store/types';
import { commit } from './commit';
import type { ChatContext } from './context';
import { ingestMessage, markEnded, markHandoffEnded, type Delivery, type IngestOutcome } from './ingest';
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
 * The delivery part of a webhook's write set: its id, and (`answers`) that Ada's side spoke in `conv`.
 * Reconciliation compares `lastWebhookAt` with `lastSendAt` (reconcile.ts `isStale`) to ask "did the reply come?",
 * so the echo of the visitor's own message does not count: it often comes after the send (shuffled, retried) while
 * the AI reply's webhook is lost, and counting it left that reply to Svix's retry 5 minutes later. While it is already
 * past the last send, refreshing it more than once a second changes no decision, and the set skips that write.
 */
function deliveryFor(conv: ConversationRecord, webhook: { id: string; at: number }, answers = true): Delivery {
  const now = webhook.at;
  if (!answers || (conv.lastWebhookAt >= conv.lastSendAt && now - conv.lastWebhookAt < 1_000)) return { webhook };
  return { webhook, touch: { conversationId: conv.id, patch: { lastWebhookAt: now } } };
}

/** A webhook outcome from how its write set went (`applied` means it changed something). */
const outcomeOf = (r: IngestOutcome): WebhookOutcome =>
  r === 'applied' ? 'processed' : r === 'duplicate_delivery' ? 'duplicate_delivery' : 'duplicate_message';

/** Envelope every Ada webhook has. */
export const webhookEnvelope = z.object({ type: z.string().min(1), timestamp: z.string().optional(), data: z.unknown() });

/** Outcome of handling one webhook, for metrics and logs. */
export type WebhookOutcome =
  | 'processed' | 'duplicate_delivery' | 'duplicate_message' | 'ignored_type' | 'ignored_channel' | 'ignored_conversation' | 'malformed';

/**
 * Applies one verified, parsed webhook delivered under `webhook.id` (svix-id). Touches only the store and the hub
 * (never Ada), so the HTTP answer stays fast. What a webhook changes, its events and the record of its delivery
 * id go in one write set (commit.ts): all applied, then published, or none. A delivery id seen before is
 * `duplicate_delivery`; `malformed` means a known type whose data does not have the documented shape (and is not
 * recorded, so a fixed retry can still apply).
 */
export async function handleWebhook(
  ctx: ChatContext, envelope: z.infer<typeof webhookEnvelope>, webhook: { id: string; at: number },
): Promise<WebhookOutcome> {
  // Nothing to apply, but a retry of this delivery is still a duplicate.
  const ignored = async (outcome: WebhookOutcome): Promise<WebhookOutcome> =>
    (await ctx.store.markWebhookSeen(webhook.id, webhook.at)) ? outcome : 'duplicate_delivery';
  switch (envelope.type) {
    case 'v1.conversation.message': {
      const parsed = messageData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const d = parsed.data;
      if ((d.channel?.id ?? d.channel_id) !== ctx.channelId) return ignored('ignored_channel');
      const conv = await ctx.store.getConversation(d.conversation_id);
      if (!conv) return ignored('ignored_conversation');
      const message = toChatMessage(
        { id: d.message_id, conversationId: conv.id, createdAt: d.created_at, author: d.author, content: d.content },
        null,
      );
      if (!message) {
        // Content the widget cannot show: only the delivery and its bookkeeping are recorded.
        const r = await commit(ctx, { sessionId: conv.sessionId, ...deliveryFor(conv, webhook, d.author.role !== 'end_user') });
        return r.status === 'duplicate_delivery' ? 'duplicate_delivery' : 'ignored_type';
      }
      return outcomeOf(await ingestMessage(ctx, conv, message, d.handoff_integration ?? null, deliveryFor(conv, webhook, message.role !== 'end_user')));
    }
    case 'v1.conversation.ended': {
      const parsed = endedData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const d = parsed.data;
      if (d.channel_id && d.channel_id !== ctx.channelId) return ignored('ignored_channel');
      const conv = await ctx.store.getConversation(d.conversation_id);
      if (!conv) return ignored('ignored_conversation');
      const endedAt = normaliseTime(d.updated_at ?? '');
      return outcomeOf(await markEnded(ctx, conv, d.ended_by?.role ?? 'system', endedAt, deliveryFor(conv, webhook)));
    }
    case 'v1.conversation.handoff.ended': {
      const parsed = handoffEndedData.safeParse(envelope.data);
      if (!parsed.success) return 'malformed';
      const conv = await ctx.store.getConversation(parsed.data.conversation_id);
      if (!conv) return ignored('ignored_conversation');
      return outcomeOf(await markHandoffEnded(ctx, conv, deliveryFor(conv, webhook)));
    }
    case 'v1.conversation.created': {
      // The bridge created the conversation itself and already emitted conversation.started.
      return ignored('ignored_type');
    }
    default:
      return ignored('ignored_type');
  }
}
