import { parseArgs } from 'node:util';
import type { AdaSimOptions } from './types';

/** Usage text of `npm run ada-sim`. */
export const USAGE = `Usage: npm run ada-sim -- [options]   (each flag also reads ADA_SIM_<NAME> from the environment)
  --port N                 listen port (default 4010; 0 = any free port)     ADA_SIM_PORT
  --host H                 listen host (default 127.0.0.1)                    ADA_SIM_HOST
  --api-key K              Bearer key (default sim-api-key)                   ADA_SIM_API_KEY
  --webhook-secret whsec_… Svix signing secret (default: random)              ADA_SIM_WEBHOOK_SECRET
  --webhook-url URL        webhook endpoint, repeatable                       ADA_SIM_WEBHOOK_URLS (comma-separated)
  --site-url URL           base of article links (default http://127.0.0.1:5173)  ADA_SIM_SITE_URL
  --handle H               ai_agent_domain is H.ada.support (default lovelace)   ADA_SIM_HANDLE
  --time-scale X           multiplies reply delays and retry backoff          ADA_SIM_TIME_SCALE
  --reply-delay MS         base AI reply delay (default 600)                  ADA_SIM_REPLY_DELAY_MS
  --duplicate-rate P       0..1 chance a webhook is delivered twice           ADA_SIM_DUPLICATE_RATE
  --reorder-window MS      buffer webhooks this long and shuffle them         ADA_SIM_REORDER_WINDOW_MS
  --error-rate-429 P       0..1 chance an API call gets 429                   ADA_SIM_ERROR_RATE_429
  --error-rate-500 P       0..1 chance an API call gets 500                   ADA_SIM_ERROR_RATE_500
  --webhooks-paused        queue webhooks until resumed (POST /_sim/webhooks/resume)  ADA_SIM_WEBHOOKS_PAUSED=1
  --no-strict              do not record contract violations                  ADA_SIM_STRICT=0
  --seed N                 deterministic randomness                           ADA_SIM_SEED
  --quiet                  do not log requests and deliveries                 ADA_SIM_QUIET=1
  --help`;

/** The CLI's view of its options: simulator options plus CLI-only switches. */
export interface CliOptions {
  sim: AdaSimOptions;
  quiet: boolean;
  help: boolean;
}

/** The CLI's default port, so a bridge can be pointed at it without reading the output. */
export const DEFAULT_CLI_PORT = 4010;

function number(name: string, raw: string | undefined, min: number, max = Number.POSITIVE_INFINITY): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function flag(raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
}

/**
 * Reads simulator options from flags, falling back to `ADA_SIM_*` environment variables.
 * @throws Error naming the option when a value is invalid or a flag is unknown.
 * @example parseCliOptions(['--port', '0', '--webhook-url', 'http://127.0.0.1:8787/webhooks/ada'], {});
 */
export function parseCliOptions(argv: string[], env: Record<string, string | undefined>): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-url': { type: 'string', multiple: true },
      'site-url': { type: 'string' },
      handle: { type: 'string' },
      'time-scale': { type: 'string' },
      'reply-delay': { type: 'string' },
      'duplicate-rate': { type: 'string' },
      'reorder-window': { type: 'string' },
      'error-rate-429': { type: 'string' },
      'error-rate-500': { type: 'string' },
      'webhooks-paused': { type: 'boolean' },
      'no-strict': { type: 'boolean' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const secret = values['webhook-secret'] ?? env.ADA_SIM_WEBHOOK_SECRET;
  if (secret !== undefined && !secret.startsWith('whsec_')) throw new Error('webhook secret must start with whsec_');
  const urls = values['webhook-url'] ?? (env.ADA_SIM_WEBHOOK_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  for (const url of urls) if (!URL.canParse(url)) throw new Error(`webhook url is not a URL: "${url}"`);
  const rate429 = number('error rate 429', values['error-rate-429'] ?? env.ADA_SIM_ERROR_RATE_429, 0, 1);
  const rate500 = number('error rate 500', values['error-rate-500'] ?? env.ADA_SIM_ERROR_RATE_500, 0, 1);
  const sim: AdaSimOptions = {
    port: number('port', values.port ?? env.ADA_SIM_PORT, 0, 65535) ?? DEFAULT_CLI_PORT,
    host: values.host ?? env.ADA_SIM_HOST,
    apiKey: values['api-key'] ?? env.ADA_SIM_API_KEY,
    webhookSecret: secret,
    webhookUrls: urls,
    siteUrl: values['site-url'] ?? env.ADA_SIM_SITE_URL,
    handle: values.handle ?? env.ADA_SIM_HANDLE,
    timeScale: number('time scale', values['time-scale'] ?? env.ADA_SIM_TIME_SCALE, 0),
    replyDelayMs: number('reply delay', values['reply-delay'] ?? env.ADA_SIM_REPLY_DELAY_MS, 0),
    duplicateRate: number('duplicate rate', values['duplicate-rate'] ?? env.ADA_SIM_DUPLICATE_RATE, 0, 1),
    reorderWindowMs: number('reorder window', values['reorder-window'] ?? env.ADA_SIM_REORDER_WINDOW_MS, 0),
    errorRates: { ...(rate429 === undefined ? {} : { 429: rate429 }), ...(rate500 === undefined ? {} : { 500: rate500 }) },
    webhooksPaused: values['webhooks-paused'] ?? flag(env.ADA_SIM_WEBHOOKS_PAUSED),
    strict: values['no-strict'] ? false : flag(env.ADA_SIM_STRICT),
    seed: number('seed', values.seed ?? env.ADA_SIM_SEED, 0),
  };
  // Drop unset keys so startAdaSim's defaults apply.
  const defined = Object.fromEntries(Object.entries(sim).filter(([, value]) => value !== undefined)) as AdaSimOptions;
  return { sim: defined, quiet: values.quiet ?? flag(env.ADA_SIM_QUIET) ?? false, help: values.help ?? false };
}
