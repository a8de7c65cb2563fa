import { errors as joseErrors, jwtVerify } from 'jose';
import { BridgeError } from '../errors';

/** Clock skew allowed on `exp` (and `nbf`/`iat` when present), in seconds: small, so a stolen token dies soon. */
export const IDENTITY_CLOCK_TOLERANCE_S = 30;

/** Longest `sub` accepted: Ada's `external_id` holds at most 36 characters (ada-api.md §5). */
export const MAX_SUB_CHARS = 36;

/** A verified signed-in visitor: the site's user id and the optional Ada profile claims. */
export interface IdentityClaims {
  /** The site's user id; becomes the Ada end user's `external_id`. */
  sub: string;
  name?: string;
  email?: string;
  /** An http(s) URL. */
  avatar?: string;
  /** BCP 47 tag. */
  language?: string;
}

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const invalid = (message: string, cause?: unknown): BridgeError =>
  new BridgeError('identity_invalid', `The sign-in token was refused: ${message}`, { cause });

/** Reads an optional string claim; a claim of the wrong type or size makes the token invalid (the site's bug, said early). */
function optionalString(payload: Record<string, unknown>, name: string, max: number, check?: (v: string) => boolean): string | undefined {
  const value = payload[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > max || (check && !check(value))) {
    throw invalid(`the ${name} claim is not valid.`);
  }
  return value;
}

const httpUrl = (v: string): boolean => {
  try {
    const { protocol } = new URL(v);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * Verifies a site's JWT for its signed-in visitor with jose: HS256 only (`alg: none` and every other algorithm
 * are refused), signature, `exp` required and not past (± {@link IDENTITY_CLOCK_TOLERANCE_S} s), `sub` 1–36 chars.
 * @throws BridgeError `identity_not_configured` (no secret) or `identity_invalid` (anything wrong with the token)
 * @example const claims = await verifyIdentityToken(token, process.env.IDENTITY_SECRET);
 */
export async function verifyIdentityToken(token: string, secret: string | undefined, now: Date = new Date()): Promise<IdentityClaims> {
  if (!secret) throw new BridgeError('identity_not_configured', 'This chat does not accept sign-in tokens (IDENTITY_SECRET is not set on the bridge).');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      clockTolerance: IDENTITY_CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'sub'],
      currentDate: now,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw invalid('it has expired.', err);
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw invalid('its signature does not match.', err);
    if (err instanceof joseErrors.JOSEAlgNotAllowed) throw invalid('it must be signed with HS256.', err);
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw invalid(`the ${err.claim} claim is missing or not valid.`, err);
    throw invalid('it is not a valid JWT.', err);
  }
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_CHARS) {
    throw invalid(`the sub claim must be 1 to ${MAX_SUB_CHARS} characters.`);
  }
  const claims: IdentityClaims = { sub };
  const name = optionalString(payload, 'name', 100);
  const email = optionalString(payload, 'email', 254, (v) => v.includes('@'));
  const avatar = optionalString(payload, 'avatar', 2000, httpUrl);
  const language = optionalString(payload, 'language', 35, (v) => LANGUAGE.test(v));
  if (name) claims.name = name;
  if (email) claims.email = email;
  if (avatar) claims.avatar = avatar;
  if (language) claims.language = language;
  return claims;
}
