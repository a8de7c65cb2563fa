import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, ApiEnv } from './env';
import { AdaApiError } from './errors';

/** [spec §1] request bodies above 10 MB are answered 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Records every call (method, path, status, body) and, in strict mode, each way it broke the contract.
 * Runs first so it also sees requests that auth, faults or validation turned away.
 */
export function recordRequests(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async function recordRequestsMiddleware(c, next) {
    c.set('problems', []);
    c.set('body', undefined);
    await next();
    const path = new URL(c.req.url).pathname;
    deps.recorder.request({ method: c.req.method, path, status: c.res.status, body: c.get('body'), at: new Date().toISOString() });
    for (const problem of c.get('problems')) deps.recorder.violation({ method: c.req.method, path, problem });
  };
}

/** Answers 401 in Ada's shape unless the request carries `Authorization: Bearer <key>`. */
export function requireApiKey(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async function requireApiKeyMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    if (header !== `Bearer ${deps.apiKey}`) {
      throw new AdaApiError(401, 'Unauthorized', header ? 'Invalid API key' : 'Missing Authorization: Bearer <API key>', true);
    }
    await next();
  };
}

/** Reads the raw body once: 413 above 10 MB, 400 for invalid JSON; an empty body stays `undefined`. */
export function parseJsonBody(): MiddlewareHandler<ApiEnv> {
  return async function parseJsonBodyMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const contentType = c.req.header('content-type') ?? '';
    // Uploads (attachments/) are multipart with their own 50 MB limit.
    if (contentType.startsWith('multipart/form-data')) return next();
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_BODY_BYTES) throw new AdaApiError(413, 'Request body too large', 'The limit is 10 MB', true);
    const raw = await c.req.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new AdaApiError(413, 'Request body too large', 'The limit is 10 MB', true);
    if (raw.trim() !== '') {
      if (!contentType.includes('json')) c.get('problems').push(`headers: content-type should be application/json, got "${contentType}"`);
      try {
        c.set('body', JSON.parse(raw) as unknown);
      } catch {
        throw new AdaApiError(400, 'Invalid JSON body', 'The request body is not valid JSON', true);
      }
    }
    await next();
  };
}

/** [fault] answers a share of calls 429 or 500 before anything happens, as a flaky Ada would. */
export function injectFaults(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async function injectFaultsMiddleware(_c, next) {
    const rates = deps.faults().errorRates;
    if (deps.random.chance(rates[429])) throw new AdaApiError(429, 'Too many requests', 'Rate limit exceeded; retry with backoff');
    if (deps.random.chance(rates[500])) throw new AdaApiError(500, 'Internal server error', null);
    await next();
  };
}
