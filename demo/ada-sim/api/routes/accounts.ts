import { Hono } from 'hono';
import { createChannel, patchChannel, upsertEndUser, patchEndUser } from '../../state/accounts';
import { findEndUserByExternalId } from '../../state/store';
import { checkQuery, readBody, type ApiDeps, type ApiEnv } from '../env';
import { badRequest, notFound } from '../errors';
import { nextPageUrl, paginate, parseLimit } from '../pagination';

/** Channels (§2) and end users (§5). */
export function accountRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const { ctx } = deps;
  const app = new Hono<ApiEnv>({ strict: false });

  app.post('/channels', (c) => c.json(createChannel(ctx, readBody(c, 'channelCreate')), 201));

  app.get('/channels', (c) => {
    checkQuery(c, ['type', 'modality', 'limit', 'cursor']);
    const type = c.req.query('type');
    if (type !== 'custom' && type !== 'native') throw badRequest('Invalid type', 'The type query parameter is required: custom or native');
    const modality = c.req.query('modality');
    const limit = parseLimit(c.req.query('limit'));
    const items = [...ctx.store.channels.values()].filter((ch) => ch.type === type && (!modality || ch.modality === modality));
    return c.json(paginate(items, { limit, cursor: c.req.query('cursor'), idOf: (ch) => ch.id, pageUrl: (cur) => nextPageUrl(c.req.url, limit, cur) }));
  });

  app.patch('/channels/:id', (c) => c.json(patchChannel(ctx, c.req.param('id'), readBody(c, 'channelPatch'))));

  app.post('/end-users', (c) => {
    const { user, created } = upsertEndUser(ctx, readBody(c, 'endUserCreate'));
    return c.json(user, created ? 201 : 200);
  });

  app.get('/end-users', (c) => {
    checkQuery(c, ['limit', 'cursor', 'external_id']);
    const limit = parseLimit(c.req.query('limit'));
    const externalId = c.req.query('external_id');
    const items =
      externalId === undefined ? [...ctx.store.endUsers.values()] : [findEndUserByExternalId(ctx.store, externalId)].filter((u) => u !== undefined);
    return c.json(paginate(items, { limit, cursor: c.req.query('cursor'), idOf: (u) => u.end_user_id, pageUrl: (cur) => nextPageUrl(c.req.url, limit, cur) }));
  });

  app.get('/end-users/:id', (c) => {
    const user = ctx.store.endUsers.get(c.req.param('id'));
    if (!user) throw notFound('End user', c.req.param('id'));
    return c.json(user);
  });

  app.patch('/end-users/:id', (c) => c.json(patchEndUser(ctx, c.req.param('id'), readBody(c, 'endUserPatch'))));

  return app;
}
