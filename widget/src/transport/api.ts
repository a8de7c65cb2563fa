import type {
  CreateSessionRequest, CreateSessionResponse, EndConversationResponse, HistoryResponse, Metadata, SendMessageRequest, SendMessageResponse,
} from '../../../bridge-server/src/protocol/api';

/** A failed call: HTTP status (0 when the network failed) and the bridge's error code and message. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
}

/** Worth retrying later: the network, a timeout, rate limiting or the server. */
export const transient = ({ status: s }: ApiError): boolean => !s || s == 408 || s == 429 || s > 499;

/** Any thrown value as an ApiError: our calls throw ApiErrors, anything else (a fetch that threw) is the network. */
export const toApiError = (e: unknown): ApiError =>
  e instanceof Error ? { status: 0, code: 'network', message: e.message } : (e as ApiError);

/** Reads `{error:{code,message}}` from a failed response, or makes one up from the status. */
export async function readError(res: Response): Promise<ApiError> {
  const { status } = res;
  const e = ((await res.json().catch(() => null)) as { error?: Partial<ApiError> } | null)?.error;
  const code = e?.code ?? 'http_' + status;
  return { status, code, message: e?.message ?? (res.statusText || code) };
}

const JSON_TYPE = 'application/json';

/** Fetches one `/v1/` route, sending the token as a Bearer `Authorization` header (never in the URL). */
export type Request = (path: string, init: RequestInit & { headers: Record<string, string> }) => Promise<Response>;

/**
 * JSON client of the bridge's `/v1/` routes; `request` is shared with the event stream.
 * @example const api = createApi('https://bridge.example.com', () => token); await api.history();
 */
export function createApi(base: string, token: () => string | null, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  const request: Request = (path, init) => {
    const t = token();
    if (t) init.headers.authorization = 'Bearer ' + t;
    return fetchImpl(`${base}/v1/${path}`, init);
  };
  async function call<T>(path: string, body?: object, method = body ? 'POST' : 'GET'): Promise<T> {
    const headers: Record<string, string> = { accept: JSON_TYPE };
    if (body) headers['content-type'] = JSON_TYPE;
    const res = await request(path, { method, headers, body: body && JSON.stringify(body) });
    if (!res.ok) throw await readError(res);
    // PATCH /v1/conversation answers 204 with no body.
    return (res.status == 204 ? undefined : await res.json()) as T;
  }
  return {
    request,
    session: (req: CreateSessionRequest = {}) => call<CreateSessionResponse>('sessions', req),
    /** Revokes the session token at the bridge (sign-out). */
    signOut: () => call<void>('sessions', undefined, 'DELETE'),
    history: () => call<HistoryResponse>('conversation'),
    send: (req: SendMessageRequest) => call<SendMessageResponse>('messages', req),
    patch: (metadata: Metadata) => call<void>('conversation', { metadata }, 'PATCH'),
    end: () => call<EndConversationResponse>('conversation/end', {}),
  };
}
