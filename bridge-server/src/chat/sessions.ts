import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BridgeError } from '../errors';
import type { SessionRecord, Store } from '../store/types';

/** How stale `lastSeenAt` may get before a request refreshes it (one write per session per minute at most). */
export const TOUCH_EVERY_MS = 60_000;

const now = () => Date.now();

/** Keeps an active session from expiring (see chat/retention.ts) without a write on every request. */
async function touch(store: Store, session: SessionRecord, at: number): Promise<void> {
  if (at - (session.lastSeenAt ?? session.createdAt) < TOUCH_EVERY_MS) return;
  await store.touchSession(session.id, at);
  session.lastSeenAt = at;
}

/** SHA-256 of a token, hex; only this is stored, so a leaked database holds no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Creates a session bound to `origin`, or returns `resume` unchanged when it is a valid token of that origin.
 * Creates nothing at Ada (no page-view cost).
 * @example const { token, created } = await createOrResumeSession(store, 'https://shop.example', undefined);
 */
export async function createOrResumeSession(
  store: Store,
  origin: string,
  resume: string | undefined,
): Promise<{ token: string; created: boolean }> {
  if (resume) {
    const existing = await store.findSessionByTokenHash(hashToken(resume));
    // A signed-in visitor's session is resumed only with their sign-in token (identity/openIdentitySession.ts): a
    // page without one (signed out, or another person on this browser) starts anonymous instead of reading theirs.
    if (existing && existing.origin === origin && !existing.externalId) {
      await touch(store, existing, now());
      return { token: resume, created: false };
    }
  }
  const token = randomBytes(32).toString('base64url');
  const session: SessionRecord = { id: randomUUID(), origin, endUserId: null, conversationId: null, createdAt: now() };
  session.lastSeenAt = session.createdAt;
  await store.createSession(session, hashToken(token));
  return { token, created: true };
}

/**
 * Resolves a bearer token to its session and checks the calling origin.
 * @throws BridgeError `session_unknown` (401) or `origin_not_allowed` (403)
 */
export async function authenticate(store: Store, token: string, origin: string): Promise<SessionRecord> {
  const session = await store.findSessionByTokenHash(hashToken(token));
  if (!session) throw new BridgeError('session_unknown', 'This chat session is unknown or expired; start a new one.');
  if (session.origin !== origin) {
    throw new BridgeError('origin_not_allowed', 'This chat session belongs to another website.');
  }
  await touch(store, session, now());
  return session;
}
