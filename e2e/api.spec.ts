import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { adaConversation, openLab, openStreams } from './lab';
import { floating, sendMessage, waitForConversation, widget } from './widget';

/**
 * The public JS API (README "JavaScript API") driven the way a site's own script drives it, through
 * `window.Parley` only, against the real bridge and simulator. Nothing here reaches into the widget's internals.
 */

type Handle = { open(): void; close(): void; toggle(): void; destroy(): void; on(e: string, fn: (p: unknown) => void): () => void };
type Api = Handle & { init(o?: Record<string, unknown>): Handle | null; setMetadata(m: Record<string, unknown>): void; reset(): void };
declare global {
  interface Window {
    Parley: Api;
    /** Every public event a test listener received, in order. */
    seen: { event: string; payload: unknown }[];
    /** Instrumentation installed before widget.js (see INSTRUMENT). */
    lab: { listeners: number; timers: Set<number>; fetches: string[] };
  }
}

const unique = (text: string): string => `${text} (${Math.random().toString(36).slice(2, 8)})`;

/** Records every public event in `window.seen`. */
async function listenToAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.seen = [];
    for (const event of ['ready', 'open', 'close', 'message', 'conversation:start', 'conversation:end', 'error']) {
      window.Parley.on(event, (payload) => window.seen.push({ event, payload }));
    }
  });
}
const seen = (page: Page, event: string) => page.evaluate((e) => window.seen.filter((s) => s.event === e).map((s) => s.payload), event);

test('init returns a handle, once per target: the same handle again, a second target gets its own widget', async ({ page, siteUrl }) => {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  await openLab(page, siteUrl, { containers: ['a', 'b'] });
  const result = await page.evaluate(() => {
    const launcher = window.Parley.init();
    const a1 = window.Parley.init({ mode: 'inline', target: '#a' });
    const a2 = window.Parley.init({ mode: 'inline', target: '#a', title: 'ignored: #a has its widget' });
    const b = window.Parley.init({ mode: 'inline', target: '#b' });
    return {
      keys: a1 ? Object.keys(a1).sort() : [],
      fns: a1 ? Object.values(a1).every((v) => typeof v === 'function') : false,
      sameA: a1 === a2, sameLauncher: launcher === window.Parley.init(), distinct: a1 !== b && a1 !== launcher,
      missing: window.Parley.init({ mode: 'inline', target: '#nowhere' }),
    };
  });
  expect(result).toEqual({ keys: ['close', 'destroy', 'on', 'open', 'toggle'], fns: true, sameA: true, sameLauncher: true, distinct: true, missing: null });
  // One launcher (from the tag) and one inline chat per target, each usable.
  await expect(page.locator('[data-parley]')).toHaveCount(3);
  await expect(page.locator('#a [data-parley="inline"]')).toHaveCount(1);
  await expect(page.locator('#b [data-parley="inline"]')).toHaveCount(1);
  await expect(widget(page, page.locator('#b')).composer).toBeVisible();
  expect(messages.filter((m) => m.startsWith('[parley]') && m.includes('#nowhere'))).toHaveLength(1);

  // The handle drives its own widget: destroying #a leaves #b and the launcher.
  await page.evaluate(() => window.Parley.init({ mode: 'inline', target: '#a' })!.destroy());
  await expect(page.locator('#a [data-parley]')).toHaveCount(0);
  await expect(page.locator('[data-parley]')).toHaveCount(2);
  // And a fresh init of #a after its destroy makes a new one.
  await page.evaluate(() => window.Parley.init({ mode: 'inline', target: '#a' }));
  await expect(widget(page, page.locator('#a')).composer).toBeVisible();
});

test('open, close and toggle move the launcher panel and emit open/close; on() returns an unsubscribe', async ({ page, siteUrl }) => {
  await openLab(page, siteUrl);
  await listenToAll(page);
  const w = widget(page);
  await page.evaluate(() => window.Parley.toggle());
  await expect(w.composer).toBeVisible();
  await expect(w.closeButton).toBeVisible();
  await page.evaluate(() => window.Parley.toggle());
  await expect(w.composer).toBeHidden();
  await expect(w.openButton).toBeVisible();
  // The handle's toggle is the same panel.
  await page.evaluate(() => window.Parley.init()!.toggle());
  await expect(w.composer).toBeVisible();
  await page.evaluate(() => window.Parley.close());
  await expect(w.composer).toBeHidden();
  await page.evaluate(() => window.Parley.open());
  await expect(w.composer).toBeVisible();
  expect(await page.evaluate(() => window.seen.map((s) => s.event).filter((e) => e === 'open' || e === 'close'))).toEqual(['open', 'close', 'open', 'close', 'open']);

  // Unsubscribed: a listener taken off hears nothing more, while one still on hears every later event.
  const counts = await page.evaluate(() => {
    let off = 0;
    let on = 0;
    const unsubscribe = window.Parley.on('close', () => off++);
    window.Parley.on('close', () => on++);
    window.Parley.close();
    const result = unsubscribe();
    window.Parley.open();
    window.Parley.close();
    return { off, on, result };
  });
  expect(counts).toEqual({ off: 1, on: 2, result: undefined });
});

