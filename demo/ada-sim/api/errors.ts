/** Error types the simulator answers with, one per HTTP status. */
export const ERROR_TYPES = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_server_error',
} as const;

/** HTTP statuses Ada documents for its errors. */
export type AdaErrorStatus = keyof typeof ERROR_TYPES;

/** Ada's error body: `{"errors":[{"type","message","details"}]}` (§1). */
export interface AdaErrorBody {
  errors: Array<{ type: string; message: string; details: string | null }>;
}

/**
 * An API error answered in Ada's shape. `violation` marks a request that broke the documented
 * contract (as opposed to a legitimate race such as posting to a conversation that just ended).
 */
export class AdaApiError extends Error {
  constructor(
    readonly status: AdaErrorStatus,
    message: string,
    readonly details: string | null = null,
    readonly violation = false,
  ) {
    super(message);
    this.name = 'AdaApiError';
  }

  /** The JSON body Ada sends for this error. */
  toBody(): AdaErrorBody {
    return { errors: [{ type: ERROR_TYPES[this.status], message: this.message, details: this.details }] };
  }
}

/** 404 for an id the simulator does not know. */
export function notFound(what: string, id: string): AdaApiError {
  return new AdaApiError(404, `${what} not found`, `No ${what.toLowerCase()} with id ${id}`);
}

/** 400 for a request that breaks the contract (recorded as a violation). */
export function badRequest(message: string, details: string | null = null): AdaApiError {
  return new AdaApiError(400, message, details, true);
}
