import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { DemoStack } from '../demo/stack';
import { expect, test } from './fixtures';
import { labUrl, waitForParley } from './lab';
import { floating, sendMessage, widget } from './widget';

const TEASER = 'Questions about your Lovelace Pen? Ask me here.';
const CHAT_FILE = /\/chat\.[\da-f]{10}\.js$/;

/** Whether a request to Ada made a channel, an end user or a conversation (what a page view must never do). */
const creates = (stack: DemoStack): number =>
  stack.sim.requests().filter((r) => r.method === 'POST' && /\/(channels|conversations|end-users)\/?$/.test(r.path)).length;

/**
 * Opens a lab page of the site (its origin is the one the bridge allows) with the launcher's tag carrying `attrs`,
 * with Playwright's fake clock installed first, so the teaser's delay is driven by the test, not slept through.
 */
async function openPage(page: Page, stack: DemoStack, attrs: Record<string, string> = { proactive: TEASER }, containers?: string[]): Promise<void> {
  // Paused: time moves only when the test says so (a slow machine's seconds of loading do not count).
  const t0 = Date.now();
  await page.clock.install({ time: t0 });
  await page.clock.pauseAt(t0 + 1000);
  await page.goto(labUrl(stack.site.url, { attrs: { title: 'Lovelace Support', ...attrs }, containers }));
  await waitForParley(page);
  await expect(page.locator('[data-parley]').first()).toBeAttached();
}

const teaser = (page: Page) => floating(page).locator('.teaser');
const dismiss = (page: Page) => floating(page).getByRole('button', { name: 'Dismiss' });

/** Lets idle time come and the default 8 s delay pass on the fake clock. */
async function waitOutDelay(page: Page, seconds = 8): Promise<void> {
  await page.clock.runFor(1000); // idle time (requestIdleCallback's 1 s timeout at the latest)
  await page.clock.runFor(seconds * 1000);
}

