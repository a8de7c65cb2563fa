import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Webhook } from 'svix';
import type { ChatContext } from '../chat/context';
import { handleWebhook, webhookEnvelope } from '../chat/webhookEvents';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';

/** Largest webhook body accepted (Ada's events are a few KB). */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

/**
 * `POST /webhooks/ada`: raw body (size-capped), verified by `svix` before anything is parsed; Svix's
 * white-label `webhook-*` headers are mapped to `svix-*`. Deduplicated by delivery id (persisted after a
 * successful apply, so a failed apply is retried by Ada). Applying touches only the store, never Ada.
 */
export function webhookRoutes(ctx: ChatContext, options: { secret: string }) {
  const verifier = new Webhook(options.secret);
  const count = (outcome: string) => ctx.metrics.webhooks.inc({ outcome });
  return new Hono<BridgeEnv>().post(
    '/',
    bodyLimit({
      maxSize: WEBHOOK_MAX_BYTES,
      onError: () => {
        count('too_large');
        throw new BridgeError('payload_too_large', `Webhook bodies are limited to ${WEBHOOK_MAX_BYTES / 1024} KB.`);
      },
    }),
    async (c) => {
      const received = performance.now();
      const raw = await c.req.text();
      const header = (name: string) => c.req.header(`svix-${name}`) ?? c.req.header(`webhook-${name}`) ?? '';
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
      const deliveryId = headers['svix-id'];
      if (await ctx.store.hasWebhook(deliveryId)) {
        count('duplicate_delivery');
        return c.json({ ok: true, outcome: 'duplicate_delivery' });
      }
      const outcome = await handleWebhook(ctx, envelope.data);
      if (outcome === 'malformed') {
        count('malformed');
        throw new BridgeError('bad_request', `Webhook ${envelope.data.type} does not have the documented shape.`);
      }
      await ctx.store.markWebhookSeen(deliveryId, Date.now());
      count(outcome);
      if (outcome === 'processed') ctx.metrics.relayLatency.observe((performance.now() - received) / 1000);
      c.get('log').debug({ type: envelope.data.type, outcome }, 'webhook');
      return c.json({ ok: true, outcome });
    },
  );
}
