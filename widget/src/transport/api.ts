import type {
  CreateSessionResponse, EndConversationResponse, HistoryResponse, Metadata, MetadataValue, SendMessageRequest,
  SendMessageResponse,
} from '../../../bridge-server/src/protocol/api';

/** A failed call: HTTP status (0 when the network failed) and the bridge's error code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
  /** Worth retrying later: the network, a timeout, rate limiting or the server. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Reads `{error:{code,message}}` from a failed response, or makes one up from the status. */
export async function readError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status;
  let message = res.statusText || code;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON: keep the status-based error.
  }
  return new ApiError(res.status, code, message);
}

/** The bridge's `/v1/` JSON routes. */
export type Api = ReturnType<typeof createApi>;

/**
 * JSON client of the bridge's `/v1/` routes. The token goes in the `Authorization` header, never the URL.
 * @example const api = createApi('https://bridge.example.com', () => token); await api.history();
 */
export function createApi(base: string, token: () => string | null, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const tok = token();
    if (tok) headers.authorization = 'Bearer ' + tok;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(`${base}/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network');
    }
    if (!res.ok) throw await readError(res);
    return (await res.json()) as T;
  }
  return {
    session: (resume?: string) => call<CreateSessionResponse>('POST', 'sessions', resume ? { resume } : {}),
    history: () => call<HistoryResponse>('GET', 'conversation'),
    send: (req: SendMessageRequest) => call<SendMessageResponse>('POST', 'messages', req),
    patch: (metadata: Record<string, MetadataValue | null> | Metadata) => call<unknown>('PATCH', 'conversation', { metadata }),
    end: () => call<EndConversationResponse>('POST', 'conversation/end'),
  };
}
