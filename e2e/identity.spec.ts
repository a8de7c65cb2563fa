import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AdaSim, EndUser } from '../demo/ada-sim/types';
import { DEMO_USERS, type DemoUser } from '../demo/site/accountPage';
import { expect, test } from './fixtures';
import { conversationWith, floating, openChat, sendMessage, widget } from './widget';

// Each test drives a whole story (two browsers, or a handoff and three files) on a shared 2-core machine.
test.describe.configure({ timeout: 90_000 });

/** A PNG of one transparent pixel. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Checks that the demo's account page says `user` is signed in, then opens the chat (whose tag carries their token). */
async function openChatAs(page: Page, user: DemoUser): Promise<void> {
  await expect(page.getByText('Signed in as')).toContainText(DEMO_USERS[user].name);
  await openChat(page);
}

/** Signs `page` in as the demo's `user` the way a site does (its account page signs the tag's `data-user-token`) and opens the chat. */
async function signIn(page: Page, siteUrl: string, user: DemoUser = 'ada'): Promise<void> {
  await page.goto(`${siteUrl}/account?user=${user}`);
  await openChatAs(page, user);
}

/** The token the demo's account page signs for `user`, as a single-page app would get it from its backend. */
async function userToken(siteUrl: string, user: DemoUser): Promise<string> {
  const tag = await (await fetch(`${siteUrl}/account?user=${user}`)).text();
  const token = /data-user-token="([^"]+)"/.exec(tag)?.[1] ?? '';
  expect(token).not.toBe('');
  return token;
}

/** Calls the public `Parley.identify(token)` in the page (null signs the visitor out). */
async function identify(page: Page, token: string | null): Promise<void> {
  await page.evaluate((t) => (window as unknown as { Parley: { identify(t: string | null): void } }).Parley.identify(t), token);
}

