import type { ErrorCode } from './protocol/api';

/** Every error code the bridge answers with, as constants (the `ErrorCode` union of the wire protocol). */
export const ErrorCodes = {
  badRequest: 'bad_request',
  validationFailed: 'validation_failed',
  messageTooLong: 'message_too_long',
  metadataTooLarge: 'metadata_too_large',
  unauthorized: 'unauthorized',
  sessionUnknown: 'session_unknown',
  originNotAllowed: 'origin_not_allowed',
  notFound: 'not_found',
  conversationEnded: 'conversation_ended',
  noConversation: 'no_conversation',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  adaUnavailable: 'ada_unavailable',
  adaRejected: 'ada_rejected',
  invalidSignature: 'invalid_signature',
  shuttingDown: 'shutting_down',
  unavailable: 'unavailable',
  overloaded: 'overloaded',
  widgetNotBuilt: 'widget_not_built',
  internalError: 'internal_error',
  identityInvalid: 'identity_invalid',
  identityNotConfigured: 'identity_not_configured',
  attachmentTypeNotAllowed: 'attachment_type_not_allowed',
  handoffRequired: 'handoff_required',
} as const satisfies Record<string, ErrorCode>;

/** Default HTTP status per code; a `BridgeError` may override it. */
const defaultStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  message_too_long: 400,
  metadata_too_large: 400,
  unauthorized: 401,
  session_unknown: 401,
  origin_not_allowed: 403,
  not_found: 404,
  conversation_ended: 409,
  no_conversation: 404,
  payload_too_large: 413,
  rate_limited: 429,
  ada_unavailable: 503,
  ada_rejected: 502,
  invalid_signature: 401,
  shutting_down: 503,
  unavailable: 503,
  overloaded: 503,
  widget_not_built: 503,
  internal_error: 500,
  identity_invalid: 401,
  // The token may be fine; this bridge just has no IDENTITY_SECRET to check it with.
  identity_not_configured: 400,
  attachment_type_not_allowed: 415,
  handoff_required: 409,
};

/**
 * The one error type of the bridge: a stable code, an HTTP status and a message safe to show a user.
 * `cause` keeps the underlying error for logs only; it is never sent to a client.
 * @example throw new BridgeError('message_too_long', 'Messages are limited to 5,000 characters.');
 */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Seconds a client should wait before retrying (`Retry-After`); every 503 has one (default 5). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { status?: number; cause?: unknown; retryAfter?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BridgeError';
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.retryAfter = options.retryAfter ?? (this.status === 503 ? 5 : undefined);
  }
}

/** True when `err` is a `BridgeError`. */
export function isBridgeError(err: unknown): err is BridgeError {
  return err instanceof BridgeError;
}
