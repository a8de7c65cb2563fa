import pino, { type Logger } from 'pino';

/** Paths pino replaces with "[redacted]": secrets and tokens must never reach a log line. */
const REDACT_PATHS = [
  'adaApiKey', 'adaWebhookSecret', 'token', 'resume', 'authorization', 'headers.authorization',
  '*.adaApiKey', '*.adaWebhookSecret', '*.token', '*.resume', '*.authorization', '*.headers.authorization',
];

/**
 * Structured JSON logs (pino) with a `[parley]` name and redaction of secrets.
 * @example const log = createLogger('info'); log.info({ port }, 'listening');
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ name: '[parley] bridge', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
