import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors';
import { IDENTITY_CLOCK_TOLERANCE_S, verifyIdentityToken } from './verifyIdentity';

const SECRET = 'test-identity-secret-of-32-chars!!';
const key = (secret = SECRET) => new TextEncoder().encode(secret);
const NOW = new Date('2026-12-03T08:00:00Z');
const nowS = Math.floor(NOW.getTime() / 1000);

/** Signs claims (exp one hour ahead unless given) with HS256 and the test secret, unless told otherwise. */
function sign(claims: Record<string, unknown>, o: { alg?: string; secret?: string; exp?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: o.alg ?? 'HS256' });
  if (o.exp !== null) jwt.setExpirationTime(o.exp ?? nowS + 3600);
  return jwt.sign(key(o.secret));
}

async function refusal(token: string, secret: string | null = SECRET): Promise<BridgeError> {
  const err = await verifyIdentityToken(token, secret ?? undefined, NOW).then(() => null, (e: unknown) => e);
  if (!(err instanceof BridgeError)) throw new Error(`expected a BridgeError, got ${String(err)}`);
  return err;
}

describe('verifyIdentityToken', () => {
  it('returns sub and the optional profile claims of a valid token', async () => {
    const token = await sign({ sub: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com', avatar: 'https://example.com/a.png', language: 'en-GB', role: 'x' });
    expect(await verifyIdentityToken(token, SECRET, NOW)).toEqual({
      sub: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com', avatar: 'https://example.com/a.png', language: 'en-GB',
    });
  });

  it('accepts a 36-character sub and a token expired by less than the stated tolerance', async () => {
    const token = await sign({ sub: 'x'.repeat(36) }, { exp: nowS - IDENTITY_CLOCK_TOLERANCE_S + 5 });
    expect((await verifyIdentityToken(token, SECRET, NOW)).sub).toHaveLength(36);
  });

  it('refuses a token signed with another secret', async () => {
    const err = await refusal(await sign({ sub: 'u1' }, { secret: 'another-secret-another-secret-123' }));
    expect(err).toMatchObject({ code: 'identity_invalid', status: 401, message: expect.stringContaining('signature') });
  });

  it('refuses an expired token (past the tolerance)', async () => {
    const err = await refusal(await sign({ sub: 'u1' }, { exp: nowS - IDENTITY_CLOCK_TOLERANCE_S - 1 }));
    expect(err).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('expired') });
  });

  it('refuses a token without exp', async () => {
    expect(await refusal(await sign({ sub: 'u1' }, { exp: null }))).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('exp') });
  });

  it('refuses a token without sub, with an empty sub, a sub over 36 characters or a non-string sub', async () => {
    expect(await refusal(await sign({ name: 'x' }))).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('sub') });
    expect(await refusal(await sign({ sub: '' }))).toMatchObject({ code: 'identity_invalid' });
    expect(await refusal(await sign({ sub: 'x'.repeat(37) }))).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('36') });
    expect(await refusal(await sign({ sub: 42 }))).toMatchObject({ code: 'identity_invalid' });
  });

  it('refuses other algorithms, alg none included, even with the right secret', async () => {
    expect(await refusal(await sign({ sub: 'u1' }, { alg: 'HS512' }))).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('HS256') });
    const none = new UnsecuredJWT({ sub: 'u1' }).setExpirationTime(nowS + 3600).encode();
    expect(await refusal(none)).toMatchObject({ code: 'identity_invalid' });
  });

  it('refuses malformed tokens', async () => {
    for (const bad of ['', 'not-a-jwt', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.']) expect(await refusal(bad)).toMatchObject({ code: 'identity_invalid' });
  });

  it('refuses a token whose avatar is not http(s), or whose email or language is malformed', async () => {
    expect(await refusal(await sign({ sub: 'u1', avatar: 'javascript:alert(1)' }))).toMatchObject({ code: 'identity_invalid', message: expect.stringContaining('avatar') });
    expect(await refusal(await sign({ sub: 'u1', email: 'nope' }))).toMatchObject({ code: 'identity_invalid' });
    expect(await refusal(await sign({ sub: 'u1', language: 'english please' }))).toMatchObject({ code: 'identity_invalid' });
  });

  it('answers identity_not_configured when the bridge has no secret, whatever the token', async () => {
    expect(await refusal(await sign({ sub: 'u1' }), null)).toMatchObject({ code: 'identity_not_configured', status: 400 });
  });
});
