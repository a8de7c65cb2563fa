import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { axeWidget, floating, INLINE_ARTICLE_PATH, luminance, openChat, panelInfo, sendMessage, widget } from './widget';

/*
 * The README's pictures, and a visual comparison against them: each state is compared with its PNG in
 * docs/screenshots (playwright.config.ts' snapshotPathTemplate), which only `npm run screenshots`
 * (`--update-snapshots`) rewrites. Stable on one machine: reduced motion and animations off, the caret hidden, and
 * the page's clock fixed a little after the chat, so relative times read the same on every run.
 */

/**
 * What a pixel may differ by (anti-aliasing) and how many may (a glyph's hinting): 100 px. Even a change as small as
 * the bubbles' corner radius going from 16 px to 4 px differs in ≈ 190 px of the RTL shot (checked), and fails.
 */
const SAME = { threshold: 0.2, maxDiffPixels: 100, animations: 'disabled', caret: 'hide' } as const;

/** Fixes the page's clock 150 s after now: every message of the test is then "2 minutes ago". */
async function fixClock(page: Page): Promise<void> {
  await page.clock.setFixedTime(Date.now() + 150_000);
}

/** Waits until nothing in the widget moves: the AI's thinking dots gone, every image loaded. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('[data-parley] .thinking')).toHaveCount(0);
  await page.locator('[data-parley]').evaluateAll((hosts) =>
    Promise.all(hosts.flatMap((h) => [...(h.shadowRoot?.querySelectorAll('img') ?? [])].map((i) => i.decode().catch(() => {})))));
}

/** Dismisses the demo's cookie bar, as a visitor would before chatting. */
async function acceptCookies(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Cookie notice' }).getByRole('button', { name: 'Accept' }).click();
}

/** A short, realistic conversation: a question, the AI Agent's answer and its article link. */
async function converse(page: Page, scope: Page | Locator = page): Promise<void> {
  await sendMessage(page, 'My pen stopped pairing with my tablet', scope);
  await expect(widget(page, scope).log.getByRole('link', { name: 'Pen battery and troubleshooting' })).toBeVisible({ timeout: 10_000 });
  await settled(page);
}

test.beforeEach(async ({ page }) => {
  // Each visual comparison waits for two identical captures, and axe scans the widget: more than the default 30 s.
  test.setTimeout(90_000);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await fixClock(page);
});

test('screenshots: launcher, empty state, open panel in light and dark', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await acceptCookies(page);
  await expect(widget(page).openButton).toBeVisible();
  await expect(page).toHaveScreenshot('launcher.png', SAME);

  await openChat(page);
  await expect(floating(page).getByText(/Answers right away/)).toBeVisible();
  await expect(page).toHaveScreenshot('empty.png', SAME);
  expect(await axeWidget(page)).toEqual([]);

  await converse(page);
  expect(luminance((await panelInfo(widget(page).log)).background)).toBeGreaterThan(0.5);
  await expect(page).toHaveScreenshot('panel-light.png', SAME);

  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await expect.poll(async () => luminance((await panelInfo(widget(page).log)).background)).toBeLessThan(0.2);
  await expect(page).toHaveScreenshot('panel-dark.png', SAME);
});

test('screenshot: inline chat in a help-center article', async ({ page, siteUrl }) => {
  await page.goto(`${siteUrl}${INLINE_ARTICLE_PATH}`);
  await acceptCookies(page);
  const inline = page.locator('#help-chat');
  await converse(page, inline);
  // The section's heading just under the sticky site header, the chat below it.
  await page.locator('#inline-chat-title').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 90));
  await expect(page).toHaveScreenshot('inline.png', SAME);
});

test('screenshots: a human agent takes over, then the conversation ends', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await acceptCookies(page);
  await openChat(page);
  await sendMessage(page, 'Can I talk to a person?');
  const log = widget(page).log;
  await expect(log).toContainText("Hi, I'm Grace from Lovelace", { timeout: 10_000 });
  await sendMessage(page, 'My order number is 48213');
  await expect(log).toContainText("I've found order #48213", { timeout: 10_000 });
  await settled(page);
  await expect(floating(page).getByText('You are chatting with Grace from Lovelace')).toBeVisible();
  await expect(page).toHaveScreenshot('handoff.png', SAME);
  expect(await axeWidget(page)).toEqual([]);

  await sendMessage(page, "That's all, bye");
  await expect(floating(page).getByRole('button', { name: 'Start a new conversation' })).toBeFocused({ timeout: 10_000 });
  await settled(page);
  await expect(page).toHaveScreenshot('ended.png', SAME);
  expect(await axeWidget(page)).toEqual([]);
});

test('screenshot: right-to-left, an Arabic question answered in Arabic', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await acceptCookies(page);
  await expect(widget(page).openButton).toBeVisible();
  await page.evaluate(() => {
    const p = (window as unknown as { Parley: { destroy(): void; init(o: object): unknown } }).Parley;
    p.destroy();
    p.init({ lang: 'ar', title: 'دعم Lovelace', subtitle: 'نرد عادةً على الفور', agentName: 'مساعد Lovelace', greeting: 'أهلًا! اسألني عن دفترك أو قلم Lovelace أو التطبيق.', open: true });
  });
  const panel = floating(page);
  await panel.getByRole('textbox', { name: 'رسالة' }).fill('كيف أعيد تعيين كلمة المرور؟');
  await panel.getByRole('button', { name: 'إرسال' }).click();
  await expect(panel.getByRole('link', { name: 'إعادة تعيين كلمة مرور Lovelace' })).toBeVisible({ timeout: 10_000 });
  await settled(page);
  await expect(page).toHaveScreenshot('rtl.png', SAME);
  expect(await axeWidget(page)).toEqual([]);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('screenshot: mobile full-screen chat', async ({ page, siteUrl }) => {
    await page.goto(siteUrl);
    await acceptCookies(page);
    await openChat(page);
    await converse(page);
    await expect(page).toHaveScreenshot('mobile.png', SAME);
  });

  test('screenshot: mobile with the cookie bar still showing: the chat is above it', async ({ page, siteUrl }) => {
    await page.goto(siteUrl);
    await expect(page.getByRole('region', { name: 'Cookie notice' })).toBeVisible();
    await expect(page).toHaveScreenshot('mobile-cookie-bar-closed.png', SAME);
    await openChat(page);
    await converse(page);
    await expect(floating(page).getByRole('button', { name: 'Minimize' })).toBeInViewport();
    await expect(page).toHaveScreenshot('mobile-cookie-bar.png', SAME);
    expect(await axeWidget(page)).toEqual([]);
  });
});
