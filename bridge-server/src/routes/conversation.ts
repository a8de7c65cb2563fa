import { Hono } from 'hono';
import { z } from 'zod';
import type { ChatContext } from '../chat/context';
import { endConversation, getHistory, updateMetadata } from '../chat/conversations';
import type { BridgeEnv } from '../middleware/types';
import { parseBody } from './parseBody';

const patchBody = z.object({ metadata: z.record(z.string(), z.unknown()) });

/** `GET /v1/conversation` (history), `PATCH /v1/conversation` (metadata), `POST /v1/conversation/end`. */
export function conversationRoutes(ctx: ChatContext) {
  return new Hono<BridgeEnv>()
    .get('/', async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await getHistory(ctx, c.get('session')));
    })
    .patch('/', async (c) => {
      const input = await parseBody(c, patchBody);
      await updateMetadata(ctx, c.get('session'), input.metadata);
      return c.body(null, 204);
    })
    .post('/end', async (c) => c.json(await endConversation(ctx, c.get('session'))));
}
