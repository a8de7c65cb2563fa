import { SignJWT } from 'jose';
import { escapeHtml } from './markdown';

/** The demo's signed-in customers: `/account` (Ada) and `/account?user=grace`. */
export const DEMO_USERS = {
  ada: { sub: 'lovelace-0001', name: 'Ada Lovelace', email: 'ada@lovelace.example' },
  grace: { sub: 'lovelace-0002', name: 'Grace Hopper', email: 'grace@lovelace.example' },
} as const;

/** Which demo customer a request asks for. */
export type DemoUser = keyof typeof DEMO_USERS;

/**
 * Signs the visitor's token as a site's backend does for Parley (HS256 with `IDENTITY_SECRET`, one hour).
 * `forged` signs with a key the bridge does not know, to show what a bad token looks like.
 * @example const token = await signDemoToken('ada', process.env.IDENTITY_SECRET);
 */
export function signDemoToken(user: DemoUser, secret: string, forged = false): Promise<string> {
  const { sub, name, email } = DEMO_USERS[user];
  const key = new TextEncoder().encode(forged ? `forged-${secret}` : secret);
  return new SignJWT({ name, email }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(key);
}

/** The account page's body: who is signed in, and a sign-out that also signs the chat out (`Parley.identify(null)`). */
export function accountPage(user: DemoUser, forged: boolean): string {
  const { name, email } = DEMO_USERS[user];
  const other: DemoUser = user === 'ada' ? 'grace' : 'ada';
  return `<h1 class="page-title">Your account</h1>
    <p class="lead" data-signed-in>Signed in as <strong>${escapeHtml(name)}</strong> (${escapeHtml(email)}).</p>
    <p>This page's server signs a token for you with the bridge's <code>IDENTITY_SECRET</code> and puts it on the
      chat's script tag as <code>data-user-token</code>. Open this page in another browser and the chat shows the
      same conversation, live.${forged ? ' <strong>This copy carries a forged token on purpose:</strong> the chat refuses it and stays anonymous.' : ''}</p>
    <p>
      <a class="ui-btn secondary" href="/account?user=${other}">Switch to ${escapeHtml(DEMO_USERS[other].name)}</a>
      <a class="ui-btn secondary" href="/" data-sign-out>Sign out</a>
    </p>`;
}
