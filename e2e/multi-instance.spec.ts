import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import type { AdaSim } from '../demo/ada-sim/types';
import { startMultiStack } from './lib/multiStack';
import type { MultiStack } from './lib/multiStack';
import { occurrences, openChat, sendMessage, waitForConversation, widget } from './widget';

const VISITORS = 3;

/** One visitor: a browser context of its own (its own storage, session and conversation). */
interface Visitor {
  n: number;
  context: BrowserContext;
  page: Page;
  /** Every text this visitor typed, in order. */
  typed: string[];
  /** Every text the simulated agent said to this visitor outside the AI's own replies. */
  told: string[];
  conversationId?: string;
}

/** How many messages with this exact text the simulator holds, over all conversations, and by role. */
function countAtAda(sim: AdaSim, text: string): number {
  return sim.conversations().flatMap((c) => sim.messages(c.id))
    .filter((m) => m.content.type === 'text' && m.content.body === text).length;
}

/**
 * What differs between a visitor's screen and their transcript at the simulator, or 'same': the count of bubbles
 * per role (the demo site's greeting is one AI bubble more on screen), and every typed or told text exactly once on
 * both sides. A message the widget marked failed is retried, as a visitor would.
 */
async function difference(stack: MultiStack, v: Visitor): Promise<string> {
  const retry = v.page.getByRole('button', { name: 'Retry' });
  // A Retry that cannot be clicked right now (re-rendered, moving) is tried on the next poll, not waited on here.
  if (await retry.count()) await retry.first().click({ timeout: 1_000 }).catch(() => undefined);
  v.conversationId ??= await waitForConversation(stack.sim, v.typed[0] ?? '', 10_000);
  const atAda = stack.sim.messages(v.conversationId);
  const log = widget(v.page).log;
  const roles = ['end_user', 'ai_agent', 'human_agent'] as const;
  for (const role of roles) {
    const onScreen = await log.locator(`.msg.${role}:not(.thinking)`).count();
    const expected = atAda.filter((m) => m.author.role === role).length + (role === 'ai_agent' ? 1 : 0);
    if (onScreen !== expected) return `visitor ${v.n}: ${onScreen} ${role} bubbles on screen, ${expected} expected`;
  }
  for (const text of [...v.typed, ...v.told]) {
    const screen = await occurrences(log, text);
    const ada = countAtAda(stack.sim, text);
    if (screen !== 1 || ada !== 1) return `visitor ${v.n}: "${text}" ${screen}× on screen, ${ada}× at Ada`;
  }
  return 'same';
}

/** Waits until every visitor's screen and Ada transcript agree, each message once (see {@link difference}). */
async function expectAllSettled(stack: MultiStack, visitors: Visitor[]): Promise<void> {
  await expect.poll(async () => {
    await stack.sim.idle();
    for (const v of visitors) {
      const d = await difference(stack, v);
      if (d !== 'same') return d;
    }
    return 'same';
    // Bounded by what the widget may wait before it tries again after a kill: its stream's reconnect backoff reaches
    // 15 s (eventStream.ts), and a send refused meanwhile is flushed once it is live. A CI run at full load missed
    // the old 20 s bound by a 15 s wait between two attempts of one message.
  }, { timeout: 30_000, intervals: [100, 250, 500] }).toBe('same');
}

/** Each visitor types a message and the agent adds a note of its own (a webhook through the proxy), at once. */
async function talk(stack: MultiStack, visitors: Visitor[], step: string): Promise<void> {
  await Promise.all(visitors.map(async (v) => {
    const text = `Visitor ${v.n} ${step}: can I change my delivery address?`;
    v.typed.push(text);
    await sendMessage(v.page, text);
    if (v.conversationId) {
      const note = `Agent note ${step} for visitor ${v.n}`;
      v.told.push(note);
      await stack.sim.agentSay(v.conversationId, { type: 'text', body: note });
    }
  }));
}

