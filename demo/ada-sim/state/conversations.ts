import { AdaApiError, badRequest, notFound } from '../api/errors';
import type { BodyOf } from '../api/schemas';
import type { Channel, Conversation, MessageAuthor, MessageContent, MessageLog } from '../types';
import { conversationCreatedData, conversationEndedData, handoffEndedData, messageData, type EndedBy } from '../webhooks/events';
import { METADATA_LIMIT_BYTES, createEndUser } from './accounts';
import { jsonBytes, newId, type SimContext } from './context';

/** A conversation with its channel and hidden state, as domain operations need it. */
export interface ConversationView {
  conversation: Conversation;
  channel: Channel;
  handoffIntegration: string | null;
}

/** Looks a conversation up. @throws AdaApiError 404 */
export function getConversation(ctx: SimContext, id: string): ConversationView {
  const conversation = ctx.store.conversations.get(id);
  const channel = conversation && ctx.store.channels.get(conversation.channel_id);
  if (!conversation || !channel) throw notFound('Conversation', id);
  return { conversation, channel, handoffIntegration: ctx.store.conversationState.get(id)?.handoffIntegration ?? null };
}

/** `POST /conversations/`: creates an end user when none is given; fires `v1.conversation.created`. */
export function createConversation(ctx: SimContext, input: BodyOf<'conversationCreate'>): Conversation {
  const channel = ctx.store.channels.get(input.channel_id);
  if (!channel) throw notFound('Channel', input.channel_id);
  const metadata = input.metadata ?? {};
  if (jsonBytes(metadata) > METADATA_LIMIT_BYTES) throw badRequest('Metadata too large', 'Conversation metadata is limited to 4 KB');
  let endUserId = input.end_user_id ?? null;
  if (endUserId !== null && !ctx.store.endUsers.has(endUserId)) throw notFound('End user', endUserId);
  endUserId ??= createEndUser(ctx, null).end_user_id;
  const now = ctx.clock.now();
  const conversation: Conversation = {
    id: newId(ctx),
    channel_id: channel.id,
    end_user_id: endUserId,
    status: 'active',
    created_at: now,
    updated_at: now,
    metadata,
  };
  ctx.store.conversations.set(conversation.id, conversation);
  ctx.store.conversationState.set(conversation.id, { handoffIntegration: null });
  ctx.store.messages.set(conversation.id, []);
  ctx.emit('v1.conversation.created', conversationCreatedData(conversation, ctx.domain));
  return conversation;
}

/** `PATCH /conversations/{id}/`: merges metadata; a null value deletes the key; 4 KB limit. */
export function patchConversation(ctx: SimContext, id: string, input: BodyOf<'conversationPatch'>): Conversation {
  const { conversation } = getConversation(ctx, id);
  const metadata = { ...conversation.metadata };
  for (const [key, value] of Object.entries(input.metadata)) {
    if (value === null) delete metadata[key];
    else metadata[key] = value;
  }
  if (jsonBytes(metadata) > METADATA_LIMIT_BYTES) throw badRequest('Metadata too large', 'Conversation metadata is limited to 4 KB');
  conversation.metadata = metadata;
  conversation.updated_at = ctx.clock.now();
  return conversation;
}

/**
 * Stores a message and fires `v1.conversation.message` (for every author, the end user's own posts too).
 * @throws AdaApiError 422 once the conversation has ended.
 */
export function appendMessage(ctx: SimContext, conversationId: string, author: MessageAuthor, content: MessageContent): MessageLog {
  const view = getConversation(ctx, conversationId);
  if (view.conversation.status === 'ended') throw new AdaApiError(422, 'Conversation has ended', `Conversation ${conversationId} is ended`);
  const message: MessageLog = { type: 'message_logs', message_id: newId(ctx), created_at: ctx.clock.now(), author, content };
  ctx.store.messages.get(conversationId)?.push(message);
  view.conversation.updated_at = message.created_at;
  ctx.emit('v1.conversation.message', messageData(message, view.conversation, view.channel, view.handoffIntegration, ctx.domain));
  return message;
}

/** The create-message response (§4). */
export interface MessageResponse {
  id: string;
  conversation_id: string;
  author: BodyOf<'messageCreate'>['author'];
  content: MessageContent;
  created_at: string;
  updated_at: string;
}

/**
 * `POST /conversations/{id}/messages/`: only the conversation's end user or a named human agent may post.
 * The end user's message is handed to the AI Agent afterwards.
 */
export function postMessage(ctx: SimContext, conversationId: string, input: BodyOf<'messageCreate'>): MessageResponse {
  const { conversation, handoffIntegration } = getConversation(ctx, conversationId);
  const { author, content } = input;
  if (author.role === 'end_user' && !author.id) throw badRequest('author.id is required for end_user messages');
  if (author.role === 'end_user' && author.id !== conversation.end_user_id) {
    throw badRequest('author.id does not match the conversation', `The conversation's end user is ${conversation.end_user_id}`);
  }
  if (author.role === 'human_agent' && !author.display_name) throw badRequest('author.display_name is required for human_agent messages');
  if (content.type === 'file') {
    if (!ctx.store.attachmentUrls.has(content.url)) throw badRequest('Unknown file url', 'File urls must come from the attachments endpoint');
    if (handoffIntegration === null) throw new AdaApiError(422, 'Files can only be sent during a handoff', null, true);
  }
  const stored: MessageAuthor = {
    // [spec §4] author.id is null for human agents in the message log
    id: author.role === 'end_user' ? (author.id ?? null) : null,
    role: author.role,
    avatar: author.avatar ?? null,
    display_name: author.display_name ?? null,
  };
  const message = appendMessage(ctx, conversationId, stored, content);
  if (author.role === 'end_user') ctx.onEndUserMessage(conversation, message);
  return {
    id: message.message_id,
    conversation_id: conversationId,
    author,
    content,
    created_at: message.created_at,
    updated_at: message.created_at,
  };
}

/**
 * Ends a conversation and fires `v1.conversation.ended`. Ending an ended conversation changes nothing.
 * @returns false when it had already ended.
 */
export function endConversation(ctx: SimContext, id: string, endedBy: EndedBy): boolean {
  const { conversation } = getConversation(ctx, id);
  if (conversation.status === 'ended') return false;
  conversation.status = 'ended';
  conversation.updated_at = ctx.clock.now();
  const state = ctx.store.conversationState.get(id);
  if (state) state.handoffIntegration = null;
  ctx.emit('v1.conversation.ended', conversationEndedData(conversation, endedBy, ctx.domain));
  return true;
}

/** Marks a conversation as handed off to the given integration. */
export function beginHandoff(ctx: SimContext, id: string, integration: string): void {
  const { conversation } = getConversation(ctx, id);
  if (conversation.status === 'ended') throw new AdaApiError(422, 'Conversation has ended');
  const state = ctx.store.conversationState.get(id);
  if (state) state.handoffIntegration = integration;
}

/**
 * `POST /conversations/{id}/end-handoff/`: hands back to the AI Agent; fires `v1.conversation.handoff.ended`.
 * @throws AdaApiError 422 when the conversation is not in a handoff.
 */
export function endHandoff(ctx: SimContext, id: string): void {
  const { conversation, handoffIntegration } = getConversation(ctx, id);
  if (handoffIntegration === null) throw new AdaApiError(422, 'Conversation is not in a handoff');
  const state = ctx.store.conversationState.get(id);
  if (state) state.handoffIntegration = null;
  ctx.emit('v1.conversation.handoff.ended', handoffEndedData(conversation, handoffIntegration, ctx.domain));
}