test('message, conversation:start and conversation:end carry what happened, as Ada recorded it', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await openLab(page, siteUrl);
  await listenToAll(page);
  await page.evaluate(() => window.Parley.open());
  const text = unique('How do I reset my password?');
  await sendMessage(page, text);
  const id = await waitForConversation(sim, text);
  // Every message of the transcript Ada recorded (the visitor's own, then the AI Agent's replies), each once, in
  // the order they arrived (Ada's webhooks may overtake each other; the transcript sorts them, the events need not).
  await expect(widget(page).log).toContainText(/Request a reset link/, { timeout: 10_000 });
  await cleanStack.sim.idle();
  const transcript = sim.messages(id);
  await expect.poll(async () => (await seen(page, 'message') as { id: string }[]).map((m) => m.id).sort()).toEqual(transcript.map((m) => m.message_id).sort());
  const heard = (await seen(page, 'message')) as { id: string; role: string; conversationId: string; content: { type: string; body?: string } }[];
  expect(heard[0]).toMatchObject({ role: 'end_user', conversationId: id, content: { type: 'text', body: text } });
  for (const m of transcript) {
    const event = heard.find((h) => h.id === m.message_id);
    expect(event).toMatchObject({ role: m.author.role, conversationId: id, content: { type: m.content.type } });
    if (m.content.type === 'text') expect(event!.content.body).toBe(m.content.body);
  }
  expect(await seen(page, 'conversation:start')).toEqual([{ conversationId: id }]);
  expect(await seen(page, 'conversation:end')).toEqual([]);

  // Ada ends it (e.g. an agent closes it): the page hears it once.
  await sim.endConversation(id, 'human_agent');
  await expect.poll(() => seen(page, 'conversation:end')).toEqual([{ conversationId: id }]);
  expect((await adaConversation(sim, id)).status).toBe('ended');
});

test('error tells the page a message could not reach Ada, with the bridge\'s code', async ({ page, siteUrl, cleanStack }) => {
  await openLab(page, siteUrl);
  await listenToAll(page);
  await page.evaluate(() => window.Parley.open());
  cleanStack.sim.setFaults({ errorRates: { 500: 1 } });
  await sendMessage(page, unique('anyone there?'));
  await expect.poll(async () => (await seen(page, 'error')).length, { timeout: 10_000 }).toBeGreaterThan(0);
  // (The sending tab hears it from the HTTP answer and again from the stream, which tells the session's other tabs.)
  for (const error of (await seen(page, 'error')) as { code: string; message: string }[]) {
    expect(error).toEqual({ code: 'ada_unavailable', message: expect.stringMatching(/\w/) });
  }
  await expect(widget(page).log.getByRole('button', { name: /retry/i })).toBeVisible();
});

test('setMetadata reaches Ada: with the first message, and patched into the running conversation', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await openLab(page, siteUrl, { attrs: { metadata: '{"source":"tag"}' } });
  await page.evaluate(() => window.Parley.setMetadata({ plan: 'pro', seats: 3 }));
  await page.evaluate(() => window.Parley.open());
  const text = unique('hello');
  await sendMessage(page, text);
  const id = await waitForConversation(sim, text);
  expect((await adaConversation(sim, id)).metadata).toMatchObject({ source: 'tag', plan: 'pro', seats: 3 });

  await page.evaluate(() => window.Parley.setMetadata({ plan: 'enterprise', trial: false }));
  await expect.poll(async () => (await adaConversation(sim, id)).metadata).toMatchObject({ source: 'tag', plan: 'enterprise', seats: 3, trial: false });
});

