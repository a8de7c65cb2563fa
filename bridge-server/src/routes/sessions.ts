import { Hono } from 'hono';
import { z } from 'zod';
import { createOrResumeSession, hashToken } from '../chat/sessions';
import { openIdentitySession, type IdentityDeps } from '../identity/openIdentitySession';
import { verifyIdentityToken } from '../identity/verifyIdentity';
import { sessionOfAuthorization } from '../middleware/auth';
import type { BridgeEnv } from '../middleware/types';
import type { CreateSessionResponse } from '../protocol/api';
import { parseBody } from './parseBody';

// A JWT with a few profile claims is well under 4 KB; the cap keeps verification cheap.
const body = z.object({ resume: z.string().max(128).optional(), userToken: z.string().max(4096).optional() });

/** Options of `sessionRoutes`. */
export interface SessionRoutesOptions extends IdentityDeps {
  /** HS256 key for signed-in visitors' tokens (`IDENTITY_SECRET`); without it, a `userToken` is refused. */
  identitySecret?: string;
}

/**
 * `POST /v1/sessions`: a new session token (201), or the `resume` token when still valid (200); with a `userToken`,
 * the signed-in visitor's shared session (its token is verified before anything is stored or sent to Ada).
 * `DELETE /v1/sessions`: revokes the bearer token (sign-out) → 204.
 */
export function sessionRoutes(deps: SessionRoutesOptions) {
  return new Hono<BridgeEnv>()
    .post('/', async (c) => {
      const input = await parseBody(c, body, { optional: true });
      const origin = c.get('origin');
      const claims = input.userToken === undefined ? null : await verifyIdentityToken(input.userToken, deps.identitySecret);
      const { token, created } = claims
        ? await openIdentitySession(deps, claims, origin, input.resume)
        : await createOrResumeSession(deps.store, origin, input.resume);
      const res: CreateSessionResponse = { token, identity: claims ? { name: claims.name ?? null } : null };
      c.header('Cache-Control', 'no-store');
      return c.json(res, created ? 201 : 200);
    })
    .delete('/', async (c) => {
      const header = c.req.header('authorization');
      await sessionOfAuthorization(deps.store, header, c.get('origin'));
      await deps.store.revokeSessionToken(hashToken(header?.slice('Bearer '.length) ?? ''));
      return c.body(null, 204);
    });
}
