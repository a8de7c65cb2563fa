// svix's index also loads its whole API client (≈ 9 MB of RSS); verifying needs only its webhook module.
import { Webhook } from 'svix/dist/webhook.js';
import type { ChatContext } from '../chat/context';
import { handleWebhook, webhookEnvelope, type WebhookOutcome } from '../chat/webhookEvents';
import { isStoreUnavailable, noteStoreOutage } from '../chat/storeRecovery';
import { BridgeError } from '../errors';

/** Largest webhook body accepted (Ada's events are a few KB). */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

/** Reads one request header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

/** What a receiver answers a verified, applied webhook with. */
export type ReceivedOutcome = Exclude<WebhookOutcome, 'malformed'>;

/**
 * Everything `POST /webhooks/ada` does after reading the raw body, free of HTTP types so the hono route and the
 * node:http fast path (webhookListener.ts) share it: verified by `svix` before anything is parsed (Svix's
 * white-label `webhook-*` headers are mapped to `svix-*`), deduplicated by delivery id (recorded in the same
 * write set as what the webhook changes, so a failed apply leaves no trace and Ada's retry applies it). Applying
 * touches only the store, never Ada.
 * Failures throw `BridgeError`.
 * @example const receive = createWebhookReceiver(ctx, { secret }); const outcome = await receive(raw, (n) => req.headers[n]);
 */
export function createWebhookReceiver(ctx: ChatContext, options: { secret: string }) {
  const verifier = new Webhook(options.secret);
  // One prom-client child per outcome, looked up once instead of hashing the label set on every webhook.
  const counters = new Map<string, { inc(): void }>();
  const count = (outcome: string): void => {
    let counter = counters.get(outcome);
    if (!counter) counters.set(outcome, (counter = ctx.metrics.webhooks.labels(outcome)));
    counter.inc();
  };
  return async function receiveWebhook(raw: string, readHeader: HeaderReader): Promise<ReceivedOutcome> {
    const received = performance.now();
    const header = (name: string) => readHeader(`svix-${name}`) ?? readHeader(`webhook-${name}`) ?? '';
    const headers = { 'svix-id': header('id'), 'svix-timestamp': header('timestamp'), 'svix-signature': header('signature') };
    let parsed: unknown;
    try {
      // svix checks the signature and timestamp first, then JSON-parses the verified body.
      parsed = verifier.verify(raw, headers);
    } catch (err) {
      if (err instanceof SyntaxError) {
        count('malformed');
        throw new BridgeError('bad_request', 'Webhook body is not JSON.');
      }
      count('invalid_signature');
      throw new BridgeError('invalid_signature', 'Webhook signature is missing, invalid or stale.', { cause: err });
    }
    const envelope = webhookEnvelope.safeParse(parsed);
    if (!envelope.success) {
      count('malformed');
      throw new BridgeError('bad_request', 'Webhook body is not an Ada event envelope.');
    }
    let outcome: WebhookOutcome;
    try {
      outcome = await handleWebhook(ctx, envelope.data, { id: headers['svix-id'], at: Date.now() });
    } catch (err) {
      // Nothing of it was stored (503, Svix retries); the conversation is caught up from Ada once the store recovers.
      if (isStoreUnavailable(err)) {
        count('unavailable');
        const conversationId = (envelope.data.data as { conversation_id?: unknown } | null)?.conversation_id;
        noteStoreOutage(ctx, typeof conversationId === 'string' ? conversationId : null);
      }
      throw err;
    }
    if (outcome === 'malformed') {
      count('malformed');
      throw new BridgeError('bad_request', `Webhook ${envelope.data.type} does not have the documented shape.`);
    }
    count(outcome);
    if (outcome === 'processed') ctx.metrics.relayLatency.observe((performance.now() - received) / 1000);
    return outcome;
  };
}

/** Counts a body rejected for its size and returns the 413 to answer (both receivers check the cap before reading on). */
export function webhookTooLarge(ctx: ChatContext): BridgeError {
  ctx.metrics.webhooks.inc({ outcome: 'too_large' });
  return new BridgeError('payload_too_large', `Webhook bodies are limited to ${WEBHOOK_MAX_BYTES / 1024} KB.`);
}
