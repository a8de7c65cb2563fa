import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { INLINE_ARTICLE_PATH, luminance, openChat, panelInfo, sendMessage, widget } from './widget';

// Every run attaches the screenshots to the test report; `npm run screenshots` (UPDATE_SCREENSHOTS=1) also refreshes
// the copies in docs/screenshots that the README shows, so an ordinary test run leaves the work tree clean.
const SHOTS_DIR = process.env.UPDATE_SCREENSHOTS === '1'
  ? fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
  : fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = `${SHOTS_DIR}${name}.png`;
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Dismisses the demo's cookie bar, as a visitor would before chatting. */
async function acceptCookies(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Cookie notice' }).getByRole('button', { name: 'Accept' }).click();
}

/** A short, realistic conversation: a question, the AI Agent's answer and its article link. */
async function converse(page: Page, scope: Page | ReturnType<Page['locator']> = page): Promise<void> {
  await sendMessage(page, 'My pen stopped pairing with my tablet', scope);
  await expect(widget(page, scope).log.getByRole('link', { name: 'Pen battery and troubleshooting' })).toBeVisible({ timeout: 10_000 });
}

test('screenshots: launcher, open panel in light and dark', async ({ page, siteUrl }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(siteUrl);
  await acceptCookies(page);
  await expect(widget(page).openButton).toBeVisible();
  await shoot(page, testInfo, 'launcher');

  await openChat(page);
  await converse(page);
  const light = await panelInfo(widget(page).log);
  expect(luminance(light.background)).toBeGreaterThan(0.5);
  await shoot(page, testInfo, 'panel-light');

  // data-theme defaults to auto: the panel follows the system scheme (a reload if it only reads it at start).
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  if (luminance((await panelInfo(widget(page).log)).background) > 0.5) {
    await page.reload();
    await openChat(page);
  }
  await expect(widget(page).log.getByRole('link', { name: 'Pen battery and troubleshooting' })).toBeVisible();
  expect(luminance((await panelInfo(widget(page).log)).background)).toBeLessThan(0.2);
  await shoot(page, testInfo, 'panel-dark');
});

test('screenshot: inline chat in a help-center article', async ({ page, siteUrl }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(`${siteUrl}${INLINE_ARTICLE_PATH}`);
  await acceptCookies(page);
  const inline = page.locator('#help-chat');
  await converse(page, inline);
  // The section's heading just under the sticky site header, the chat below it.
  await page.locator('#inline-chat-title').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 90));
  await shoot(page, testInfo, 'inline');
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test('screenshot: mobile full-screen chat', async ({ page, siteUrl }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(siteUrl);
    await acceptCookies(page);
    await openChat(page);
    await converse(page);
    await shoot(page, testInfo, 'mobile');
  });
});