test('two bridges on Redis behind a round-robin proxy: SIGKILL of either one mid-conversation loses and repeats nothing', async ({ browser }) => {
  // Room for two cores shared with other work: 1.7 min when the load average was 24.
  test.setTimeout(180_000);
  const stack = await startMultiStack({
    // Ada's delivery faults (each webhook may come twice, shuffled in a 150 ms window) and API faults (429 and 500,
    // which the bridges retry); Svix's retry schedule compressed 50× so a webhook lost with a killed bridge comes
    // again within 0.1 s.
    sim: { seed: 13, replyDelayMs: 50, timeScale: 0.02, duplicateRate: 0.3, reorderWindowMs: 150, errorRates: { 429: 0.1, 500: 0.1 } },
  });
  const visitors: Visitor[] = [];
  try {
    for (let n = 1; n <= VISITORS; n++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      visitors.push({ n, context, page, typed: [], told: [] });
    }
    await Promise.all(visitors.map(async (v) => {
      await v.page.goto(stack.site.url);
      await openChat(v.page);
    }));
    const [a, b] = stack.bridges;
    if (!a || !b) throw new Error('two bridges expected');

    await test.step('both bridges up: every visitor starts a conversation', async () => {
      await talk(stack, visitors, 'first');
      await expectAllSettled(stack, visitors);
    });

    // Kill A while every visitor's message and every agent note are on their way.
    await test.step('A is SIGKILLed mid-conversation', async () => {
      await talk(stack, visitors, 'before A dies');
      await a.kill('SIGKILL');
      await talk(stack, visitors, 'while A is dead');
      await expectAllSettled(stack, visitors);
    });
    await test.step('A is back', async () => {
      await a.start();
      await talk(stack, visitors, 'after A is back');
      await expectAllSettled(stack, visitors);
    });

    // Now the other one: everything left runs on the instance that was killed first.
    await test.step('B is SIGKILLed mid-conversation', async () => {
      await talk(stack, visitors, 'before B dies');
      await b.kill('SIGKILL');
      await talk(stack, visitors, 'while B is dead');
      await expectAllSettled(stack, visitors);
    });

    // Late duplicates and shuffled deliveries: once the simulator is idle, each of them has been answered by a
    // bridge. A last note after that gets a later id in its session's stream, which the widget reads in order, so
    // with that note on screen every delivery before it has been shown or dropped as a copy: then nothing came twice.
    await stack.sim.idle();
    await Promise.all(visitors.map(async (v) => {
      const note = `Last note for visitor ${v.n}`;
      v.told.push(note);
      await stack.sim.agentSay(v.conversationId ?? '', { type: 'text', body: note });
    }));
    await stack.sim.idle();
    for (const v of visitors) await expect(widget(v.page).log).toContainText(`Last note for visitor ${v.n}`, { timeout: 10_000 });
    for (const v of visitors) expect(await difference(stack, v)).toBe('same');
    expect(stack.sim.channels(), 'one channel between the bridges, created at the same moment').toHaveLength(1);
    expect(stack.sim.conversations(), 'one Ada conversation per visitor').toHaveLength(VISITORS);
    expect(new Set(visitors.map((v) => v.conversationId)).size).toBe(VISITORS);
    for (const v of visitors) {
      const mine = stack.sim.messages(v.conversationId ?? '').filter((m) => m.author.role === 'end_user').map((m) => (m.content.type === 'text' ? m.content.body : ''));
      expect(mine.sort()).toEqual([...v.typed].sort());
    }
    // The faults really happened, and both instances really served.
    const perId = new Map<string, number>();
    for (const d of stack.sim.deliveries()) if (d.status === 200) perId.set(d.svixId, (perId.get(d.svixId) ?? 0) + 1);
    expect([...perId.values()].some((count) => count > 1), 'some webhook delivered twice').toBe(true);
    expect(stack.sim.requests().some((r) => r.status === 429 || r.status === 500), 'Ada answered 429/500').toBe(true);
    expect(Math.min(...stack.proxy.served()), 'both bridges served requests').toBeGreaterThan(10);
    expect(stack.sim.violations()).toEqual([]);
  } finally {
    for (const v of visitors) await v.context.close();
    await stack.close();
  }
});
