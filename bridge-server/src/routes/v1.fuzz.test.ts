/**
 * Property-based fuzzing of every `/v1/` route (issue 17) through a real bridge (`startBridge`, its node:http front
 * door and hono app) on port 0, against the real Ada simulator: any method, path, origin, token, content type and
 * body gets a 2xx when valid or a clear 4xx `{error:{code,message}}`, never a 5xx, each within a time bound.
 * Seed and scale: see testing/fuzz.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryResponse, SendMessageResponse } from '../protocol/api';
import { expectClearError, fuzz, withinBudget } from '../testing/fuzz';
import { startStack, TEST_ORIGIN, type Stack } from '../testing/harness';
import { signUserToken, TEST_IDENTITY_SECRET } from '../testing/userToken';

let stack: Stack;
/** Tokens in four states: no conversation yet, an active conversation, an ended one, one a human agent has. */
const tokens: Record<'fresh' | 'active' | 'ended' | 'handoff', string> = { fresh: '', active: '', ended: '', handoff: '' };
/** A signed-in visitor's valid JWT (issue 15), signed once. */
let userToken = '';
/** The smallest PNG header the type sniffer accepts: the body of a valid `POST /v1/attachments`. */
const PNG = '\x89PNG\r\n\x1a\n\0\0\0\rIHDR';

beforeAll(async () => {
  stack = await startStack({ replyDelayMs: 0 }, { rateLimits: { ipPerMinute: 1_000_000, sessionPerMinute: 1_000_000 }, identitySecret: TEST_IDENTITY_SECRET });
  tokens.fresh = await stack.newSession();
  tokens.active = await stack.newSession();
  expect((await stack.send(tokens.active, 'hello')).status).toBe(201);
  tokens.ended = await stack.newSession();
  expect((await stack.send(tokens.ended, 'hello')).status).toBe(201);
  expect((await stack.api('/v1/conversation/end', { method: 'POST', token: tokens.ended })).status).toBe(200);
  tokens.handoff = await stack.newSession();
  const started = (await (await stack.send(tokens.handoff, 'a human please')).json()) as SendMessageResponse;
  await stack.sim.startHandoff(started.conversation.id);
  // The bridge knows of the handoff once its webhook is in: wait for that (the simulator delivers it at once).
  await stack.sim.idle();
  const history = (await (await stack.api('/v1/conversation', { token: tokens.handoff })).json()) as HistoryResponse;
  expect(history.conversation?.handoff).toBeTruthy();
  userToken = await signUserToken({ sub: 'fuzz-user', name: 'Fuzz' });
}, 30_000);

afterAll(async () => {
  await stack?.close();
});

const ROUTES = ['/v1/sessions', '/v1/conversation', '/v1/conversation/end', '/v1/messages', '/v1/events', '/v1/attachments'] as const;

/** A near-valid body for each route, as the widget would send it. */
const metadata = fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean()), { maxKeys: 6 });
const messageBody = fc.record({
  clientId: fc.oneof(fc.stringMatching(/^[\w.:-]{1,100}$/), fc.uuid()),
  text: fc.oneof(
    fc.string({ minLength: 1, maxLength: 300 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.constantFrom('x'.repeat(5000), 'x'.repeat(5001), '😀'.repeat(5000), '😀'.repeat(5001), ' \n\t ', '\u200b\u200b', '<script>alert(1)</script>'),
  ),
  profile: fc.record({
    displayName: fc.string({ maxLength: 120 }),
    avatar: fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 }), fc.constantFrom('javascript:alert(1)', 'data:,x')),
    language: fc.oneof(fc.constantFrom('en', 'fr-CA', 'zh-Hant-TW'), fc.string({ maxLength: 12 })),
  }, { requiredKeys: [] }),
  metadata: fc.oneof(metadata, fc.constant({ big: 'x'.repeat(5000) })),
  page: fc.record({ url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 3000 })), title: fc.string({ maxLength: 400 }) }, { requiredKeys: ['url'] }),
  surface: fc.oneof(fc.constantFrom('launcher', 'inline'), fc.string({ maxLength: 10 })),
}, { requiredKeys: ['clientId', 'text'] });
const patchBody = fc.record({ metadata: fc.oneof(metadata, fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })) });
const sessionBody = fc.record({
  resume: fc.oneof(fc.string({ maxLength: 140 }), fc.constant('')),
  // A signed-in visitor's token, tampered with, or anything at all.
  userToken: fc.oneof(fc.constant('valid'), fc.string({ maxLength: 200 }), fc.constantFrom('a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', '')),
}, { requiredKeys: [] });

