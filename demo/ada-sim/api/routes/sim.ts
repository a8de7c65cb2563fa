import { Hono } from 'hono';
import { z } from 'zod';
import { endConversation, getConversation } from '../../state/conversations';
import type { ApiDeps } from '../env';
import { AdaApiError } from '../errors';

const content = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), body: z.string().min(1) }),
  z.object({ type: z.literal('link'), url: z.string().min(1), link_text: z.string().nullable().optional() }),
  z.object({ type: z.literal('file'), url: z.string().min(1), mime_type: z.string(), filename: z.string() }),
]);
const author = z.discriminatedUnion('role', [
  z.object({ role: z.literal('ai_agent') }),
  z.object({ role: z.literal('human_agent'), display_name: z.string().min(1), avatar: z.string().nullable().optional() }),
]);
const sayBody = z.object({ content, author: author.optional() });
const endBody = z.object({ ended_by: z.enum(['system', 'human_agent']).optional() });
const faultsBody = z.object({
  timeScale: z.number().positive().optional(),
  replyDelayMs: z.number().min(0).optional(),
  duplicateRate: z.number().min(0).max(1).optional(),
  reorderWindowMs: z.number().min(0).optional(),
  errorRates: z.object({ 429: z.number().min(0).max(1).optional(), 500: z.number().min(0).max(1).optional() }).optional(),
});

async function json(req: Request): Promise<unknown> {
  const raw = await req.text();
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AdaApiError(400, 'Invalid JSON body');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AdaApiError(400, 'Invalid request body', result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

/**
 * Agent-side controls for tests and the e2e suite, under `/_sim/` (no auth, not part of Ada's API).
 * @example await fetch(`${sim.url}/_sim/conversations/${id}/say`, { method: 'POST', body: JSON.stringify({ content: { type: 'text', body: 'Hi' } }) });
 */
export function simRoutes(deps: ApiDeps): Hono {
  const app = new Hono({ strict: false });
  const { ctx } = deps;

  app.post('/conversations/:id/say', async (c) => {
    const body = parse(sayBody, await json(c.req.raw));
    const said = body.content.type === 'link' ? { ...body.content, link_text: body.content.link_text ?? null } : body.content;
    await deps.agent.say(c.req.param('id'), said, body.author);
    return c.json({ ok: true });
  });

  app.post('/conversations/:id/handoff', async (c) => {
    await deps.agent.startHandoff(c.req.param('id'));
    return c.json({ ok: true });
  });

  app.post('/conversations/:id/end', async (c) => {
    const body = parse(endBody, await json(c.req.raw));
    endConversation(ctx, c.req.param('id'), { id: null, role: body.ended_by ?? 'system' });
    return c.json({ ok: true });
  });

  app.get('/state', (c) => {
    const conversations = [...ctx.store.conversations.values()].map((conversation) => ({
      ...conversation,
      handoff_integration: getConversation(ctx, conversation.id).handoffIntegration,
      message_count: ctx.store.messages.get(conversation.id)?.length ?? 0,
    }));
    return c.json({
      channels: [...ctx.store.channels.values()],
      conversations,
      counts: {
        channels: ctx.store.channels.size,
        end_users: ctx.store.endUsers.size,
        conversations: ctx.store.conversations.size,
        messages: conversations.reduce((sum, conversation) => sum + conversation.message_count, 0),
        requests: deps.recorder.requests().length,
        violations: deps.recorder.violations().length,
        deliveries: deps.recorder.deliveries().length,
      },
      violations: deps.recorder.violations(),
      faults: deps.faults(),
    });
  });

  app.post('/faults', async (c) => {
    deps.setFaults(parse(faultsBody, await json(c.req.raw)));
    return c.json({ faults: deps.faults() });
  });

  app.get('/files/:id/:filename', (c) => {
    const file = ctx.store.files.get(c.req.param('id'));
    if (!file) throw new AdaApiError(404, 'File not found');
    return c.body(file.bytes.slice().buffer, 200, { 'content-type': file.mime_type, 'content-disposition': `inline; filename="${encodeURIComponent(file.filename)}"` });
  });

  app.post('/webhooks/pause', (c) => (deps.dispatcher.pause(), c.json({ paused: true })));
  app.post('/webhooks/resume', (c) => (deps.dispatcher.resume(), c.json({ paused: false })));

  return app;
}
