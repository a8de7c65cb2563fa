import { randomBytes } from 'node:crypto';
import { Webhook } from 'svix';

/** The headers Svix (and so Ada) puts on every webhook request. */
export interface SvixHeaders {
  'svix-id': string;
  'svix-timestamp': string;
  'svix-signature': string;
}

/**
 * A fresh Svix signing secret: `whsec_` + base64 of 24 random bytes.
 * @example generateWebhookSecret(); // 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Signs one delivery attempt with the `svix` package itself, so the signature is exactly what Svix sends.
 * Each attempt is signed at its own time (receivers reject timestamps more than 5 minutes off),
 * while `msgId` stays the same across retries.
 */
export function signDelivery(secret: string, msgId: string, payload: string, at: Date = new Date()): SvixHeaders {
  const signature = new Webhook(secret).sign(msgId, at, payload);
  return {
    'svix-id': msgId,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': signature,
  };
}
