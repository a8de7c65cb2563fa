import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliOptions } from './cliOptions';

describe('parseCliOptions', () => {
  it('uses the default port and leaves other options to startAdaSim', () => {
    expect(parseCliOptions([], {})).toEqual({ sim: { port: DEFAULT_CLI_PORT, webhookUrls: [], errorRates: {} }, quiet: false, help: false });
  });

  it('reads flags, with repeatable --webhook-url', () => {
    const { sim } = parseCliOptions(
      ['--port', '0', '--api-key', 'k', '--webhook-secret', 'whsec_abc', '--webhook-url', 'http://a/w', '--webhook-url', 'http://b/w', '--site-url', 'http://s', '--duplicate-rate', '0.2', '--error-rate-429', '0.1', '--webhooks-paused', '--no-strict', '--seed', '4'],
      {},
    );
    expect(sim).toMatchObject({ port: 0, apiKey: 'k', webhookSecret: 'whsec_abc', webhookUrls: ['http://a/w', 'http://b/w'], siteUrl: 'http://s', duplicateRate: 0.2, errorRates: { 429: 0.1 }, webhooksPaused: true, strict: false, seed: 4 });
  });

  it('falls back to ADA_SIM_* variables, flags winning', () => {
    const { sim, quiet } = parseCliOptions(['--reply-delay', '10'], {
      ADA_SIM_PORT: '5000',
      ADA_SIM_REPLY_DELAY_MS: '99',
      ADA_SIM_WEBHOOK_URLS: 'http://a/w, http://b/w',
      ADA_SIM_ERROR_RATE_500: '0.5',
      ADA_SIM_STRICT: '0',
      ADA_SIM_QUIET: '1',
    });
    expect(sim).toMatchObject({ port: 5000, replyDelayMs: 10, webhookUrls: ['http://a/w', 'http://b/w'], errorRates: { 500: 0.5 }, strict: false });
    expect(quiet).toBe(true);
  });

  it('rejects invalid values and unknown flags with a clear message', () => {
    expect(() => parseCliOptions(['--duplicate-rate', '2'], {})).toThrow(/duplicate rate/);
    expect(() => parseCliOptions(['--webhook-secret', 'nope'], {})).toThrow(/whsec_/);
    expect(() => parseCliOptions(['--webhook-url', 'not a url'], {})).toThrow(/not a URL/);
    expect(() => parseCliOptions(['--bogus'], {})).toThrow();
  });
});
