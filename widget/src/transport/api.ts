import type {
  CreateSessionResponse, EndConversationResponse, HistoryResponse, Metadata, SendMessageRequest, SendMessageResponse,
} from '../../../bridge-server/src/protocol/api';

/** A failed call: HTTP status (0 when the network failed) and the bridge's error code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
  /** Worth retrying later: the network, a timeout, rate limiting or the server. */
  get transient(): boolean {
    const s = this.status;
    return !s || s == 408 || s == 429 || s > 499;
  }
}

/** Any thrown value as an ApiError (a fetch that threw is a network failure, status 0). */
export const toApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError(0, 'network', e instanceof Error ? e.message : String(e));

/** Reads `{error:{code,message}}` from a failed response, or makes one up from the status. */
export async function readError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const { code, message } = body?.error ?? {};
  const c = typeof code == 'string' ? code : 'http_' + res.status;
  return new ApiError(res.status, c, typeof message == 'string' ? message : res.statusText || c);
}

/** Request headers: what we accept, plus the token as a Bearer `Authorization` (never in the URL). */
export const headers = (accept: string, token: string | null): Record<string, string> =>
  token ? { accept, authorization: 'Bearer ' + token } : { accept };

/** The bridge's `/v1/` JSON routes. */
export type Api = ReturnType<typeof createApi>;

/**
 * JSON client of the bridge's `/v1/` routes.
 * @example const api = createApi('https://bridge.example.com', () => token); await api.history();
 */
export function createApi(base: string, token: () => string | null, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  async function call<T>(method: string, path: string, body?: object): Promise<T> {
    const h = headers('application/json', token());
    if (body) h['content-type'] = 'application/json';
    const res = await fetchImpl(`${base}/v1/${path}`, { method, headers: h, body: body && JSON.stringify(body) }).catch((e: unknown) => {
      throw toApiError(e);
    });
    if (!res.ok) throw await readError(res);
    // PATCH /v1/conversation answers 204 with no body.
    return (res.status == 204 ? undefined : await res.json()) as T;
  }
  return {
    session: () => call<CreateSessionResponse>('POST', 'sessions', {}),
    history: () => call<HistoryResponse>('GET', 'conversation'),
    send: (req: SendMessageRequest) => call<SendMessageResponse>('POST', 'messages', req),
    patch: (metadata: Metadata) => call<void>('PATCH', 'conversation', { metadata }),
    end: () => call<EndConversationResponse>('POST', 'conversation/end'),
  };
}
