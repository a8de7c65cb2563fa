/**
 * Server-sent events from `GET /v1/events` (session token in the `Authorization` header).
 *
 * Framing: each event has `id:` (an opaque, increasing string; resume by sending it back as `Last-Event-ID`),
 * `event:` equal to the event's `type`, and `data:` with the JSON of the event. The stream starts with `retry:`
 * and sends `:` comment keep-alives. Ids follow arrival order at the bridge; every message carries `createdAt`
 * and the widget keeps its transcript sorted by it (Ada delivers webhooks in any order).
 *
 * Type-only: the widget may `import type` from here.
 */
import type { ChatMessage, ConversationInfo, EndedBy, ErrorCode } from './api';

/** A message from anyone, including the end user's own (so other tabs see it). */
export interface MessageEvent {
  type: 'message';
  message: ChatMessage;
}

/** A conversation began (first message of the session, or the first after an end). */
export interface ConversationStartedEvent {
  type: 'conversation.started';
  conversation: ConversationInfo;
}

/** The conversation ended, by the end user, a human agent or the system (e.g. the AI Agent said goodbye). */
export interface ConversationEndedEvent {
  type: 'conversation.ended';
  conversationId: string;
  endedBy: EndedBy;
  endedAt: string;
}

/** A human agent took the conversation over. */
export interface HandoffStartedEvent {
  type: 'handoff.started';
  conversationId: string;
  agentName: string | null;
  agentAvatar: string | null;
}

/** The human agent handed the conversation back to the AI Agent. */
export interface HandoffEndedEvent {
  type: 'handoff.ended';
  conversationId: string;
}

/** Something the widget should show; `clientId` names a message that could not be delivered. */
export interface ErrorEvent {
  type: 'error';
  code: ErrorCode;
  message: string;
  clientId?: string;
}

/** The bridge is going away (shutdown); reconnect after `retryMs`. Carries no id. */
export interface ReconnectEvent {
  type: 'reconnect';
  retryMs: number;
}

/** Every event the widget can receive. */
export type BridgeEvent =
  | MessageEvent
  | ConversationStartedEvent
  | ConversationEndedEvent
  | HandoffStartedEvent
  | HandoffEndedEvent
  | ErrorEvent
  | ReconnectEvent;

/** The SSE `event:` names, one per `BridgeEvent['type']`. */
export type BridgeEventType = BridgeEvent['type'];
