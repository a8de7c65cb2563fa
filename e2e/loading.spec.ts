import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { floating, openChat, panelInfo, widget } from './widget';

const CHAT_FILE = /\/chat\.[\da-f]{10}\.js$/;

/** Holds every request for the chat file until `release()` (then lets it through), like a slow network. */
async function holdChatFile(page: Page): Promise<{ release(): void; requested: () => number }> {
  const held: Route[] = [];
  let open = false;
  let requested = 0;
  await page.route(CHAT_FILE, (route) => {
    requested++;
    if (open) void route.continue();
    else held.push(route);
  });
  return {
    release() {
      open = true;
      for (const r of held.splice(0)) void r.continue();
    },
    requested: () => requested,
  };
}

/** Records every storage key the page reads (`window.storageReads`), from before widget.js runs. */
const READS = `(() => {
  const get = Storage.prototype.getItem;
  window.storageReads = [];
  Storage.prototype.getItem = function (k) { window.storageReads.push(String(k)); return get.call(this, k); };
})();`;

/** Fails on any uncaught error or unhandled rejection in the host page. */
function noPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test('a first visit loads only widget.js; the chat file comes when the pointer reaches the launcher', async ({ page, siteUrl }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(READS);
  await page.goto(siteUrl);
  await expect(widget(page).openButton).toBeVisible();
  // Idle time comes: the loader looks for a stored session (a returning visitor's), and a first-time visitor has
  // none, so nothing more is fetched. Waiting for that look, not for a span of time, proves the decision was made.
  await expect.poll(() => page.evaluate(() => (window as unknown as { storageReads: string[] }).storageReads.some((k) => k.endsWith(':token')))).toBe(true);
  await expect(page.locator('script[src*="/chat."]')).toHaveCount(0);
  expect(requests.filter((u) => CHAT_FILE.test(u))).toEqual([]);
  const chatFile = page.waitForResponse(CHAT_FILE);
  await widget(page).openButton.hover();
  const response = await chatFile;
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(response.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
  // Hovering fetched it, and opened nothing.
  await expect(widget(page).openButton).toBeVisible();
  await expect(widget(page).composer).toBeHidden();
});

test('keyboard focus on the launcher fetches the chat file too', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await expect(widget(page).openButton).toBeVisible();
  const chatFile = page.waitForRequest(CHAT_FILE);
  await widget(page).openButton.focus();
  await chatFile;
});

test('a click while the chat file is still on its way opens the panel frame at once, then the chat with focus in the composer', async ({ page, siteUrl }) => {
  const errors = noPageErrors(page);
  const chat = await holdChatFile(page);
  await page.goto(siteUrl);
  const w = widget(page);
  await w.openButton.click();
  // Never a dead click: the frame is there, busy, saying why, where the panel will be.
  const frame = floating(page).getByRole('dialog', { name: 'Lovelace Support' });
  await expect(frame).toBeVisible();
  await expect(frame).toHaveAttribute('aria-busy', 'true');
  await expect(frame.getByRole('status')).toHaveText('Loading the chat…');
  await expect(w.closeButton).toHaveAttribute('aria-expanded', 'true');
  const frameBox = await frame.boundingBox();
  // The status line is on top where it is drawn (hit-test), so it is really visible.
  const hit = await frame.getByRole('status').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return (el.getRootNode() as ShadowRoot).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
  });
  expect(hit).toBe(true);
  expect(chat.requested()).toBe(1);

  chat.release();
  await expect(w.composer).toBeFocused();
  await expect(frame).toHaveAttribute('aria-busy', /.*/, { timeout: 1 }).catch(() => {}); // (the frame is gone)
  await openChat(page); // at rest
  // The real panel sits exactly where the frame was.
  const panel = await panelInfo(w.log);
  expect({ x: panel.x, y: panel.y, width: panel.width, height: panel.height }).toEqual(frameBox);
  expect(errors).toEqual([]);
});

test('Parley.open() before the chat file arrived shows the frame, then the chat', async ({ page, siteUrl }) => {
  const chat = await holdChatFile(page);
  await page.goto(siteUrl);
  await expect(widget(page).openButton).toBeVisible();
  const events = await page.evaluate(() => {
    const seen: string[] = [];
    const parley = (window as unknown as { Parley: { on(e: string, f: () => void): void; open(): void } }).Parley;
    parley.on('open', () => seen.push('open'));
    parley.open();
    return seen;
  });
  expect(events).toEqual(['open']);
  await expect(floating(page).getByRole('dialog').getByRole('status')).toHaveText('Loading the chat…');
  chat.release();
  await expect(widget(page).composer).toBeVisible();
});

test('when the chat file cannot load, the panel says so, tries again, and the host page sees no error', async ({ page, siteUrl }) => {
  const errors = noPageErrors(page);
  let failing = true;
  let attempts = 0;
  // A 404 after a deploy: the bridge's own answer for a chat file it does not have.
  await page.route(CHAT_FILE, async (route) => {
    attempts++;
    if (!failing) return route.continue();
    const missing = await route.fetch({ url: route.request().url().replace(/chat\.[\da-f]{10}\.js$/, 'chat.0000000000.js') });
    expect(missing.status()).toBe(404);
    await route.fulfill({ response: missing });
  });
  await page.goto(siteUrl);
  const w = widget(page);
  await w.openButton.click();
  const status = floating(page).getByRole('dialog').getByRole('status');
  await expect(status).toHaveText('The chat could not load. Trying again…');
  // Tried again after 1 s, then 2 s (backoff), still saying so.
  await expect.poll(() => attempts, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  await expect(status).toHaveText('The chat could not load. Trying again…');
  // Back online: it tries at once, and the chat comes.
  failing = false;
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(w.composer).toBeVisible();
  await expect(w.composer).toBeFocused();
  expect(errors).toEqual([]);
});

test('offline: a click says the chat could not load, and it comes once the network is back', async ({ page, context, siteUrl }) => {
  const errors = noPageErrors(page);
  await page.goto(siteUrl);
  await expect(widget(page).openButton).toBeVisible();
  await context.setOffline(true);
  await widget(page).openButton.click();
  await expect(floating(page).getByRole('dialog').getByRole('status')).toHaveText('The chat could not load. Trying again…');
  await context.setOffline(false); // the browser fires `online`
  await expect(widget(page).composer).toBeVisible();
  expect(errors).toEqual([]);
});

test('a returning visitor gets the chat file at idle time, with no interaction', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await widget(page).composer.fill('hello');
  await widget(page).send.click();
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  await widget(page).closeButton.click();
  const chatFile = page.waitForRequest(CHAT_FILE);
  await page.reload();
  await chatFile;
  await expect(widget(page).openButton).toBeVisible();
  await expect(widget(page).composer).toBeHidden();
});
