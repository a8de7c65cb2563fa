import { Hono, type Context } from 'hono';
import { createConversation, endConversation, endHandoff, getConversation, patchConversation, postMessage } from '../../state/conversations';
import { checkQuery, readBody, type ApiDeps, type ApiEnv } from '../env';
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
