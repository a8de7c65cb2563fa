import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openChat, sendMessage, widget } from './widget';

/** Collects every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  // Init scripts run through the DevTools protocol, which the page's CSP does not govern.
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('the chat works on a page with a strict nonce-based CSP, with no violation and no page error', async ({ page, siteUrl }) => {
  const violations = await watchViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && /Content.Security.Policy/i.test(m.text()) && errors.push(m.text()));

  // The inline chat wants the chat file at once; it runs only if widget.js carried the nonce over.
  const chatFile = page.waitForResponse((r) => /\/chat\.[\da-f]{10}\.js$/.test(r.url()));
  const response = await page.goto(`${siteUrl}/csp`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'nonce-[\w+/=]+'/);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|strict-dynamic/);
  // A new nonce for every response.
  const again = (await page.request.get(`${siteUrl}/csp`)).headers()['content-security-policy'];
  expect(again).not.toBe(policy);

  expect((await chatFile).status()).toBe(200);
  await expect(page.locator('#help-chat').getByRole('textbox', { name: 'Message' })).toBeVisible();
  await openChat(page);
  await expect(page.locator('[data-parley="launcher"]').getByRole('textbox', { name: 'Message' })).toBeFocused();
  await sendMessage(page, 'How do I reset my password?', page.locator('[data-parley="launcher"]'));
  await expect(page.locator('[data-parley="launcher"]').getByRole('log')).toContainText('Reset your Lovelace password', { timeout: 10_000 });
  // The inline chat on the same page shares the conversation, under the same policy.
  await expect(page.locator('#help-chat').getByRole('log')).toContainText('Reset your Lovelace password');
  // Styles really apply (constructable sheets are not blocked): the launcher is a 56 px brand-coloured circle.
  const launcher = await widget(page).closeButton.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { width: cs.width, radius: cs.borderRadius, position: cs.position };
  });
  expect(launcher).toEqual({ width: '56px', radius: '50%', position: 'fixed' });

  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);

  // The watcher does see violations: an inline style attribute, which this policy forbids, is reported.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color: red">x</p>'));
  await expect.poll(violations).toEqual([expect.stringMatching(/^style-src/)]);
});
