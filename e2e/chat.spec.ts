import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO_GREETING } from '../demo/site/layout';
import { openChat, sendMessage, waitForConversation, widget } from './widget';

/** A message nobody else sends, so the simulator's conversation can be found by it. */
const unique = (text: string): string => `${text} (${Math.random().toString(36).slice(2, 8)})`;

async function endFromWidget(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Options' }).click();
  await page.getByRole('menuitem', { name: 'End conversation' }).or(page.getByRole('button', { name: 'End conversation' })).click();
  // The confirm step: nothing ends until the visitor confirms.
  await page.getByRole('button', { name: 'End', exact: true }).click();
}

test('a question gets a relevant answer from the AI Agent', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  await sendMessage(page, 'How do I reset my password?');
  await expect(w.log).toContainText('How do I reset my password?');
  // The simulator answers from the "Reset your Lovelace password" article.
  await expect(w.log).toContainText('Request a reset link from the sign-in screen', { timeout: 10_000 });
  await expect(w.composer).toHaveValue('');
});

test('a link message shows as a link to the article that opens in a new tab', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'My pen battery drains fast');
  const link = widget(page).log.getByRole('link', { name: 'Pen battery and troubleshooting' });
  await expect(link).toBeVisible({ timeout: 10_000 });
  await expect(link).toHaveAttribute('href', `${siteUrl}/articles/pen-battery-and-troubleshooting`);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
});

test('a handoff shows the human agent by name, and their replies', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  await sendMessage(page, 'I want to talk to a human please');
  await expect(w.log).toContainText("connecting you with a member of our support team", { timeout: 10_000 });
  // Her name is shown as the author of her messages, not only inside their text.
  await expect(w.log.getByText('Grace from Lovelace', { exact: true }).first()).toBeVisible({ timeout: 10_000 });
  await expect(w.log).toContainText("Hi, I'm Grace from Lovelace");
  await expect(w.log).toContainText('Grace joined the conversation');
  // And a banner says who the visitor is talking to now.
  await expect(page.getByText('You are chatting with Grace from Lovelace')).toBeVisible();
  // Her answers keep coming under her name.
  const labels = w.log.getByText('Grace from Lovelace', { exact: true });
  const before = await labels.count();
  await sendMessage(page, 'Could you look into it for me?');
  await expect(w.log).toContainText(/looking into that|tell me a bit more|made a note on your account/, { timeout: 10_000 });
  await expect.poll(() => labels.count()).toBeGreaterThan(before);
});

test('ending from the widget ends it at Ada, then a new conversation can start', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  const first = unique('Where is my parcel?');
  await sendMessage(page, first);
  const firstId = await waitForConversation(sim, first);
  await expect(w.log).toContainText('Shipping and delivery times', { timeout: 10_000 });

  await endFromWidget(page);
  await expect(w.log).toContainText('Conversation ended');
  await expect.poll(() => sim.conversations().find((c) => c.id === firstId)?.status).toBe('ended');
  await expect(w.composer).toBeDisabled();

  await page.getByRole('button', { name: 'Start a new conversation' }).click();
  await expect(w.log).not.toContainText(first);
  await expect(w.log).toContainText(DEMO_GREETING);
  const second = unique('Can I return my notebook?');
  await sendMessage(page, second);
  const secondId = await waitForConversation(sim, second);
  expect(secondId).not.toBe(firstId);
  await expect(w.log).toContainText('Returns and refunds', { timeout: 10_000 });
});

test('ending from the agent side shows it ended, then a new conversation can start', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  const first = unique('hello');
  await sendMessage(page, first);
  const firstId = await waitForConversation(sim, first);
  await expect(w.log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });

  await sim.endConversation(firstId, 'human_agent');
  await expect(w.log).toContainText('Conversation ended', { timeout: 10_000 });
  await expect(w.composer).toBeDisabled();

  await page.getByRole('button', { name: 'Start a new conversation' }).click();
  const second = unique('How do I sync my notebooks?');
  await sendMessage(page, second);
  expect(await waitForConversation(sim, second)).not.toBe(firstId);
  await expect(w.log).toContainText('Sync your notebooks across devices', { timeout: 10_000 });
});

test('"goodbye" ends the conversation from the AI Agent side', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  await sendMessage(page, 'goodbye');
  await expect(w.log).toContainText('Thanks for contacting', { timeout: 10_000 });
  await expect(w.log).toContainText('Conversation ended', { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Start a new conversation' })).toBeVisible();
});

test('markdown from the agent renders, and an XSS payload stays plain text', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  const first = unique('hi');
  await sendMessage(page, first);
  const id = await waitForConversation(sim, first);

  await sim.agentSay(id, { type: 'text', body: 'Here is **bold advice** and *a gentle hint*:\n\n- charge the pen\n- restart it\n\nRun `pair --force` then.' });
  await expect(w.log.locator('strong', { hasText: 'bold advice' })).toBeVisible({ timeout: 10_000 });
  await expect(w.log.locator('em', { hasText: 'a gentle hint' })).toBeVisible();
  await expect(w.log.locator('li', { hasText: 'restart it' })).toBeVisible();
  await expect(w.log.locator('code', { hasText: 'pair --force' })).toBeVisible();

  const payload = `<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2</script> <a href="javascript:alert(3)">bad</a> [evil](javascript:alert(4)) <b onclick=alert(5)>b</b>`;
  await sim.agentSay(id, { type: 'text', body: payload });
  await expect(w.log).toContainText('<img src=x onerror=', { timeout: 10_000 });
  await expect(w.log).toContainText('<script>window.__pwned=2</script>');
  // Nothing from the payload became an element.
  // (With no such element there is nothing that could run later: no sleep needed before checking.)
  await expect(w.log.locator('img[src="x"], script, b[onclick], a[href^="javascript:"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