test('shows the teaser beside the closed launcher after 8 s, announced once, without taking focus, and Ada sees nothing', async ({ page, cleanStack }) => {
  const before = creates(cleanStack);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openPage(page, cleanStack);
  await page.clock.runFor(1000);
  await page.clock.runFor(6000);
  // Not before its delay: no teaser, and not even the chat file yet.
  await expect(teaser(page)).toHaveCount(0);
  expect(requests.filter((u) => CHAT_FILE.test(u))).toEqual([]);
  await page.clock.runFor(2500);
  await expect(teaser(page)).toBeVisible();
  await expect(teaser(page).getByRole('button', { name: TEASER })).toBeVisible();
  // A polite status line carries the text for screen readers; focus stays where it was.
  await expect(floating(page).getByRole('status')).toHaveText(TEASER);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  // Really on screen: above the launcher, within the viewport, and the topmost thing where it is drawn.
  const box = (await teaser(page).boundingBox())!;
  const launcher = (await widget(page).openButton.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(launcher.y);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  const hit = await teaser(page).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const at = (el.getRootNode() as ShadowRoot).elementFromPoint(r.x + r.width / 3, r.y + r.height / 2);
    return !!at && el.contains(at);
  });
  expect(hit).toBe(true);
  // An accessible state: axe finds nothing in the widget (axe needs timers: the clock runs again).
  await page.clock.resume();
  const results = await new AxeBuilder({ page }).include('[data-parley]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // Nothing at Ada, and no session at the bridge either: the teaser is local.
  expect(creates(cleanStack)).toBe(before);
  expect(requests.filter((u) => /\/v1\//.test(u))).toEqual([]);
});

test('answering the teaser opens the chat with its text as the greeting; Ada gets nothing until the first message', async ({ page, cleanStack }) => {
  const before = creates(cleanStack);
  const conversations = cleanStack.sim.conversations().length;
  await openPage(page, cleanStack);
  await waitOutDelay(page);
  const live = page.waitForResponse((r) => r.url().endsWith('/v1/events') && r.status() === 200);
  await teaser(page).getByRole('button', { name: TEASER }).click();
  const w = widget(page);
  await expect(w.composer).toBeFocused();
  await expect(w.log.locator('.msg.ai_agent').first()).toHaveText(TEASER);
  await expect(teaser(page)).toHaveCount(0);
  // Opening connected to the bridge (session, history, stream), and still nothing exists at Ada.
  await live;
  expect(creates(cleanStack)).toBe(before);
  expect(cleanStack.sim.conversations().length).toBe(conversations);
  // The first message is what starts the conversation.
  await page.clock.resume();
  await sendMessage(page, `About the pen ${Date.now()}`);
  await expect.poll(() => cleanStack.sim.conversations().length, { timeout: 10_000 }).toBe(conversations + 1);
});

test('the close button and Escape dismiss it, focus goes back to the launcher, and it stays dismissed after a reload', async ({ page, cleanStack }) => {
  await openPage(page, cleanStack);
  await waitOutDelay(page);
  await expect(teaser(page)).toBeVisible();
  await dismiss(page).click();
  await expect(teaser(page)).toHaveCount(0);
  const chatFiles: string[] = [];
  page.on('request', (r) => CHAT_FILE.test(r.url()) && chatFiles.push(r.url()));
  await page.reload();
  await expect(widget(page).openButton).toBeVisible();
  await waitOutDelay(page, 20);
  // Remembered: the loader does not even fetch the chat for it.
  await page.clock.resume();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(chatFiles).toEqual([]);
  await expect(teaser(page)).toHaveCount(0);

  // Escape, from the keyboard, on a visitor's first visit (a fresh context has no memory of the teaser).
  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await openPage(second, cleanStack);
  await waitOutDelay(second);
  await expect(teaser(second)).toBeVisible();
  await dismiss(second).focus();
  await second.keyboard.press('Escape');
  await expect(teaser(second)).toHaveCount(0);
  await expect(widget(second).openButton).toBeFocused();
  await other.close();
});

test('never beside an open panel, never for an inline embed, and a delay from data-proactive-delay', async ({ page, cleanStack }) => {
  await openPage(page, cleanStack, { proactive: TEASER, 'proactive-delay': '2' });
  await widget(page).openButton.click();
  await expect(widget(page).composer).toBeVisible();
  await waitOutDelay(page, 3);
  await expect(teaser(page)).toHaveCount(0);
  // Closed again before the delay passed: still nothing (it was meant for a visitor who had not opened the chat).
  await widget(page).closeButton.click();
  await waitOutDelay(page, 3);
  await expect(teaser(page)).toHaveCount(0);

  const inline = await page.context().browser()!.newContext();
  const p2 = await inline.newPage();
  await openPage(p2, cleanStack, { proactive: TEASER, 'proactive-delay': '2', mode: 'inline', target: '#box' }, ['box']);
  await waitOutDelay(p2, 3);
  await expect(p2.locator('[data-parley] .teaser')).toHaveCount(0);
  await inline.close();
});

test('waits while a host cookie banner sits where it would show, then shows once the banner is gone', async ({ page, cleanStack }) => {
  await openPage(page, cleanStack);
  // A consent banner across the bottom of the page, under the launcher's corner, as many sites have.
  await page.evaluate(() => {
    const banner = Object.assign(document.createElement('div'), { id: 'consent', textContent: 'Cookies? ' });
    Object.assign(banner.style, { position: 'fixed', left: '0', right: '0', bottom: '0', height: '220px', background: '#eee', zIndex: '10' });
    banner.append(Object.assign(document.createElement('button'), { textContent: 'OK' }));
    document.body.append(banner);
  });
  await waitOutDelay(page);
  // The chat is there (its status line is), and it holds the teaser back, unannounced.
  await expect(floating(page).getByRole('status')).toHaveText('');
  await expect(teaser(page)).toHaveCount(0);
  await page.evaluate(() => document.getElementById('consent')?.remove());
  await page.clock.runFor(5000);
  await expect(teaser(page)).toBeVisible();
});

test('right to left, and still under prefers-reduced-motion', async ({ page, cleanStack }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openPage(page, cleanStack, { proactive: 'هل لديك سؤال؟', lang: 'ar' });
  await waitOutDelay(page);
  const card = teaser(page);
  await expect(card).toBeVisible();
  expect(await card.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await expect(floating(page).getByRole('button', { name: 'تجاهل' })).toBeVisible();
  expect(await card.evaluate((el) => el.getAnimations().length)).toBe(0);
});