/** The Ada end user (as Ada's API returns it) who owns the simulator's conversation `conversationId`. */
async function endUserOf(sim: AdaSim, conversationId: string | null): Promise<EndUser> {
  const endUser = sim.conversations().find((c) => c.id === conversationId)?.end_user_id;
  const res = await fetch(`${sim.url}/api/v2/end-users/${endUser}`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
  return (await res.json()) as EndUser;
}

test.describe('signed-in visitors', () => {
  test('the same signed-in user on two browsers sees one conversation, live on both', async ({ browser, siteUrl, cleanStack }) => {
    const one = await browser.newContext();
    const two = await browser.newContext();
    try {
      const a = await one.newPage();
      await signIn(a, siteUrl);
      await sendMessage(a, 'Hello, Ada here');
      await expect(widget(a).log).toContainText('Lovelace AI Agent');
      const conversationId = conversationWith(cleanStack.sim, 'Hello, Ada here');
      expect(conversationId).not.toBeNull();
      // At Ada: one end user, whose external_id is the site's user id, authors the message.
      const user = await endUserOf(cleanStack.sim, conversationId);
      expect(user).toMatchObject({ external_id: 'lovelace-0001', profile: { display_name: 'Ada Lovelace' } });

      const b = await two.newPage();
      await signIn(b, siteUrl);
      await expect(widget(b).log).toContainText('Hello, Ada here');
      await sendMessage(b, 'Hello again, from my other browser');
      // Live on the first browser, the reply too.
      await expect(widget(a).log).toContainText('Hello again, from my other browser');
      await expect.poll(() => cleanStack.sim.messages(conversationId ?? '').filter((m) => m.author.role === 'ai_agent').length).toBeGreaterThanOrEqual(2);
      const lastReply = cleanStack.sim.messages(conversationId ?? '').filter((m) => m.author.role === 'ai_agent').at(-1);
      const text = lastReply?.content.type === 'text' ? lastReply.content.body.slice(0, 30) : '';
      await expect(widget(a).log).toContainText(text);
      await expect(widget(b).log).toContainText(text);
      expect(cleanStack.sim.conversations().filter((c) => c.end_user_id === user.end_user_id)).toHaveLength(1);

      // Signing out then in as someone else on the same browser shows none of Ada's messages.
      await b.getByRole('link', { name: 'Switch to Grace Hopper' }).click();
      await openChatAs(b, 'grace');
      await sendMessage(b, 'Hi, Grace here');
      await expect(widget(b).log).toContainText('Lovelace AI Agent');
      await expect(widget(b).log).not.toContainText('Ada here');
      await expect(widget(b).log).not.toContainText('other browser');
    } finally {
      await one.close();
      await two.close();
    }
  });

  test('identify(null) then identify(other) on one page: the next user sees nothing of the first, not even a live reply', async ({ browser, siteUrl, cleanStack }) => {
    const mine = await browser.newContext();
    const other = await browser.newContext();
    try {
      const page = await mine.newPage();
      await signIn(page, siteUrl);
      await sendMessage(page, 'My order number is 4471');
      await expect(widget(page).log).toContainText('Lovelace AI Agent');
      const adaConversation = conversationWith(cleanStack.sim, 'My order number is 4471') ?? '';

      // The site signs Ada out, then Grace in, without a reload (as a single-page app does).
      await identify(page, null);
      await expect(widget(page).log).not.toContainText('4471');
      await identify(page, await userToken(siteUrl, 'grace'));
      await sendMessage(page, 'Grace here, hello');
      await expect(widget(page).log).toContainText('Lovelace AI Agent');
      const graceConversation = conversationWith(cleanStack.sim, 'Grace here, hello') ?? '';
      expect(graceConversation).not.toBe(adaConversation);
      const owners = [(await endUserOf(cleanStack.sim, adaConversation)).external_id, (await endUserOf(cleanStack.sim, graceConversation)).external_id];
      expect(owners).toEqual(['lovelace-0001', 'lovelace-0002']);

      // A human agent answers Ada's conversation: Ada's other browser shows it live, Grace's page never does.
      const adaElsewhere = await other.newPage();
      await signIn(adaElsewhere, siteUrl);
      await expect(widget(adaElsewhere).log).toContainText('4471');
      await cleanStack.sim.agentSay(adaConversation, { type: 'text', body: 'Order 4471 ships tomorrow' }, { role: 'human_agent', display_name: 'Sam' });
      await expect(widget(adaElsewhere).log).toContainText('Order 4471 ships tomorrow');
      await expect(widget(page).log).toContainText('Grace here, hello');
      await expect(widget(page).log).not.toContainText('4471');
    } finally {
      await mine.close();
      await other.close();
    }
  });

  test('the account page has no axe-core violations', async ({ page, siteUrl }) => {
    await page.goto(`${siteUrl}/account?widget=off`);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  test('a forged token creates nothing at Ada, says so, and the chat goes on anonymously', async ({ page, siteUrl, cleanStack }) => {
    const before = cleanStack.sim.requests().filter((r) => r.path.startsWith('/api/v2/end-users')).length;
    await page.goto(`${siteUrl}/account?forged=1`);
    await openChat(page);
    const alert = floating(page).getByRole('alert');
    await expect(alert).toContainText('sign-in token was refused');
    expect(cleanStack.sim.requests().filter((r) => r.path.startsWith('/api/v2/end-users')).length).toBe(before);
    await sendMessage(page, 'Hello as a guest');
    await expect(widget(page).log).toContainText('Lovelace AI Agent');
    const user = await endUserOf(cleanStack.sim, conversationWith(cleanStack.sim, 'Hello as a guest'));
    expect(user.external_id).toBeNull();
  });
});

test.describe('files during a handoff', () => {
  test('an image attached by button, by paste and by drop shows on both sides; an oversized file is refused with a message', async ({ page, siteUrl, cleanStack }) => {
    await page.goto(siteUrl);
    await openChat(page);
    const w = widget(page);
    const attach = floating(page).getByRole('button', { name: 'Attach file' });
    await sendMessage(page, 'I want to talk to a human');
    await expect(w.log).toContainText("I'm Grace from Lovelace");
    await expect(attach).toBeVisible();

    // By the button (through the file chooser it opens).
    const chooser = page.waitForEvent('filechooser');
    await attach.click();
    await (await chooser).setFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PIXEL });
    const images = floating(page).locator('.bubble img[alt="receipt.png"]');
    await expect(images).toHaveCount(1);
    await expect(w.log).toContainText("I've received receipt.png");

    // By paste into the composer.
    await w.composer.focus();
    await w.composer.evaluate((el, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, [...PIXEL]);
    await expect(floating(page).locator('.bubble img[alt="pasted.png"]')).toHaveCount(1);
    await expect(w.log).toContainText("I've received pasted.png");

    // By drop onto the composer.
    await w.composer.evaluate((el, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [...PIXEL]);
    await expect(floating(page).locator('.bubble img[alt="dropped.png"]')).toHaveCount(1);
    await expect(w.log).toContainText("I've received dropped.png");

    // The composer with Attach file, and the image bubbles, pass axe.
    const axe = await new AxeBuilder({ page }).include('[data-parley]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

    // The images load, at their real size, inside the bubble.
    const box = await floating(page).locator('.bubble img[alt="receipt.png"]').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
    expect(box).toBe(1);
    // And on the simulator's side: both files in the transcript, served back.
    const conversationId = conversationWith(cleanStack.sim, 'I want to talk to a human') ?? '';
    const files = cleanStack.sim.messages(conversationId).filter((m) => m.content.type === 'file');
    expect(files.map((m) => (m.content.type === 'file' ? m.content.filename : ''))).toEqual(['receipt.png', 'pasted.png', 'dropped.png']);

    // Over ATTACHMENT_MAX_BYTES (10 MB): refused with a message, nothing at Ada.
    const big = Buffer.alloc(11 * 1024 * 1024);
    PIXEL.copy(big);
    const again = page.waitForEvent('filechooser');
    await attach.click();
    await (await again).setFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
    await expect(floating(page).getByRole('alert')).toContainText('Files are limited to 10 MB', { timeout: 20_000 });
    await expect(w.log).not.toContainText('huge.png');
    expect(cleanStack.sim.messages(conversationId).filter((m) => m.content.type === 'file')).toHaveLength(3);
  });
});
