import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { retryWithin } from './retry';
import type {
  AdaAttachment, AdaChannel, AdaContent, AdaConversation, AdaEndUser, AdaEndUserProfile, AdaMessageLog, AdaPage, AdaPostedMessage,
} from './types';

/** An Ada call that failed: `status` 0 means no HTTP answer (network error or timeout). */
export class AdaError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AdaError';
  }

  /** 429, 5xx and no-answer failures are worth retrying. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** Options of `createAdaClient`. */
export interface AdaClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Total retry budget per call (default 10 s). */
  deadlineMs?: number;
  /** Per-attempt timeout (default 5 s, bounded by the time left). */
  attemptTimeoutMs?: number;
  /** Ada allows 30 requests/s on the Conversations and End Users APIs. */
  requestsPerSecond?: number;
  backoff?: { baseMs: number; maxMs: number };
  metrics?: Metrics;
  logger?: Logger;
  fetch?: typeof fetch;
}

/**
 * Per-call options: `deadlineAt` (epoch ms) bounds the call, its retries and its waits in the limiter queue, so
 * one widget request that makes several Ada calls (an orphan lookup, then a post) keeps one deadline in all.
 */
export interface AdaCallOptions {
  deadlineAt?: number;
}

interface CallOptions<T> extends AdaCallOptions {
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path under /api, or an absolute URL on the Ada host (pagination links). */
  path: string;
  body?: unknown;
  /** A multipart body instead of JSON, built afresh for each attempt (uploads). */
  form?: () => FormData;
  /** Per-attempt timeout of this call, when the default (made for small JSON calls) is too short. */
  attemptTimeoutMs?: number;
  beforeRetry?: (err: unknown) => Promise<{ value: T } | undefined>;
}

/**
 * Ada Conversations API client: Bearer auth, a p-queue limiter (30/s), and retries with backoff and full
 * jitter inside a deadline. The API key only ever goes into the Authorization header of calls to `baseUrl`.
 * @example const ada = createAdaClient({ baseUrl: 'https://x.ada.support', apiKey }); await ada.createEndUser({});
 */
