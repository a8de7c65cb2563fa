import { SNIFFABLE_TYPES } from './attachments/sniffType';
import type { BridgeOptions } from './server';

/** Result of reading the environment: either options to start with, or one line per problem. */
export type ConfigResult = { ok: true; options: BridgeOptions } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

function parseOrigins(raw: string, errors: string[]): string[] | '*' {
  if (raw.trim() === '*') return '*';
  const origins: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    try {
      const url = new URL(part);
      if (url.origin === 'null' || url.origin !== part.replace(/\/$/, '')) throw new Error('not an origin');
      origins.push(url.origin);
    } catch {
      errors.push(`ALLOWED_ORIGINS: "${part}" is not an origin like https://example.com (scheme://host[:port], no path)`);
    }
  }
  if (origins.length === 0 && errors.length === 0) errors.push('ALLOWED_ORIGINS: is empty; list origins, or set * explicitly');
  return origins;
}

function parseIntSetting(env: Env, name: string, errors: string[], min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${name}: "${raw}" must be an integer from ${min} to ${max}`);
    return undefined;
  }
  return n;
}

/**
 * Reads the bridge settings from an environment (names fixed by design.md). Never echoes secret values.
 * @example const r = readConfig(process.env); if (!r.ok) { for (const l of r.errors) console.error(l); process.exit(1); }
 */
export function readConfig(env: Env): ConfigResult {
  const errors: string[] = [];
  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) errors.push(`${name}: missing (required)`);
    return v ?? '';
  };

  const adaBaseUrl = required('ADA_BASE_URL').replace(/\/+$/, '');
  if (adaBaseUrl) {
    try {
      const u = new URL(adaBaseUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      if (/\/api(\/|$)/.test(u.pathname)) errors.push('ADA_BASE_URL: must not include /api (e.g. https://lovelace.ada.support)');
    } catch {
      errors.push(`ADA_BASE_URL: "${adaBaseUrl}" is not an http(s) URL`);
    }
  }
  const adaApiKey = required('ADA_API_KEY');
  const adaWebhookSecret = required('ADA_WEBHOOK_SECRET');
  if (adaWebhookSecret && !adaWebhookSecret.startsWith('whsec_')) {
    errors.push('ADA_WEBHOOK_SECRET: must be a Svix signing secret starting with whsec_');
  }
  const originsRaw = required('ALLOWED_ORIGINS');
  const allowedOrigins = originsRaw ? parseOrigins(originsRaw, errors) : [];

  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl) {
    let scheme = '';
    try {
      scheme = new URL(redisUrl).protocol;
    } catch {
      scheme = '';
    }
    if (scheme !== 'redis:' && scheme !== 'rediss:') {
      errors.push('REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0');
    }
  }
  const port = parseIntSetting(env, 'PORT', errors, 0, 65535);
  const rateLimitIpPerMinute = parseIntSetting(env, 'RATE_LIMIT_IP_PER_MINUTE', errors, 1, 1_000_000);
  const rateLimitSessionPerMinute = parseIntSetting(env, 'RATE_LIMIT_SESSION_PER_MINUTE', errors, 1, 1_000_000);
  const adaDeadlineMs = parseIntSetting(env, 'ADA_DEADLINE_MS', errors, 100, 120_000);
  const sessionIdleDays = parseIntSetting(env, 'SESSION_IDLE_DAYS', errors, 1, 3650);
  const endedEventDays = parseIntSetting(env, 'EVENT_RETENTION_DAYS', errors, 1, 3650);
  const identitySecret = env.IDENTITY_SECRET?.trim() || undefined;
  // RFC 7518 §3.2: an HS256 key should be at least 256 bits.
  if (identitySecret && Buffer.byteLength(identitySecret) < 32) errors.push('IDENTITY_SECRET: must be at least 32 characters (256 bits) long');
  // [spec §3] Ada takes files up to 50 MB.
  const attachmentMaxBytes = parseIntSetting(env, 'ATTACHMENT_MAX_BYTES', errors, 1, 50 * 1024 * 1024);
  const attachmentTypes = env.ATTACHMENT_TYPES?.trim()
    ? env.ATTACHMENT_TYPES.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean)
    : undefined;
  for (const t of attachmentTypes ?? []) {
    if (!(SNIFFABLE_TYPES as readonly string[]).includes(t)) errors.push(`ATTACHMENT_TYPES: "${t}" cannot be checked by content; choose from ${SNIFFABLE_TYPES.join(', ')}`);
  }
  const metricsPort = parseIntSetting(env, 'METRICS_PORT', errors, 0, 65535);
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken && metricsToken.length < 16) errors.push('METRICS_TOKEN: must be at least 16 characters');
  const streamsPerSession = parseIntSetting(env, 'STREAM_LIMIT_SESSION', errors, 1, 1000);
  const streamsPerIp = parseIntSetting(env, 'STREAM_LIMIT_IP', errors, 1, 1_000_000);
  const webhookMaxInFlight = parseIntSetting(env, 'WEBHOOK_MAX_IN_FLIGHT', errors, 1, 1_000_000);
  const trustProxyRaw = env.TRUST_PROXY?.trim().toLowerCase();
  if (trustProxyRaw && !['true', 'false', '1', '0'].includes(trustProxyRaw)) {
    errors.push(`TRUST_PROXY: "${env.TRUST_PROXY}" must be true or false`);
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      adaBaseUrl,
      adaApiKey,
      adaWebhookSecret,
      adaChannelId: env.ADA_CHANNEL_ID?.trim() || undefined,
      port: port ?? 8787,
      host: env.HOST?.trim() || '127.0.0.1',
      allowedOrigins,
      dataDir: env.DATA_DIR?.trim() || './data',
      redisUrl,
      redisKeyPrefix: env.REDIS_KEY_PREFIX?.trim() || undefined,
      channelName: env.CHANNEL_NAME?.trim() || undefined,
      widgetFile: env.WIDGET_FILE?.trim() || undefined,
      logLevel: env.LOG_LEVEL?.trim() || 'info',
      trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1',
      rateLimits: { ipPerMinute: rateLimitIpPerMinute, sessionPerMinute: rateLimitSessionPerMinute },
      adaDeadlineMs,
      retention: { sessionIdleDays, endedEventDays },
      identitySecret,
      attachments: { maxBytes: attachmentMaxBytes, types: attachmentTypes },
      metricsPort,
      metricsToken,
      limits: Object.fromEntries(Object.entries({ streamsPerSession, streamsPerIp, webhookMaxInFlight }).filter(([, v]) => v !== undefined)),
    },
  };
}
