import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ChatContext } from '../chat/context';
import type { BridgeEnv } from '../middleware/types';
import { createWebhookReceiver, WEBHOOK_MAX_BYTES, webhookTooLarge } from '../webhooks/receiveWebhook';

/**
 * `POST /webhooks/ada` through hono: raw body (size-capped), then `createWebhookReceiver`. The running bridge
 * serves this path with the node:http fast path (webhookListener.ts), which shares the receiver; this route is
 * the same endpoint for `app.fetch` (in-process tests, other adapters).
 */
export function webhookRoutes(ctx: ChatContext, options: { secret: string }) {
  const receive = createWebhookReceiver(ctx, options);
  return new Hono<BridgeEnv>().post(
    '/',
    bodyLimit({
      maxSize: WEBHOOK_MAX_BYTES,
      onError: () => {
        throw webhookTooLarge(ctx);
      },
    }),
    async (c) => {
      const outcome = await receive(await c.req.text(), (name) => c.req.header(name));
      c.get('log').debug({ outcome }, 'webhook');
      return c.json({ ok: true, outcome });
    },
  );
}