export function createAdaClient(options: AdaClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const queue = new PQueue({ intervalCap: options.requestsPerSecond ?? 30, interval: 1000 });
  const deadlineMs = options.deadlineMs ?? 10_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  // An error body is quoted into AdaError messages (and so into logs); a proxy or gateway that echoes the
  // request headers back must not put the key there.
  const scrub = (text: string): string => (options.apiKey ? text.split(options.apiKey).join('[redacted]') : text);

  async function attempt<T>(call: CallOptions<T>, msLeft: number): Promise<T> {
    const url = call.path.startsWith('http') ? call.path : `${base}/api${call.path}`;
    if (!url.startsWith(`${base}/`)) throw new AdaError(call.operation, 400, 'refusing to follow a link off the Ada host');
    const started = performance.now();
    let outcome = 'ok';
    // One timer for the whole attempt: time spent waiting in the limiter queue counts too, so a backed-up
    // queue can never hold a call past its deadline.
    const signal = AbortSignal.timeout(Math.max(1, Math.min(call.attemptTimeoutMs ?? attemptTimeoutMs, msLeft)));
    try {
      const res = await queue.add(() =>
        doFetch(url, {
          method: call.method,
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            accept: 'application/json',
            // A FormData body sets its own multipart content-type with the boundary.
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: call.form ? call.form() : call.body === undefined ? undefined : JSON.stringify(call.body),
          signal,
        }),
        { signal },
      );
      const text = await res.text();
      if (!res.ok) {
        outcome = String(res.status);
        throw new AdaError(call.operation, res.status, `Ada answered ${res.status} to ${call.operation}: ${scrub(adaErrorMessage(text))}`);
      }
      return (text ? JSON.parse(text) : {}) as T;
    } catch (err) {
      if (err instanceof AdaError) throw err;
      outcome = 'network';
      // The cause is kept for logs; its message never carries the key (it only travels in a request header).
      throw new AdaError(call.operation, 0, `Ada did not answer ${call.operation} (${(err as Error).name})`, { cause: err });
    } finally {
      options.metrics?.adaLatency.observe({ operation: call.operation, outcome }, (performance.now() - started) / 1000);
      if (outcome !== 'ok') options.metrics?.adaErrors.inc({ operation: call.operation, kind: outcome });
    }
  }

  function call<T>(c: CallOptions<T>): Promise<T> {
    const budget = c.deadlineAt === undefined ? deadlineMs : Math.min(deadlineMs, c.deadlineAt - Date.now());
    // No time left: fail without sending anything (a request cut off at once could still land at Ada, unknown to us).
    if (budget <= 0) return Promise.reject(new AdaError(c.operation, 0, `no time left for ${c.operation} within the request's deadline`));
    return retryWithin<T>((left) => attempt(c, left), {
      deadlineMs: budget,
      baseDelayMs: options.backoff?.baseMs ?? 200,
      maxDelayMs: options.backoff?.maxMs ?? 2_000,
      isRetryable: (err) => err instanceof AdaError && err.retryable,
      beforeRetry: async (err, n) => {
        options.logger?.warn({ operation: c.operation, attempt: n, err: (err as Error).message }, 'retrying Ada call');
        return c.beforeRetry?.(err);
      },
    });
  }

  async function listAll<T>(operation: string, path: string, o: AdaCallOptions = {}): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = path;
    for (let pages = 0; next && pages < 1000; pages++) {
      const page: AdaPage<T> = await call<AdaPage<T>>({ operation, method: 'GET', path: next, deadlineAt: o.deadlineAt });
      out.push(...(page.data ?? []));
      next = page.meta?.next_page_url ?? null;
    }
    return out;
  }

  return {
    listCustomChannels: () => listAll<AdaChannel>('list_channels', '/v2/channels/?type=custom&limit=100'),
    createChannel: (body: { name: string; description: string; modality: 'messaging'; metadata: Record<string, string>; capabilities: { markdown: boolean } }) =>
      call<AdaChannel>({ operation: 'create_channel', method: 'POST', path: '/v2/channels/', body }),
    createEndUser: (profile: { display_name?: string; avatar?: string; language?: string }, o: AdaCallOptions = {}) =>
      call<AdaEndUser>({ operation: 'create_end_user', method: 'POST', path: '/v2/end-users/', body: { profile }, ...o }),
    /** [spec §5] creates the end user of `external_id`, or updates its profile (200) when it exists. */
    upsertEndUser: (body: { external_id: string; profile: AdaEndUserProfile }, o: AdaCallOptions = {}) =>
      call<AdaEndUser>({ operation: 'upsert_end_user', method: 'POST', path: '/v2/end-users/', body, ...o }),
    /** [spec §3] uploads a file (multipart `file`); Ada takes it only during a handoff (422 otherwise). */
    uploadAttachment: (conversationId: string, file: Blob, filename: string, o: AdaCallOptions = {}) =>
      call<AdaAttachment>({
        operation: 'upload_attachment', method: 'POST', path: `/v2/conversations/${encodeURIComponent(conversationId)}/attachments/`,
        form: () => {
          const form = new FormData();
          form.append('file', file, filename);
          return form;
        },
        // Up to 10 MB to Ada: one attempt may use the whole budget, not the 5 s a JSON call gets.
        attemptTimeoutMs: deadlineMs,
        ...o,
      }),
    createConversation: (body: { channel_id: string; end_user_id: string; metadata: Record<string, string | number | boolean> }, o: AdaCallOptions = {}) =>
      call<AdaConversation>({ operation: 'create_conversation', method: 'POST', path: '/v2/conversations/', body, ...o }),
    getConversation: (id: string) =>
      call<AdaConversation>({ operation: 'get_conversation', method: 'GET', path: `/v2/conversations/${encodeURIComponent(id)}/` }),
    patchConversation: (id: string, metadata: Record<string, string | number | boolean | null>, o: AdaCallOptions = {}) =>
      call<AdaConversation>({ operation: 'patch_conversation', method: 'PATCH', path: `/v2/conversations/${encodeURIComponent(id)}/`, body: { metadata }, ...o }),
    endConversation: (id: string, o: AdaCallOptions = {}) =>
      call<{ message?: string }>({ operation: 'end_conversation', method: 'POST', path: `/v2/conversations/${encodeURIComponent(id)}/end/`, ...o }),
    postMessage: (
      conversationId: string,
      body: { author: { id: string; role: 'end_user'; display_name?: string; avatar?: string }; content: AdaContent },
      beforeRetry?: (err: unknown) => Promise<{ value: AdaPostedMessage } | undefined>,
      o: AdaCallOptions = {},
    ) =>
      call<AdaPostedMessage>({
        operation: 'post_message', method: 'POST', path: `/v2/conversations/${encodeURIComponent(conversationId)}/messages/`, body, beforeRetry, ...o,
      }),
    listMessages: (conversationId: string, o: AdaCallOptions = {}) =>
      listAll<AdaMessageLog>('list_messages', `/v2/conversations/${encodeURIComponent(conversationId)}/messages/?limit=100`, o),
    /** The default retry budget of one call (ms): what a widget request's deadline starts from. */
    deadlineMs,
    /** Waits for queued calls (shutdown). */
    idle: () => queue.onIdle(),
  };
}

/** The client returned by `createAdaClient`. */
export type AdaClient = ReturnType<typeof createAdaClient>;

function adaErrorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[] };
    const msg = body.errors?.[0]?.message;
    if (msg) return msg.slice(0, 200);
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || 'no body';
}
