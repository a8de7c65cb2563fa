import { Hono, type Context } from 'hono';
import { createConversation, endConversation, endHandoff, getConversation, patchConversation, postMessage } from '../../state/conversations';
import { MAX_ATTACHMENT_BYTES, storeAttachment } from '../../state/attachments';
import { checkQuery, readBody, type ApiDeps, type ApiEnv } from '../env';
import { AdaApiError, badRequest } from '../errors';
import { nextPageUrl, paginate, parseLimit } from '../pagination';

/** Conversations (§3) and messages (§4). */
export function conversationRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const { ctx } = deps;
  const app = new Hono<ApiEnv>({ strict: false });

  /** `end/` and `end-handoff/` take no body; `{}` is tolerated, anything else is noted. */
  const noBody = (c: Context<ApiEnv>): void => {
    if (c.get('body') !== undefined) readBody(c, 'empty');
  };

  app.post('/conversations', (c) => c.json(createConversation(ctx, readBody(c, 'conversationCreate')), 201));

  app.get('/conversations/:id', (c) => c.json(getConversation(ctx, c.req.param('id')).conversation));

  app.patch('/conversations/:id', (c) => c.json(patchConversation(ctx, c.req.param('id'), readBody(c, 'conversationPatch'))));

  app.post('/conversations/:id/end', (c) => {
    noBody(c);
    const ended = endConversation(ctx, c.req.param('id'), { id: getConversation(ctx, c.req.param('id')).conversation.end_user_id, role: 'end_user' });
    return c.json({ message: ended ? 'Conversation ended' : 'Conversation already ended' });
  });

  app.post('/conversations/:id/end-handoff', (c) => {
    noBody(c);
    endHandoff(ctx, c.req.param('id'));
    return c.json({ message: 'Handoff ended' });
  });

  app.post('/conversations/:id/messages', (c) => {
    // The AI Agent hears end-user messages through ctx.onEndUserMessage.
    return c.json(postMessage(ctx, c.req.param('id'), readBody(c, 'messageCreate')), 201);
  });

  app.post('/conversations/:id/attachments', async (c) => {
    const id = c.req.param('id');
    getConversation(ctx, id);
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) throw badRequest('Expected multipart/form-data with a file field');
    // [spec §3] 50 MB per file: a declared length well past it is refused before reading (64 KB leaves room for the multipart framing).
    if (Number(c.req.header('content-length') ?? 0) > MAX_ATTACHMENT_BYTES + 65_536) throw new AdaApiError(413, 'Attachment too large', 'The limit is 50 MB');
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) throw badRequest('Missing file', 'Send the file in the multipart field "file"');
    const bytes = new Uint8Array(await file.arrayBuffer());
    c.set('body', { file: { filename: file.name, mime_type: file.type, size: bytes.byteLength } });
    return c.json(storeAttachment(ctx, id, file, bytes, new URL(c.req.url).origin), 201);
  });

  app.get('/conversations/:id/messages', (c) => {
    checkQuery(c, ['limit', 'cursor']);
    const id = c.req.param('id');
    getConversation(ctx, id);
    const limit = parseLimit(c.req.query('limit'));
    const items = ctx.store.messages.get(id) ?? [];
    return c.json(paginate(items, { limit, cursor: c.req.query('cursor'), idOf: (m) => m.message_id, pageUrl: (cur) => nextPageUrl(c.req.url, limit, cur) }));
  });

  return app;
}