test('reset forgets the conversation on this browser: the next message starts a new one at Ada', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const url = await openLab(page, siteUrl);
  await listenToAll(page);
  await page.evaluate(() => window.Parley.open());
  const first = unique('first question');
  await sendMessage(page, first);
  const firstId = await waitForConversation(sim, first);
  await expect(widget(page).log).toContainText(first);

  await page.evaluate(() => window.Parley.reset());
  await expect(widget(page).log).not.toContainText(first);
  // Nothing of it is left in storage: a reload shows an empty chat.
  await page.goto(url);
  await page.evaluate(() => window.Parley.open());
  await expect(widget(page).composer).toBeVisible();
  await expect(widget(page).log).not.toContainText(first);

  await listenToAll(page);
  const second = unique('second question');
  await sendMessage(page, second);
  const secondId = await waitForConversation(sim, second);
  expect(secondId).not.toBe(firstId);
  await expect.poll(() => seen(page, 'conversation:start')).toEqual([{ conversationId: secondId }]);
  // A new visitor as far as Ada knows: a fresh session has no end user to reuse.
  expect((await adaConversation(sim, secondId)).end_user_id).not.toBe((await adaConversation(sim, firstId)).end_user_id);
});

/**
 * Counts, from before widget.js runs, the listeners added on window and document (and removed), the timers still
 * pending, and every fetch the page makes, so destroy() can be checked for leftovers from the outside.
 */
const INSTRUMENT = `
(() => {
  const lab = (window.lab = { listeners: 0, timers: new Set(), fetches: [] });
  for (const target of [window, document]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    const live = new Set();
    const key = (type, fn, o) => type + '|' + !!(typeof o === 'object' ? o.capture : o) + '|' + (fn && (fn.__labId ??= Math.random()));
    target.addEventListener = (type, fn, o) => {
      if (!(typeof o === 'object' && o.once)) {
        const k = key(type, fn, o);
        if (!live.has(k)) (live.add(k), lab.listeners++);
      }
      return add(type, fn, o);
    };
    target.removeEventListener = (type, fn, o) => {
      const k = key(type, fn, o);
      if (live.delete(k)) lab.listeners--;
      return remove(type, fn, o);
    };
  }
  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  window.setTimeout = (fn, ms, ...a) => { const id = st(() => { lab.timers.delete(id); typeof fn === 'function' && fn(...a); }, ms); lab.timers.add(id); return id; };
  window.clearTimeout = (id) => { lab.timers.delete(id); ct(id); };
  window.setInterval = (fn, ms, ...a) => { const id = si(fn, ms, ...a); lab.timers.add(id); return id; };
  window.clearInterval = (id) => { lab.timers.delete(id); ci(id); };
  const f = window.fetch;
  window.fetch = (input, init) => (lab.fetches.push(String(input instanceof Request ? input.url : input)), f(input, init));
})();
`;

test('destroy removes every widget, listener, timer and connection, and nothing is requested after it', async ({ page, siteUrl, cleanStack }) => {
  const bridgeUrl = cleanStack.bridge.url;
  await page.addInitScript(INSTRUMENT);
  await openLab(page, siteUrl, { containers: ['help'] });
  const before = await page.evaluate(() => window.lab.listeners);
  await page.evaluate(() => window.Parley.init({ mode: 'inline', target: '#help' }));
  await listenToAll(page);
  await page.evaluate(() => window.Parley.open());
  // A live conversation: a stream open at the bridge, a reply received, the "thinking" timer used.
  const text = unique('What are your opening hours?');
  await sendMessage(page, text, floating(page));
  await waitForConversation(cleanStack.sim, text);
  await expect.poll(async () => (await seen(page, 'message')).length).toBe(2);
  await expect.poll(() => openStreams(bridgeUrl)).toBe(1);
  expect(await page.evaluate(() => window.lab.listeners)).toBeGreaterThan(before);
  // A second question whose reply is held back at Ada: the widget is "thinking", its timeout running.
  cleanStack.sim.pauseWebhooks();
  const second = unique('And on Sundays?');
  await sendMessage(page, second, floating(page));
  await waitForConversation(cleanStack.sim, second);
  expect(await page.evaluate(() => window.lab.timers.size)).toBeGreaterThan(0);

  const fetchesBefore = await page.evaluate(() => {
    window.Parley.destroy();
    return window.lab.fetches.length;
  });
  await expect(page.locator('[data-parley]')).toHaveCount(0);
  // The stream is closed at the bridge, and no listener or timer of the widget is left on the page.
  await expect.poll(() => openStreams(bridgeUrl)).toBe(0);
  await expect.poll(() => page.evaluate(() => window.lab.listeners)).toBe(before);
  await expect.poll(() => page.evaluate(() => window.lab.timers.size)).toBe(0);
  // What would wake a leftover controller (the network coming back) makes no request, synchronously or later:
  // a remaining 'online' listener would fetch in the same task.
  const after = await page.evaluate(() => {
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    return window.lab.fetches.length;
  });
  expect(after).toBe(fetchesBefore);
});
