import { Hono } from 'hono';
import { z } from 'zod';
import { createOrResumeSession } from '../chat/sessions';
import type { BridgeEnv } from '../middleware/types';
import type { CreateSessionResponse } from '../protocol/api';
import type { Store } from '../store/types';
import { parseBody } from './parseBody';

const body = z.object({ resume: z.string().max(128).optional() });

/** `POST /v1/sessions`: a new session token (201), or the `resume` token when still valid (200). */
export function sessionRoutes(deps: { store: Store }) {
  return new Hono<BridgeEnv>().post('/', async (c) => {
    const input = await parseBody(c, body, { optional: true });
    const { token, created } = await createOrResumeSession(deps.store, c.get('origin'), input.resume);
    const res: CreateSessionResponse = { token };
    c.header('Cache-Control', 'no-store');
    return c.json(res, created ? 201 : 200);
  });
}
