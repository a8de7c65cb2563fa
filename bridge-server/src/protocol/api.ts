/**
 * The widget ⇄ bridge wire protocol: request and response bodies of every `/v1/` route.
 * Type-only: the widget may `import type` from here (enforced by lint), so no server code reaches the bundle.
 *
 * Auth: every `/v1/` route except `POST /v1/sessions` takes the session token in the
 * `Authorization: Bearer <token>` header, never in the URL. The SSE stream is read with `fetch` for that reason.
 */

/** Who wrote a message, as Ada names the roles, plus `system` for notices made by the bridge. */
export type AuthorRole = 'end_user' | 'ai_agent' | 'human_agent' | 'system';

/** Content of a message. Mirrors Ada's content types (camelCased). `presence` is an agent joined/left notice. */
export type MessageContent =
  | { type: 'text'; body: string }
  | { type: 'link'; url: string; linkText: string | null }
  | { type: 'file'; url: string; mimeType: string; filename: string }
  | { type: 'presence'; body: string };

/** One message of a transcript, as the widget shows it. */
export interface ChatMessage {
  /** Ada's message id (`message_id`); stable across webhook retries and history. */
  id: string;
  /** The widget's own id for a message it sent; lets the widget merge the echo with its optimistic bubble. */
  clientId: string | null;
  conversationId: string;
  role: AuthorRole;
  author: { displayName: string | null; avatar: string | null };
  content: MessageContent;
  /** ISO 8601 with ms, from Ada's `created_at`; the transcript is ordered by it. */
  createdAt: string;
}

/** Who ended a conversation (Ada's `ended_by.role`). */
export type EndedBy = 'end_user' | 'system' | 'human_agent';

/** A conversation as the widget knows it. */
export interface ConversationInfo {
  id: string;
  status: 'active' | 'ended';
  createdAt: string;
  endedAt: string | null;
  endedBy: EndedBy | null;
  /** Set while a human agent has the conversation (handoff). */
  handoff: { agentName: string | null; agentAvatar: string | null } | null;
}

/** Conversation metadata values, as Ada accepts them (string, bool, int or float); 4 KB in total. */
export type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;

/** Optional end-user profile the widget can pass with the first message. */
export interface EndUserProfileInput {
  displayName?: string;
  avatar?: string;
  /** BCP 47 language tag. */
  language?: string;
}

/**
 * `POST /v1/sessions` body. Creates nothing at Ada (an identified visitor's profile is refreshed there only when
 * their Ada end user already exists and the profile changed).
 */
export interface CreateSessionRequest {
  /**
   * Optional: a previous token the browser still holds; a valid one is returned as is instead of a new session.
   * A signed-in visitor's token is only resumed with a `userToken` for the same user; without one (signed out),
   * a new anonymous session starts.
   */
  resume?: string;
  /**
   * Optional: the site's JWT for its signed-in visitor (HS256 with the bridge's `IDENTITY_SECRET`; `sub` and `exp`
   * required). Every browser of the same `sub` shares one session: the same conversation, transcript and live events.
   * Errors: 401 `identity_invalid`, 400 `identity_not_configured`.
   */
  userToken?: string;
}

/** The signed-in visitor a session belongs to, as the widget may show it. */
export interface SessionIdentity {
  /** The `name` claim, or null. */
  name: string | null;
}

/** `POST /v1/sessions` → 201 (new token) or 200 (resumed). `DELETE /v1/sessions` (Bearer) revokes a token → 204. */
export interface CreateSessionResponse {
  /** Secret bearer token; only this browser holds it. */
  token: string;
  /** Set when the session is a signed-in visitor's (`userToken`), null when anonymous. */
  identity: SessionIdentity | null;
}

/** `GET /v1/conversation` → 200: the session's current conversation and its whole transcript. */
export interface HistoryResponse {
  conversation: ConversationInfo | null;
  /** Sorted by `createdAt`. */
  messages: ChatMessage[];
  /** The id of the newest SSE event included; pass it as `Last-Event-ID` to continue without gaps. */
  lastEventId: string | null;
}

/** `POST /v1/messages` body. */
export interface SendMessageRequest {
  /** Widget-generated unique id (e.g. a UUID); the bridge is idempotent on it. */
  clientId: string;
  /** 1..5000 characters after trimming. */
  text: string;
  /** Used only when this message starts a new conversation. */
  profile?: EndUserProfileInput;
  /** Merged into the conversation metadata when this message starts a new conversation. */
  metadata?: Metadata;
  /** Where the visitor is; recorded in conversation metadata on start. */
  page?: { url: string; title?: string };
  /** `inline` when the conversation starts in a help-center inline embed. */
  surface?: 'launcher' | 'inline';
}

/** `POST /v1/messages` → 201 (posted) or 200 (this clientId was already posted: same answer). */
export interface SendMessageResponse {
  message: ChatMessage;
  conversation: ConversationInfo;
}

/** `PATCH /v1/conversation` body: metadata merged into the current conversation (null deletes a key). */
export interface UpdateMetadataRequest {
  metadata: Record<string, MetadataValue | null>;
}

/** `POST /v1/conversation/end` → 200. */
export interface EndConversationResponse {
  conversation: ConversationInfo;
}

/** Stable error codes of `{error:{code,message}}` bodies. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'message_too_long'
  | 'metadata_too_large'
  | 'unauthorized'
  | 'session_unknown'
  | 'origin_not_allowed'
  | 'not_found'
  | 'conversation_ended'
  | 'no_conversation'
  | 'payload_too_large'
  | 'rate_limited'
  | 'ada_unavailable'
  | 'ada_rejected'
  | 'invalid_signature'
  | 'shutting_down'
  /**
   * The bridge cannot use its store right now (Redis unreachable; the SQLite file on a full disk, deleted or
   * replaced): nothing was changed or sent to Ada; transient, retry after `Retry-After`. One code for both backends.
   */
  | 'unavailable'
  /** The bridge is past its load bound; retry after `Retry-After`. */
  | 'overloaded'
  /** `GET /widget.js` while the widget has not been built (`npm run build`). */
  | 'widget_not_built'
  | 'internal_error'
  /** A `userToken` that is forged, expired, or lacks a valid `sub` (401; nothing is created at Ada). */
  | 'identity_invalid'
  /** A `userToken` sent to a bridge without `IDENTITY_SECRET` (400); the widget stays anonymous. */
  | 'identity_not_configured'
  /** An attachment whose content (or declared type) is not in `ATTACHMENT_TYPES` (415). */
  | 'attachment_type_not_allowed'
  /** Files go to Ada only while a human agent has the conversation (409). */
  | 'handoff_required';

/** Every error response body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId?: string };
}
