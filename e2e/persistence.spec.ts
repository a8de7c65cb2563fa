import { expect, test } from './fixtures';
import { INLINE_ARTICLE_PATH, floating, openChat, sendMessage, waitForConversation, widget } from './widget';

test('a reload and a navigation keep the conversation and its transcript', async ({ page, siteUrl, cleanStack }) => {
  await page.goto(siteUrl);
  await openChat(page);
  const w = widget(page);
  await sendMessage(page, 'How long does shipping take?');
  await expect(w.log).toContainText('Orders ship within 1 business day', { timeout: 10_000 });
  const conversationsBefore = cleanStack.sim.conversations().length;

  await page.reload();
  // [issue 16] The panel was open: it is open again after the reload, with no click.
  await expect(w.closeButton).toHaveAttribute('aria-expanded', 'true');
  await expect(w.composer).toBeVisible();
  await expect(w.log).toContainText('How long does shipping take?');
  await expect(w.log).toContainText('Orders ship within 1 business day');

  await page.goto(`${siteUrl}/articles`);
  await openChat(page);
  await expect(w.log).toContainText('Orders ship within 1 business day');
  // And it carries on in the same conversation.
  await sendMessage(page, 'Thanks a lot');
  await expect(w.log).toContainText("You're welcome!", { timeout: 10_000 });
  expect(cleanStack.sim.conversations().length).toBe(conversationsBefore);
});

test('a second tab shows new messages live', async ({ page, context, siteUrl, cleanStack }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'hello from tab one');
  const id = await waitForConversation(cleanStack.sim, 'hello from tab one');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });

  const second = await context.newPage();
  await second.goto(`${siteUrl}/articles`);
  await openChat(second);
  await expect(widget(second).log).toContainText('hello from tab one');

  // From the first tab: the second sees both the visitor's message and the reply without a reload.
  await sendMessage(page, 'How do I cancel my plan?');
  await expect(widget(second).log).toContainText('How do I cancel my plan?', { timeout: 10_000 });
  await expect(widget(second).log).toContainText('Billing, plans and subscriptions', { timeout: 10_000 });
  // From the agent: both tabs, live.
  await cleanStack.sim.agentSay(id, { type: 'text', body: 'A note for every tab' });
  await expect(widget(page).log).toContainText('A note for every tab');
  await expect(widget(second).log).toContainText('A note for every tab');
  // From the second tab back to the first.
  await sendMessage(second, 'typed in tab two');
  await expect(widget(page).log).toContainText('typed in tab two', { timeout: 10_000 });
});

test('the inline chat and the launcher on one page share the conversation', async ({ page, siteUrl, cleanStack }) => {
  await page.goto(`${siteUrl}${INLINE_ARTICLE_PATH}`);
  const inline = page.locator('#help-chat');
  const inlineChat = widget(page, inline);
  await expect(inlineChat.composer).toBeVisible();
  await sendMessage(page, 'My pen will not pair', inline);
  await expect(inlineChat.log).toContainText('My pen will not pair');
  await expect(inlineChat.log).toContainText('Pen battery and troubleshooting', { timeout: 10_000 });

  await openChat(page);
  // Two transcripts on the page now; the floating one is the one outside #help-chat.
  const logs = page.getByRole('log');
  await expect(logs).toHaveCount(2);
  const floatingLog = floating(page).getByRole('log');
  await expect(floatingLog).toContainText('My pen will not pair');
  await expect(floatingLog).toContainText('Pen battery and troubleshooting');

  // A message from the floating panel shows in the inline chat too, and only one conversation exists.
  await sendMessage(page, 'sent from the floating panel', floating(page));
  await expect(inlineChat.log).toContainText('sent from the floating panel', { timeout: 10_000 });
  const id = await waitForConversation(cleanStack.sim, 'My pen will not pair');
  expect(await waitForConversation(cleanStack.sim, 'sent from the floating panel')).toBe(id);
  const conversation = cleanStack.sim.conversations().find((c) => c.id === id);
  // design.md: a conversation that began in the inline embed says so in its metadata.
  expect(conversation?.metadata.started_from_help_center).toBe(true);
});
