import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

const base = { ADA_BASE_URL: 'https://lovelace.ada.support', ADA_API_KEY: 'k', ADA_WEBHOOK_SECRET: 'whsec_abc', ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443' };

describe('readConfig', () => {
  it('reads a complete environment with defaults', () => {
    const r = readConfig(base);
    expect(r.ok && r.options).toMatchObject({ port: 8787, host: '127.0.0.1', dataDir: './data', allowedOrigins: ['https://a.example', 'https://b.example:8443'] });
  });
  it('names every missing setting on its own line', () => {
    const r = readConfig({});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'ADA_BASE_URL: missing (required)', 'ADA_API_KEY: missing (required)', 'ADA_WEBHOOK_SECRET: missing (required)', 'ALLOWED_ORIGINS: missing (required)',
    ]);
  });
  it('rejects malformed values and a REDIS_URL that is not redis:// without echoing secrets', () => {
    const r = readConfig({ ...base, ADA_API_KEY: 'secret-key', ADA_WEBHOOK_SECRET: 'nope', PORT: 'x', ALLOWED_ORIGINS: 'https://a.example/path', REDIS_URL: 'http://u:secret-key@x' });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.some((e) => e.startsWith('ADA_WEBHOOK_SECRET:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('PORT:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('ALLOWED_ORIGINS:'))).toBe(true);
    expect(errors).toContain('REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0');
    expect(errors.join('\n')).not.toContain('secret-key');
  });
  it('takes REDIS_URL (several bridges sharing state) and its key prefix', () => {
    const r = readConfig({ ...base, REDIS_URL: 'redis://:pw@127.0.0.1:6380/2', REDIS_KEY_PREFIX: 'site1:' });
    expect(r.ok && r.options).toMatchObject({ redisUrl: 'redis://:pw@127.0.0.1:6380/2', redisKeyPrefix: 'site1:' });
    expect(readConfig(base).ok && (readConfig(base) as { options: { redisUrl?: string } }).options.redisUrl).toBeUndefined();
  });
  it('accepts * only as an explicit choice', () => {
    const r = readConfig({ ...base, ALLOWED_ORIGINS: '*' });
    expect(r.ok && r.options.allowedOrigins).toBe('*');
  });
  it('reads IDENTITY_SECRET (at least 32 characters, never echoed) and the attachment settings', () => {
    const r = readConfig({ ...base, IDENTITY_SECRET: 'x'.repeat(32), ATTACHMENT_MAX_BYTES: '1048576', ATTACHMENT_TYPES: 'image/png, application/pdf' });
    expect(r.ok && r.options).toMatchObject({ identitySecret: 'x'.repeat(32), attachments: { maxBytes: 1048576, types: ['image/png', 'application/pdf'] } });
    const bad = readConfig({ ...base, IDENTITY_SECRET: 'short-secret', ATTACHMENT_MAX_BYTES: '0', ATTACHMENT_TYPES: 'image/svg+xml' });
    const errors = bad.ok ? [] : bad.errors;
    expect(errors.map((e) => e.split(':')[0])).toEqual(['IDENTITY_SECRET', 'ATTACHMENT_MAX_BYTES', 'ATTACHMENT_TYPES']);
    expect(errors.join('\n')).not.toContain('short-secret');
  });
  it('reads the metrics listener and token and the stream and webhook limits', () => {
    const r = readConfig({ ...base, METRICS_PORT: '9464', METRICS_TOKEN: 'a-long-enough-token', STREAM_LIMIT_SESSION: '3', WEBHOOK_MAX_IN_FLIGHT: '500' });
    expect(r.ok && r.options).toMatchObject({ metricsPort: 9464, metricsToken: 'a-long-enough-token', limits: { streamsPerSession: 3, webhookMaxInFlight: 500 } });
    const short = readConfig({ ...base, METRICS_TOKEN: 'short' });
    expect(!short.ok && short.errors).toEqual(['METRICS_TOKEN: must be at least 16 characters']);
  });
});
