import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { RETRY_SCHEDULE_MS, delayBeforeAttempt } from './retrySchedule';
import { generateWebhookSecret, signDelivery } from './sign';

describe('signDelivery', () => {
  it('produces svix headers that svix Webhook.verify accepts', () => {
    const secret = generateWebhookSecret();
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    const payload = JSON.stringify({ type: 'v1.conversation.created', timestamp: new Date().toISOString(), data: {} });
    const headers = signDelivery(secret, 'msg_123', payload);
    expect(headers['svix-id']).toBe('msg_123');
    expect(new Webhook(secret).verify(payload, { ...headers })).toEqual(JSON.parse(payload));
  });

  it('signs with the attempt time, which svix rejects when more than 5 minutes old', () => {
    const secret = generateWebhookSecret();
    const headers = signDelivery(secret, 'msg_1', '{}', new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify('{}', { ...headers })).toThrow();
  });
});

describe('retry schedule', () => {
  it("follows Ada's schedule scaled by timeScale and stops after 8 attempts", () => {
    expect(RETRY_SCHEDULE_MS).toHaveLength(8);
    expect(delayBeforeAttempt(1, 1)).toBe(0);
    expect(delayBeforeAttempt(2, 1)).toBe(5000);
    expect(delayBeforeAttempt(3, 0.01)).toBe(3000);
    expect(delayBeforeAttempt(9, 1)).toBeNull();
  });
});