/** A valid-ish object with one field replaced, dropped or added: where validation bugs live. */
const mutated = (base: fc.Arbitrary<Record<string, unknown>>) => fc.tuple(base, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), fc.nat(3))
  .map(([o, key, value, how]) => {
    const keys = Object.keys(o);
    const target = keys.length ? keys[key.length % keys.length] ?? key : key;
    if (how === 0) return { ...o, [target]: value };
    if (how === 1) return Object.fromEntries(Object.entries(o).filter(([k]) => k !== target));
    return { ...o, [key]: value };
  });

/** The valid body of each route; other routes get one of the others (wrong shape for them). */
const validBody: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  '/v1/sessions': sessionBody, '/v1/messages': messageBody, '/v1/conversation': patchBody,
};
/** A file for `/v1/attachments`: a real PNG, a PNG cut or padded, other bytes, or a body meant for another route. */
const fileBody = fc.oneof(
  { weight: 3, arbitrary: fc.constant(PNG) },
  fc.tuple(fc.nat(PNG.length), fc.string({ maxLength: 100 })).map(([n, tail]) => PNG.slice(0, n) + tail),
  fc.constantFrom('GIF89a', '%PDF-1.7', '<svg onload="alert(1)"/>', 'MZ\x90\0'),
);
const bodyFor = (path: string) => {
  if (path.startsWith('/v1/attachments')) return fc.oneof({ weight: 4, arbitrary: fileBody }, fc.oneof(messageBody, sessionBody).map((o) => JSON.stringify(o)));
  const own = validBody[path.split('?')[0] ?? ''] ?? fc.oneof(messageBody, patchBody, sessionBody);
  return fc.oneof(
    { weight: 5, arbitrary: own.map((o) => JSON.stringify(o)) },
    { weight: 3, arbitrary: mutated(own).map((o) => JSON.stringify(o)) },
    fc.oneof(messageBody, patchBody, sessionBody).map((o) => JSON.stringify(o)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('', '{', 'null', '[]', '{"clientId":', 'x'.repeat(40_000)),
  );
};

/** What the widget calls, most of the time: the method each route takes. */
const ROUTE_METHOD: Record<string, string[]> = {
  '/v1/sessions': ['POST', 'DELETE'], '/v1/conversation': ['GET', 'PATCH'], '/v1/conversation/end': ['POST'], '/v1/messages': ['POST'], '/v1/events': ['GET'],
  '/v1/attachments': ['POST'],
};

const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
  fc.string({ maxLength: 20 }).map((s) => `/v1/${encodeURIComponent(s)}`),
  fc.tuple(fc.constantFrom(...ROUTES), fc.string({ maxLength: 20 })).map(([p, q]) => `${p}?${encodeURIComponent(q)}=1`),
);

const request = path.chain((p) => fc.record({
  path: fc.constant(p),
  method: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(ROUTE_METHOD[p.split('?')[0] ?? ''] ?? ['GET'])) },
    fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'),
  ),
  origin: fc.oneof({ weight: 5, arbitrary: fc.constant<string | null>(TEST_ORIGIN) }, fc.constantFrom<string | null>(null, 'https://evil.test', 'null', '')),
  auth: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('fresh', 'active', 'ended', 'handoff').map((k) => `Bearer ${tokens[k as keyof typeof tokens]}`) },
    fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic abc', 'bearer x'),
    fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)).map((s) => `Bearer ${s}`),
    fc.constantFrom('fresh', 'active').map((k) => `Bearer ${tokens[k as keyof typeof tokens]}x`),
  ),
  contentType: p.startsWith('/v1/attachments')
    ? fc.constantFrom('image/png', 'image/png', 'image/jpeg', 'application/octet-stream', 'image/svg+xml', 'application/json', null)
    : fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', null),
  // The file's id and name (attachments only; other routes ignore them).
  clientId: fc.oneof({ weight: 4, arbitrary: fc.uuid() }, fc.string({ maxLength: 120 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
  filename: fc.oneof(fc.string({ maxLength: 60 }).map(encodeURIComponent), fc.constantFrom('%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '')),
  lastEventId: fc.option(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 20 }).filter((s) => /^[\x20-\x7e]*$/.test(s)))),
  body: bodyFor(p),
}));

type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

/** One valid request per route, run before the generated ones, so every route is seen to answer 2xx each run. */
function validExamples(): [Request][] {
  const base = { origin: TEST_ORIGIN, auth: `Bearer ${tokens.fresh}`, contentType: 'application/json' as const, lastEventId: null, body: '{}' };
  return [
    { ...base, method: 'POST', path: '/v1/sessions', auth: '' },
    { ...base, method: 'POST', path: '/v1/messages', body: JSON.stringify({ clientId: 'fuzz-example', text: 'hello' }) },
    { ...base, method: 'GET', path: '/v1/conversation' },
    { ...base, method: 'PATCH', path: '/v1/conversation', body: JSON.stringify({ metadata: { plan: 'pro' } }) },
    { ...base, method: 'GET', path: '/v1/events' },
    { ...base, method: 'POST', path: '/v1/sessions', auth: '', body: JSON.stringify({ userToken: 'valid' }) },
    { ...base, method: 'POST', path: '/v1/attachments', auth: `Bearer ${tokens.handoff}`, contentType: 'image/png', body: PNG, clientId: 'fuzz-file', filename: 'shot.png' },
    { ...base, method: 'DELETE', path: '/v1/sessions' },
  ].map((r) => [{ clientId: 'c', filename: '', ...r } as Request]);
}

