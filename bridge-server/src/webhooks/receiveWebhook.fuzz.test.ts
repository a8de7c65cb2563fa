/**
 * Property-based fuzzing of `POST /webhooks/ada` (issue 17), through both of its front doors: the node:http fast path
 * the running bridge serves (webhookListener.ts, on a real server) and the hono route (`app.request`). Any body and
 * headers get a 2xx or a clear 4xx `{error:{code,message}}`, never a 500, fast; both doors answer alike; nothing
 * unverified changes the store. Seed and scale: see testing/fuzz.ts.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Hono } from 'hono';
import { Webhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../middleware/errorHandler';
import { requestContext } from '../middleware/requestContext';
import type { BridgeEnv } from '../middleware/types';
import { webhookListener } from '../routes/webhookListener';
import { webhookRoutes } from '../routes/webhooks';
import { createFakeContext } from '../testing/fakeContext';
import { expectClearError, fuzz, withinBudget } from '../testing/fuzz';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

type Env = ReturnType<typeof createFakeContext>;
interface Door {
  env: Env;
  post(body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }>;
}

/** A fake-Ada context with one session and its active conversation `c1` on channel `ch1`, as webhooks.test.ts sets up. */
async function seeded(): Promise<Env> {
  const env = createFakeContext();
  await env.store.createSession({ id: 's1', origin: 'https://a.test', endUserId: 'u1', conversationId: 'c1', createdAt: 0 }, 'hash');
  await env.store.insertConversation({
    id: 'c1', sessionId: 's1', status: 'active', createdAt: new Date().toISOString(), endedAt: null, endedBy: null, handoff: null,
    lastSendAt: 0, lastWebhookAt: 0, lastReconciledAt: 0,
  });
  return env;
}

