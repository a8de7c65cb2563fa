import { SignJWT } from 'jose';

/** The IDENTITY_SECRET tests configure the bridge with. */
export const TEST_IDENTITY_SECRET = 'parley-test-identity-secret-0123456789';

/**
 * Signs a signed-in visitor's token as a site's backend would (HS256, one hour), for tests.
 * @example const userToken = await signUserToken({ sub: 'user-1', name: 'Ada Lovelace' });
 */
export function signUserToken(claims: { sub: string; name?: string; avatar?: string; email?: string }, secret = TEST_IDENTITY_SECRET): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
}