describe('/v1/ routes (fuzzed)', () => {
  it('answer any request 2xx when valid, else a clear 4xx, never a 5xx, each within the time bound', async () => {
    const ok = new Map<string, number>();
    let slowest = 0;
    // An error nobody handled reaches the console (the node adapter's last resort), even when the client saw a 2xx.
    const unhandled = vi.spyOn(console, 'error');
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.origin !== null) headers.origin = r.origin;
        if (r.auth) headers.authorization = r.auth;
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.lastEventId !== null) headers['last-event-id'] = r.lastEventId;
        // A sign-out revokes its token: it gets a throwaway session, so the named ones stay usable for the whole run.
        if (r.method === 'DELETE' && r.path.startsWith('/v1/sessions') && Object.values(tokens).some((t) => r.auth === `Bearer ${t}`)) {
          headers.authorization = `Bearer ${await stack.newSession()}`;
        }
        headers['x-parley-client-id'] = r.clientId;
        headers['x-parley-filename'] = r.filename;
        const abort = new AbortController();
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
        const what = `${r.method} ${r.path} ${JSON.stringify(headers)} ${hasBody ? r.body.slice(0, 200) : ''}`;
        // The generators' 'valid' stands for a freshly signed user token; a file goes as its bytes (one per char).
        const body = r.path.startsWith('/v1/attachments') ? Uint8Array.from(r.body, (ch) => ch.charCodeAt(0) & 0xff) : r.body.replace('"valid"', JSON.stringify(userToken));
        const { value: res, ms } = await withinBudget(what, async () => {
          const res = await fetch(`${stack.bridge.url}${r.path}`, { method: r.method, headers, body: hasBody ? body : undefined, signal: abort.signal });
          // A stream stays open: its head is the answer; anything else is read whole.
          const type = res.headers.get('content-type') ?? '';
          const text = type.startsWith('text/event-stream') ? (abort.abort(), '') : await res.text();
          return { status: res.status, type, text };
        });
        slowest = Math.max(slowest, ms);
        if (res.status >= 400 && r.method !== 'HEAD') {
          let parsed: unknown = res.text;
          try {
            parsed = JSON.parse(res.text) as unknown;
          } catch {
            // not JSON: expectClearError names it
          }
          expectClearError(res.status, parsed, what);
        }
        expect(res.status, what).toBeLessThan(500);
        expect(unhandled.mock.calls, what).toEqual([]);
        // Reached the chat domain: answered, or refused for the conversation's state (another run may have ended it).
        if (res.status < 300 || /"(conversation_ended|no_conversation|handoff_required)"/.test(res.text)) {
          const route = `${r.method} ${r.path.split('?')[0]}`;
          ok.set(route, (ok.get(route) ?? 0) + 1);
        }
        if (res.status < 300 && r.method === 'POST' && r.path.startsWith('/v1/messages')) {
          // Whatever was valid was sent as typed (trimmed), under the widget's clientId.
          const sent = JSON.parse(r.body) as { clientId: string; text: string };
          const answer = JSON.parse(res.text) as SendMessageResponse;
          expect(answer.message.clientId).toBe(sent.clientId);
          expect(answer.message.content).toEqual({ type: 'text', body: sent.text.trim() });
        }
        if (res.status === 200 && r.method === 'GET' && r.path.startsWith('/v1/events')) expect(res.type).toContain('text/event-stream');
      }),
      { seed: fuzz.seed, numRuns: fuzz.runs(250), examples: validExamples() },
    );
    // The checks are not vacuous: each route's valid request (the examples, then whatever the generators made) got past validation.
    for (const route of ['POST /v1/sessions', 'POST /v1/messages', 'GET /v1/conversation', 'GET /v1/events', 'PATCH /v1/conversation', 'POST /v1/attachments', 'DELETE /v1/sessions']) {
      expect(ok.get(route) ?? 0, `${route} never got past validation; got ${JSON.stringify([...ok])}`).toBeGreaterThan(0);
    }
    expect(slowest).toBeGreaterThan(0);
    unhandled.mockRestore();
  }, fuzz.timeout(60_000));
});