const readJson = async (res: Response): Promise<unknown> => {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

let server: Server;
let node: Door;
let hono: Door;

beforeAll(async () => {
  const nodeEnv = await seeded();
  const onWebhook = webhookListener(nodeEnv.ctx, { secret: SECRET, logger: nodeEnv.ctx.logger });
  server = createServer((req, res) => onWebhook(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ada`;
  node = {
    env: nodeEnv,
    async post(body, headers) {
      const res = await fetch(url, { method: 'POST', body, headers });
      return { status: res.status, body: await readJson(res) };
    },
  };
  const honoEnv = await seeded();
  const app = new Hono<BridgeEnv>();
  app.use(requestContext({ logger: honoEnv.ctx.logger, metrics: honoEnv.ctx.metrics }));
  app.onError(errorHandler());
  app.route('/webhooks/ada', webhookRoutes(honoEnv.ctx, { secret: SECRET }));
  hono = {
    env: honoEnv,
    async post(body, headers) {
      const res = await app.request('/webhooks/ada', { method: 'POST', body, headers });
      return { status: res.status, body: await readJson(res) };
    },
  };
});

// One request per door before any is timed: the first one loads svix and compiles the receiver.
beforeAll(async () => {
  for (const door of [node, hono]) await door.post('{}', {});
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await node.env.close();
  await hono.env.close();
});

const OUTCOMES = ['processed', 'duplicate_delivery', 'duplicate_message', 'ignored_type', 'ignored_channel', 'ignored_conversation'];

/** Strings that look like what an attacker or a broken proxy sends in a header, plus random ones (no CR/LF/NUL). */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', 'v1,', 'v1,AAAA', 'v1a,xyz', `v1,${'A'.repeat(44)}=`, '0', '-1', '99999999999', 'msg_1', 'whsec_x'),
  fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  fc.integer().map(String),
);

/** An Ada message event, each field either as documented or replaced by an arbitrary JSON value. */
const messageEnvelope = fc.record({
  type: fc.oneof(fc.constantFrom('v1.conversation.message', 'v1.conversation.ended', 'v1.conversation.handoff.ended', 'v1.conversation.created'), fc.string()),
  conversation: fc.oneof(fc.constant('c1'), fc.string()),
  channel: fc.oneof(fc.constant('ch1'), fc.string()),
  messageId: fc.oneof(fc.uuid(), fc.string()),
  createdAt: fc.oneof(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()), fc.string()),
  role: fc.oneof(fc.constantFrom('ai_agent', 'human_agent', 'end_user'), fc.string()),
  content: fc.oneof(
    fc.record({ type: fc.constant('text'), body: fc.string({ maxLength: 300 }) }),
    fc.record({ type: fc.constant('link'), url: fc.oneof(fc.webUrl(), fc.string()), link_text: fc.option(fc.string()) }),
    fc.record({ type: fc.constant('file'), url: fc.string(), mime_type: fc.string(), filename: fc.string() }),
    fc.record({ type: fc.string(), body: fc.jsonValue({ maxDepth: 2 }) }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  replace: fc.dictionary(fc.constantFrom('message_id', 'conversation_id', 'created_at', 'author', 'content', 'channel', 'ended_by'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
}).map((f) => JSON.stringify({
  type: f.type,
  timestamp: new Date().toISOString(),
  data: {
    message_id: f.messageId, conversation_id: f.conversation, end_user_id: 'u1', handoff_integration: null,
    channel: { id: f.channel, type: 'custom', name: 'W', description: 'd', modality: 'messaging' },
    created_at: f.createdAt, author: { id: null, role: f.role, avatar: null, display_name: null }, content: f.content,
    ended_by: { role: 'system' }, ai_agent_domain: 'x.ada.support',
    ...f.replace,
  },
}));

/** Any signed body: a near-valid event, arbitrary JSON, or not JSON at all. */
const signedBody = fc.oneof({ weight: 3, arbitrary: messageEnvelope }, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }));

let delivery = 0;
const signed = (body: string) => {
  const id = `msg_fuzz_${++delivery}`;
  const at = new Date();
  return { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signer.sign(id, at, body), 'content-type': 'application/json' };
};

describe('POST /webhooks/ada (fuzzed)', () => {
  it('answers anything unsigned or wrongly signed 401 invalid_signature and changes nothing, on both doors', async () => {
    const before = await node.env.store.lastEventId('s1');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(signedBody, fc.string({ maxLength: 500 })),
        fc.record({ 'svix-id': headerValue, 'svix-timestamp': headerValue, 'svix-signature': headerValue }, { requiredKeys: [] }),
        fc.boolean(),
        async (body, headers, webhookPrefix) => {
          // Svix's white-label names are accepted too; half the runs use them.
          const sent = webhookPrefix ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace('svix-', 'webhook-'), v])) : headers;
          for (const door of [node, hono]) {
            const { value: res } = await withinBudget('unsigned webhook', () => door.post(body, sent));
            expect(res.status).toBe(401);
            expectClearError(res.status, res.body, `unsigned ${body.slice(0, 60)}`);
            expect((res.body as { error: { code: string } }).error.code).toBe('invalid_signature');
          }
        },
      ),
      { seed: fuzz.seed, numRuns: fuzz.runs(40) },
    );
    expect(await node.env.store.lastEventId('s1')).toBe(before);
  }, fuzz.timeout(20_000));

  it('answers any signed body 200 with a known outcome or 400 bad_request, the same on both doors, and a redelivery as a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(signedBody, async (body) => {
        const headers = signed(body);
        const viaNode = (await withinBudget('signed webhook (node)', () => node.post(body, headers))).value;
        const viaHono = (await withinBudget('signed webhook (hono)', () => hono.post(body, headers))).value;
        for (const res of [viaNode, viaHono]) {
          if (res.status === 200) expect(OUTCOMES).toContain((res.body as { outcome: string }).outcome);
          else {
            expectClearError(res.status, res.body, `signed ${body.slice(0, 80)}`);
            expect(res.status).toBe(400);
          }
        }
        expect(viaHono.status).toBe(viaNode.status);
        expect(viaHono.body).toMatchObject(viaNode.status === 200 ? { outcome: (viaNode.body as { outcome: string }).outcome } : {
          error: { code: (viaNode.body as { error: { code: string } }).error.code },
        });
        if (viaNode.status === 200) {
          // Svix retries a delivery it thinks failed: the same svix-id must change nothing the second time.
          const again = (await withinBudget('redelivered webhook', () => node.post(body, headers))).value;
          expect(again).toMatchObject({ status: 200, body: { outcome: 'duplicate_delivery' } });
        }
      }),
      { seed: fuzz.seed, numRuns: fuzz.runs(100) },
    );
  }, fuzz.timeout(20_000));
});
