import type { Channel, Conversation, EndUser, MessageLog } from '../types';

/** Webhook event types the simulator fires (§6). */
export type WebhookEventType =
  | 'v1.conversation.created'
  | 'v1.conversation.message'
  | 'v1.conversation.ended'
  | 'v1.conversation.handoff.ended'
  | 'v1.end_user.created'
  | 'v1.end_user.updated';

/** The webhook envelope: `{type, timestamp, data}`, timestamp ISO with ms. */
export interface WebhookEvent {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Who ended a conversation, as in `v1.conversation.ended`. */
export interface EndedBy {
  id: string | null;
  role: 'end_user' | 'system' | 'human_agent';
}

/** `v1.conversation.created` data. */
export function conversationCreatedData(conversation: Conversation, domain: string): Record<string, unknown> {
  return {
    conversation_id: conversation.id,
    channel_id: conversation.channel_id,
    created_at: conversation.created_at,
    end_user_id: conversation.end_user_id,
    metadata: conversation.metadata,
    ai_agent_domain: domain,
  };
}

/** `v1.conversation.message` data: carries the whole `channel` object (July 2025 change), not `channel_id`. */
export function messageData(
  message: MessageLog,
  conversation: Conversation,
  channel: Channel,
  handoffIntegration: string | null,
  domain: string,
): Record<string, unknown> {
  return {
    message_id: message.message_id,
    conversation_id: conversation.id,
    end_user_id: conversation.end_user_id,
    handoff_integration: handoffIntegration,
    channel: {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      description: channel.description,
      modality: channel.modality,
      capabilities: channel.capabilities,
      metadata: channel.metadata,
      created_at: channel.created_at,
    },
    created_at: message.created_at,
    author: message.author,
    content: message.content,
    ai_agent_domain: domain,
  };
}

/** `v1.conversation.ended` data. */
export function conversationEndedData(conversation: Conversation, endedBy: EndedBy, domain: string): Record<string, unknown> {
  return {
    conversation_id: conversation.id,
    channel_id: conversation.channel_id,
    end_user_id: conversation.end_user_id,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    ended_by: endedBy,
    metadata: conversation.metadata,
    ai_agent_domain: domain,
  };
}

/** `v1.conversation.handoff.ended` data. */
export function handoffEndedData(conversation: Conversation, integration: string, domain: string): Record<string, unknown> {
  return {
    conversation_id: conversation.id,
    end_user_id: conversation.end_user_id,
    handoff_integration: integration,
    ai_agent_domain: domain,
  };
}

/** `v1.end_user.created` / `.updated` data: the EndUser plus top-level `tags`. */
export function endUserData(user: EndUser): Record<string, unknown> {
  return { ...user, tags: [] };
}
