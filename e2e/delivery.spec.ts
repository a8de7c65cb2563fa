import type { Page } from '@playwright/test';
import type { AdaSim } from '../demo/ada-sim/types';
import { expect, test } from './fixtures';
import { expectInOrder, occurrences, openChat, sendMessage, waitForConversation, widget } from './widget';

/** How many end-user messages with exactly `text` Ada has, over all conversations. */
function countAtAda(sim: AdaSim, text: string): number {
  return sim
    .conversations()
    .flatMap((c) => sim.messages(c.id))
    .filter((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === text).length;
}

/**
 * Waits until the widget has handled every webhook Ada has sent so far, duplicates included: once they are all
 * delivered, one more message from Ada travels the same ordered stream behind them, so when it shows, nothing
 * sent before it is still on its way. (Instead of sleeping and hoping a duplicate would have shown by then.)
 */
async function shownAfterEverything(page: Page, sim: AdaSim, conversationId: string): Promise<void> {
  await sim.idle();
  const last = `That is all for now (${Math.random().toString(36).slice(2, 8)})`;
  await sim.agentSay(conversationId, { type: 'text', body: last });
  await expect(widget(page).log).toContainText(last, { timeout: 10_000 });
}

/** Starts a conversation and waits for the AI Agent's first reply; returns the conversation id. */
async function startConversation(page: Page, sim: AdaSim, siteUrl: string, text: string): Promise<string> {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, text);
  const id = await waitForConversation(sim, text);
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  return id;
}

test('duplicate and out-of-order webhook deliveries show each message once, in order', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  sim.setFaults({ duplicateRate: 1, reorderWindowMs: 300 });
  const id = await startConversation(page, sim, siteUrl, 'hi there, duplicates please');
  const log = widget(page).log;

  const steps = [1, 2, 3, 4, 5].map((n) => `Step ${n} of 5: keep going`);
  for (const step of steps) {
    // Distinct created_at (the clock moves on, not a fixed sleep); the reorder window then shuffles their delivery.
    const said = Date.now();
    await sim.agentSay(id, { type: 'text', body: step });
    await expect.poll(() => Date.now(), { intervals: [2] }).toBeGreaterThan(said + 1);
  }
  await expectInOrder(log, ['hi there, duplicates please', ...steps]);
  await shownAfterEverything(page, sim, id);
  for (const text of ['hi there, duplicates please', "I'm the Lovelace AI Agent", ...steps]) {
    expect(await occurrences(log, text), text).toBe(1);
  }
  // The faults really happened: the same svix-id was delivered more than once.
  const perId = new Map<string, number>();
  for (const d of sim.deliveries()) if (d.status === 200) perId.set(d.svixId, (perId.get(d.svixId) ?? 0) + 1);
  expect([...perId.values()].some((n) => n > 1)).toBe(true);
});

test('a bridge restart mid-conversation loses nothing', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  // Svix-style retries (5 s, 5 min, 30 min…) compressed so the retried deliveries land within seconds.
  sim.setFaults({ timeScale: 0.002 });
  const id = await startConversation(page, sim, siteUrl, 'hello before the restart');
  const log = widget(page).log;

  await cleanStack.stopBridge();
  await sim.agentSay(id, { type: 'text', body: 'Said while the bridge was down' });
  // The send finds no bridge (the request fails at the network), so the message waits in the outbox.
  const unreachable = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/v1/messages'));
  await sendMessage(page, 'Typed while the bridge was down');
  await unreachable;
  await cleanStack.startBridgeAgain();

  await expect(log).toContainText('Said while the bridge was down', { timeout: 15_000 });
  // Nobody clicks anything: the queued message goes out by itself once the widget is back, exactly once, and it
  // never shows as failed (a failed one would wait for a Retry click and never reach Ada here).
  await expect.poll(() => countAtAda(sim, 'Typed while the bridge was down'), { timeout: 15_000 }).toBe(1);
  await expect(log).toContainText("I couldn't find anything about that", { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(log).not.toContainText('Not sent');
  await sim.idle();
  for (const text of ['hello before the restart', 'Said while the bridge was down', 'Typed while the bridge was down']) {
    expect(await occurrences(log, text), text).toBe(1);
  }
  await expectInOrder(log, ['hello before the restart', 'Said while the bridge was down', 'Typed while the bridge was down']);
});

test('going offline for a while loses nothing: queued messages are sent and missed ones arrive', async ({ page, context, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const id = await startConversation(page, sim, siteUrl, 'hello before going offline');
  const log = widget(page).log;

  await context.setOffline(true);
  await sim.agentSay(id, { type: 'text', body: 'Sent while you were offline' });
  await sendMessage(page, 'Do you ship to Canada?');
  await expect(log).toContainText('Do you ship to Canada?');
  // The widget knows it is offline and keeps the message for later.
  await expect(page.getByText('Offline: sending later.')).toBeVisible();
  expect(countAtAda(sim, 'Do you ship to Canada?')).toBe(0);

  await context.setOffline(false);
  await expect(log).toContainText('Sent while you were offline', { timeout: 15_000 });
  await expect.poll(() => countAtAda(sim, 'Do you ship to Canada?'), { timeout: 15_000 }).toBe(1);
  await expect(log).toContainText('Shipping and delivery times', { timeout: 10_000 });
  await shownAfterEverything(page, sim, id);
  for (const text of ['Sent while you were offline', 'Do you ship to Canada?']) expect(await occurrences(log, text), text).toBe(1);
});

test('a message Ada refused shows as failed and can be retried', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await page.goto(siteUrl);
  await openChat(page);
  const log = widget(page).log;

  sim.setFaults({ errorRates: { 500: 1 } });
  await sendMessage(page, 'How do I return a notebook?');
  const retry = page.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible({ timeout: 15_000 });
  await expect(log).toContainText('Not sent');
  expect(countAtAda(sim, 'How do I return a notebook?')).toBe(0);

  sim.setFaults({ errorRates: { 500: 0 } });
  await retry.click();
  await expect(log).toContainText('Returns and refunds', { timeout: 10_000 });
  await expect(retry).toBeHidden();
  await expect(log).not.toContainText('Not sent');
  expect(countAtAda(sim, 'How do I return a notebook?')).toBe(1);
  expect(await occurrences(log, 'How do I return a notebook?')).toBe(1);
});
