import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { readBounded } from '../attachments/readBounded';
import { conversationForFile, sendAttachment, type AttachmentPolicy } from '../chat/attachments';
import type { ChatContext } from '../chat/context';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';
import { isRequestTo } from './nodeAnswer';

const CLIENT_ID = /^[\w.:-]{1,100}$/;

/** A file upload, the one request whose body may take `limits.uploadTimeoutMs` (server.ts). */
export const isUploadRequest = (req: IncomingMessage): boolean => isRequestTo(req, 'POST', '/v1/attachments');

/** The visitor's file name from `X-Parley-Filename` (URI-encoded, since headers carry Latin-1 only). */
function fileNameOf(header: string | undefined): string {
  if (!header) return '';
  try {
    return decodeURIComponent(header).slice(0, 500);
  } catch {
    throw new BridgeError('validation_failed', 'Invalid request: X-Parley-Filename must be URI-encoded.');
  }
}

/**
 * `POST /v1/attachments`: the file is the raw body (its type in `Content-Type`), with `X-Parley-Client-Id` (the
 * widget's id for it, for idempotency) and `X-Parley-Filename`. Answers like `POST /v1/messages` (`SendMessageResponse`,
 * 201, or 200 for a clientId already sent); 409 `handoff_required` outside a handoff, 413 over `ATTACHMENT_MAX_BYTES`,
 * 415 `attachment_type_not_allowed`, 503 `ada_unavailable`.
 */
export function attachmentRoutes(ctx: ChatContext, policy: AttachmentPolicy) {
  return new Hono<BridgeEnv>().post('/', async (c) => {
    const clientId = c.req.header('x-parley-client-id') ?? '';
    if (!CLIENT_ID.test(clientId)) throw new BridgeError('validation_failed', 'Invalid request: X-Parley-Client-Id must be 1–100 letters, digits, _ . : -.');
    const filename = fileNameOf(c.req.header('x-parley-filename'));
    const session = c.get('session');
    const previous = await ctx.store.getSend(session.id, clientId);
    // Fail before reading: a file that cannot go anywhere (no handoff) or is too large is not read at all.
    if (previous?.status !== 'posted') await conversationForFile(ctx, session);
    const bytes = await readBounded(c.req.raw.body, c.req.header('content-length'), policy.maxBytes);
    // One deadline (ADA_DEADLINE_MS) for every Ada call of the file, counted once it is read: reading is bounded
    // by the listener's request timeout, and a slow upload must not eat the time Ada gets.
    const deadlineAt = Date.now() + ctx.ada.deadlineMs;
    const input = { clientId, filename, declaredType: c.req.header('content-type') ?? '', bytes };
    const { status, body } = await sendAttachment(ctx, session, input, policy, { deadlineAt });
    return c.json(body, status);
  });
}
