import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type * as Flexible from 'rate-limiter-flexible';
import { BridgeError } from '../errors';

const require = createRequire(import.meta.url);
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory.js') as typeof Flexible.RateLimiterMemory;

/** Bounds against abuse and overload (issue 17): all in `BridgeOptions.limits`; the stream caps and the in-flight bound by environment too (README). */
export interface Limits {
  /** Open SSE streams per session (one browser: each of its tabs with the widget holds one, a returning visitor's too). */
  streamsPerSession: number;
  /** Open SSE streams per client IP (a whole office behind one NAT shares it). */
  streamsPerIp: number;
  /** Webhooks with a bad signature accepted per IP per minute before that IP is refused unverified (Svix never fails). */
  webhookInvalidPerIpPerMinute: number;
  /** Webhooks being read, verified or stored at once; past it new ones get a fast 503 + Retry-After (Svix retries). */
  webhookMaxInFlight: number;
  /** Node's headersTimeout and requestTimeout: a request must send its headers, then all of its body, within these. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * A file (`POST /v1/attachments`) must send all of its body within this instead: a phone photo on a weak uplink
   * takes longer than any other request (10 MB in 120 s is about 0.7 Mbit/s). Only a session in a handoff gets to
   * send one: the route refuses before reading the body otherwise.
   */
  uploadTimeoutMs: number;
}

/** Production defaults of `Limits`. */
export const DEFAULT_LIMITS: Limits = {
  streamsPerSession: 20,
  streamsPerIp: 200,
  webhookInvalidPerIpPerMinute: 60,
  webhookMaxInFlight: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  uploadTimeoutMs: 120_000,
};

/**
 * Holds `req` to `ms` for its whole body, as Node's own `requestTimeout` would (a 408 with `Connection: close`, then
 * the socket closed), for a server whose `requestTimeout` is the longer upload bound. Nothing happens once the body
 * is in or the request is gone.
 * @example bodyDeadline(req, res, limits.requestTimeoutMs);
 */
export function bodyDeadline(req: IncomingMessage, res: ServerResponse, ms: number): void {
  // A request with neither header has no body (HTTP/1.1): an SSE stream or any GET needs no timer.
  if (req.complete || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)) return;
  const timer = setTimeout(() => {
    if (req.complete) return;
    // The answer goes straight to the socket, as Node's own timeout writes it: whatever handles the request may
    // still try to answer, and finds the socket closed.
    if (!res.headersSent) req.socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    req.socket.destroySoon();
  }, ms);
  const stop = (): void => clearTimeout(timer);
  req.once('end', stop);
  req.once('close', stop);
}

/** Open SSE streams counted per session and per IP, in this process (one bridge) or in Redis (redis/streamCaps.ts). */
export interface StreamCaps {
  /** Takes a slot for a new stream or rejects with 429 `rate_limited`; the returned function gives it back (once). */
  acquire(sessionId: string, ip: string): Promise<() => void>;
}

/** The 429 of a full stream cap: per visitor session or per client IP. */
export function streamCapError(which: 'session' | 'ip', limits: Pick<Limits, 'streamsPerSession' | 'streamsPerIp'>): BridgeError {
  return which === 'session'
    ? new BridgeError('rate_limited', `Too many open chat streams for this visitor (${limits.streamsPerSession}); close one and retry.`, { retryAfter: 10 })
    : new BridgeError('rate_limited', `Too many open chat streams from this address (${limits.streamsPerIp}).`, { retryAfter: 10 });
}

/**
 * Counts open SSE streams per session and per IP in this process (a single bridge); `acquire` refuses past either
 * cap with 429 `rate_limited`.
 * @example const release = await caps.acquire(session.id, ip); res.once('close', release);
 */
export function createStreamCaps(limits: Pick<Limits, 'streamsPerSession' | 'streamsPerIp'>): StreamCaps {
  const bySession = new Map<string, number>();
  const byIp = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => {
    const next = (map.get(key) ?? 0) + n;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };
  return {
    async acquire(sessionId, ip) {
      if ((bySession.get(sessionId) ?? 0) >= limits.streamsPerSession) throw streamCapError('session', limits);
      if ((byIp.get(ip) ?? 0) >= limits.streamsPerIp) throw streamCapError('ip', limits);
      add(bySession, sessionId, 1);
      add(byIp, ip, 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        add(bySession, sessionId, -1);
        add(byIp, ip, -1);
      };
    },
  };
}

/**
 * Admission of webhooks: a fast 503 `overloaded` (Retry-After 1) past `webhookMaxInFlight` instead of a queue that
 * grows until Svix's 15 s timeout, and a per-IP budget of bad signatures (an IP spending it is refused with 429
 * before verification for the rest of the minute; Svix signs every delivery, so it never meets this limit).
 * Per process on purpose, also with Redis: the in-flight bound protects this process's memory and event loop (what
 * it holds is its own), and a cluster-wide count would let one overloaded instance refuse webhooks that an idle one
 * could take; the balancer already spreads them, and Svix retries a 503 on whichever instance it lands.
 * @example const gate = createWebhookGate(limits); const err = await gate.admit(ip); if (err) throw err; ... gate.done();
 */
export function createWebhookGate(limits: Pick<Limits, 'webhookInvalidPerIpPerMinute' | 'webhookMaxInFlight'>) {
  const invalid = new RateLimiterMemory({ points: limits.webhookInvalidPerIpPerMinute, duration: 60 });
  let inFlight = 0;
  return {
    /** Admits one webhook (then call `done` once it is answered), or returns the error to answer at once. */
    async admit(ip: string): Promise<BridgeError | null> {
      if (inFlight >= limits.webhookMaxInFlight) {
        return new BridgeError('overloaded', 'The chat server is busy; retry shortly.', { retryAfter: 1 });
      }
      const spent = await invalid.get(ip);
      if (spent && spent.consumedPoints > limits.webhookInvalidPerIpPerMinute) {
        const seconds = Math.max(1, Math.ceil(spent.msBeforeNext / 1000));
        return new BridgeError('rate_limited', `Too many webhooks with a bad signature from this address; try again in ${seconds} s.`, { retryAfter: seconds });
      }
      inFlight++;
      return null;
    },
    done(): void {
      inFlight--;
    },
    /** Counts a webhook from `ip` that failed verification. */
    noteInvalid(ip: string): void {
      invalid.consume(ip).catch(() => undefined);
    },
    inFlight: () => inFlight,
  };
}

/** The gate returned by `createWebhookGate`. */
export type WebhookGate = ReturnType<typeof createWebhookGate>;
