import type Database from 'better-sqlite3';
import type { FileGuard } from './fileGuard';
import type { IdentityProfile, IdentityRecord, Store } from './types';

interface IdentityRow { external_id: string; session_id: string; profile: string }

const toIdentity = (r: IdentityRow): IdentityRecord => ({
  externalId: r.external_id, sessionId: r.session_id, profile: JSON.parse(r.profile) as IdentityProfile,
});
/** Ada compares `external_id` case-insensitively, so identities are keyed by the lower-cased id. */
const identityKey = (externalId: string): string => externalId.toLowerCase();

/** The store methods of signed-in visitors (issue 15) on the embedded SQLite database: identities and added tokens. */
export type IdentityMethods = Pick<Store, 'findIdentity' | 'claimIdentity' | 'setIdentityProfile' | 'addSessionToken' | 'revokeSessionToken'>;

/**
 * Identities and the extra session tokens of their browsers, on the tables `identities` and `session_tokens`
 * (schema.ts); `findSessionByTokenHash` in sqliteStore.ts resolves the added tokens. Reads and writes go through
 * the store's file guard, so a full disk or a replaced file answers 503 `unavailable` here too.
 * @example const store = { ...otherMethods, ...identityMethods(db, guard) };
 */
export function identityMethods(db: Database.Database, { read, write }: Pick<FileGuard, 'read' | 'write'>): IdentityMethods {
  const q = {
    identity: db.prepare<[string], IdentityRow>('SELECT external_id, session_id, profile FROM identities WHERE key = ?'),
    claim: db.prepare('INSERT OR IGNORE INTO identities (key, external_id, session_id, profile) VALUES (?, ?, ?, ?)'),
    setProfile: db.prepare('UPDATE identities SET profile = ? WHERE key = ?'),
    addToken: db.prepare('INSERT INTO session_tokens (token_hash, session_id, origin, created_at) VALUES (?, ?, ?, ?)'),
    revokeAddedToken: db.prepare('DELETE FROM session_tokens WHERE token_hash = ?'),
    // A session's own token column is NOT NULL UNIQUE: revoking swaps in a value no token hashes to.
    revokeOwnToken: db.prepare(`UPDATE sessions SET token_hash = 'revoked:' || id WHERE token_hash = ?`),
  };
  // Both in one transaction: the token is either an added one or a session's own.
  const revoke = db.transaction((tokenHash: string) => {
    q.revokeAddedToken.run(tokenHash);
    q.revokeOwnToken.run(tokenHash);
  });
  return {
    async findIdentity(externalId) {
      const row = read(() => q.identity.get(identityKey(externalId)));
      return row ? toIdentity(row) : null;
    },
    async claimIdentity(identity) {
      const key = identityKey(identity.externalId);
      write(() => q.claim.run(key, identity.externalId, identity.sessionId, JSON.stringify(identity.profile)));
      const row = read(() => q.identity.get(key));
      if (!row) throw new Error('the identity vanished right after it was claimed');
      return toIdentity(row);
    },
    async setIdentityProfile(externalId, profile) {
      write(() => q.setProfile.run(JSON.stringify(profile), identityKey(externalId)));
    },
    async addSessionToken(sessionId, tokenHash, origin, at) {
      write(() => q.addToken.run(tokenHash, sessionId, origin, at));
    },
    async revokeSessionToken(tokenHash) {
      write(() => revoke(tokenHash));
    },
  };
}
