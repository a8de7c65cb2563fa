import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AdaClient } from '../ada/adaClient';
import type { AdaEndUserProfile } from '../ada/types';
import { hashToken } from '../chat/sessions';
import type { IdentityProfile, IdentityRecord, SessionRecord, Store } from '../store/types';
import type { IdentityClaims } from './verifyIdentity';

/** What opening a signed-in visitor's session needs. */
export interface IdentityDeps {
  store: Store;
  ada: AdaClient;
  logger: Logger;
}

/** The Ada profile of an identity (ada-api.md §5: `display_name`, `email`, `avatar`, `language`). */
export function adaProfileOf(profile: IdentityProfile): AdaEndUserProfile {
  return {
    ...(profile.name ? { display_name: profile.name } : {}),
    ...(profile.email ? { email: profile.email } : {}),
    ...(profile.avatar ? { avatar: profile.avatar } : {}),
    ...(profile.language ? { language: profile.language } : {}),
  };
}

const profileOf = ({ sub: _sub, ...profile }: IdentityClaims): IdentityProfile => profile;
const sameProfile = (a: IdentityProfile, b: IdentityProfile): boolean =>
  a.name === b.name && a.email === b.email && a.avatar === b.avatar && a.language === b.language;

/** The identity of `claims.sub`, created with a fresh session of its own the first time that user is seen. */
async function identityOf(deps: IdentityDeps, claims: IdentityClaims, origin: string): Promise<IdentityRecord> {
  const known = await deps.store.findIdentity(claims.sub);
  if (known) return known;
  const now = Date.now();
  const session: SessionRecord = {
    id: randomUUID(), origin, endUserId: null, conversationId: null, createdAt: now, lastSeenAt: now, externalId: claims.sub,
  };
  // Its own token column gets a hash no token has: every browser reaches it through an added token.
  await deps.store.createSession(session, `identity:${session.id}`);
  // Two browsers signing in at once: one claim wins and both join its session (the other session stays unused).
  return deps.store.claimIdentity({ externalId: claims.sub, sessionId: session.id, profile: profileOf(claims) });
}

/**
 * Keeps the Ada end user's profile in step with the token: only when the end user already exists at Ada and the
 * profile changed (a new user is upserted with the first message, so a page view creates nothing at Ada).
 * A failure is logged and retried on the next sign-in; it never blocks the visitor.
 */
async function refreshProfile(deps: IdentityDeps, identity: IdentityRecord, claims: IdentityClaims): Promise<void> {
  const profile = profileOf(claims);
  if (sameProfile(identity.profile, profile)) return;
  const session = await deps.store.getSession(identity.sessionId);
  try {
    if (session?.endUserId) await deps.ada.upsertEndUser({ external_id: identity.externalId, profile: adaProfileOf(profile) });
    await deps.store.setIdentityProfile(identity.externalId, profile);
  } catch (err) {
    deps.logger.warn({ err }, 'could not refresh the end user profile at Ada');
  }
}

/**
 * A bearer token for a verified signed-in visitor: `resume` as is when it already is this user's, else a new token
 * to the one session all of this user's browsers share (created the first time). A token of another user, or of an
 * anonymous session, is never returned, so nothing of one account reaches another.
 * @example const { token, created } = await openIdentitySession(deps, claims, origin, storedToken);
 */
export async function openIdentitySession(
  deps: IdentityDeps, claims: IdentityClaims, origin: string, resume: string | undefined,
): Promise<{ token: string; created: boolean }> {
  const identity = await identityOf(deps, claims, origin);
  await refreshProfile(deps, identity, claims);
  if (resume) {
    const current = await deps.store.findSessionByTokenHash(hashToken(resume));
    if (current && current.id === identity.sessionId && current.origin === origin) return { token: resume, created: false };
  }
  const token = randomBytes(32).toString('base64url');
  await deps.store.addSessionToken(identity.sessionId, hashToken(token), origin, Date.now());
  return { token, created: true };
}
