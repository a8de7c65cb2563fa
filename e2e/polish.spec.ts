import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { adaConversation, openLab } from './lab';
import { floating, openChat, sendMessage, waitForConversation, widget } from './widget';

// Issue 16: what a new visitor tripped on, checked as they would see it (computed styles, hit-testing, axe).

/** axe-core over the widget only, with the tags the other accessibility test uses; returns readable violations. */
async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-parley]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(results.passes.length).toBeGreaterThan(0);
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Re-creates the corner widget on the bare page with `options`, open, through the public API. */
async function reinit(page: Page, options: Record<string, unknown>, box = 'Message'): Promise<void> {
  await page.evaluate((o) => {
    const p = (window as unknown as { Parley: { destroy(): void; init(o: object): unknown } }).Parley;
    p.destroy();
    p.init({ ...o, open: true });
  }, options);
  await expect(floating(page).getByRole('textbox', { name: box })).toBeVisible();
}

test('bold and italic from a reply look bold and italic (defect 1)', async ({ page, siteUrl }) => {
  await page.goto(`${siteUrl}/plain`);
  await expect(widget(page).openButton).toBeVisible();
  await reinit(page, { greeting: 'Your pen is **covered for two years** and *ships free*.' });
  const log = widget(page).log;
  const strong = await log.locator('strong').evaluate((el) => Number(getComputedStyle(el).fontWeight));
  const em = await log.locator('em').evaluate((el) => getComputedStyle(el).fontStyle);
  const plain = await log.locator('strong').evaluate((el) => Number(getComputedStyle(el.parentElement!).fontWeight));
  expect(strong).toBeGreaterThanOrEqual(600);
  expect(plain).toBeLessThan(600);
  expect(em).toBe('italic');
});

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 560 }]) {
  test(`the open panel's header is reachable over the cookie bar at ${viewport.width}×${viewport.height} (defect 2)`, async ({ page, siteUrl }) => {
    await page.setViewportSize(viewport);
    await page.goto(siteUrl);
    const cookie = page.getByRole('region', { name: 'Cookie notice' });
    await expect(cookie).toBeVisible();
    // Closed, the launcher stays below the banner's layer: the banner still gets clicks where it is.
    const bar = (await cookie.boundingBox())!;
    await openChat(page);
    await sendMessage(page, 'hello');
    await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
    const head = floating(page);
    const targets = [
      { name: 'Options', el: head.getByRole('button', { name: 'Options' }) },
      { name: 'Minimize', el: head.getByRole('button', { name: 'Minimize' }) },
      { name: 'Lovelace Support', el: head.getByRole('heading', { name: 'Lovelace Support' }) },
    ];
    for (const { name, el: button } of targets) {
      const box = (await button.boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      // What a click there would hit: the host in the page, then inside its shadow root, the button (or its icon).
      const hit = await page.evaluate(([x, y]) => {
        const host = document.elementFromPoint(x!, y!);
        const inner = host?.shadowRoot?.elementFromPoint(x!, y!);
        return { host: host?.getAttribute('data-parley') ?? host?.className, label: inner?.closest('button')?.getAttribute('aria-label') ?? inner?.closest('h2')?.textContent };
      }, [x, y]);
      expect(hit).toEqual({ host: 'launcher', label: name });
    }
    const title = (await floating(page).getByRole('heading', { name: 'Lovelace Support' }).boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(0);
    if (viewport.width > 480) expect(title.y).toBeLessThan(bar.y + bar.height + 200);
    await floating(page).getByRole('button', { name: 'Minimize' }).click();
    await expect(widget(page).openButton).toBeVisible();
    // The banner, above the closed launcher again, still takes its own clicks.
    await cookie.getByRole('button', { name: 'Accept' }).click();
    await expect(cookie).toBeHidden();
  });
}

test('right-to-left: English bubbles keep their direction and the send icon points the reading way (defect 3)', async ({ page, siteUrl }) => {
  await page.goto(`${siteUrl}/plain`);
  await expect(widget(page).openButton).toBeVisible();
  await reinit(page, { lang: 'ar', greeting: 'مرحبا! كيف يمكنني مساعدتك؟' }, 'رسالة');
  const panel = floating(page);
  await panel.getByRole('textbox', { name: 'رسالة' }).fill('Hello, world!');
  await panel.getByRole('button', { name: 'إرسال' }).click();
  const bubble = panel.getByText('Hello, world!').locator('xpath=ancestor::div[contains(@class,"bubble")]');
  expect(await bubble.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  expect(await panel.locator('.log').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  const icon = await panel.getByRole('button', { name: 'إرسال' }).locator('svg').evaluate((el) => getComputedStyle(el).transform);
  expect(icon).toBe('matrix(-1, 0, 0, 1, 0, 0)');
  expect(await axe(page)).toEqual([]);
});

// Two tests, one axe scan each: both scans in one test outran its 30 s on a loaded machine.
test('before the first message there is no menu to open on a single disabled item (defect 5)', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  const panel = floating(page);
  await expect(panel.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(panel.getByRole('button', { name: 'Options' })).toHaveCount(0);
  expect(await axe(page)).toEqual([]);
});

test('ending a conversation: the composer says so, looks disabled, and focus goes to Start a new conversation (defect 4)', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await page.getByRole('region', { name: 'Cookie notice' }).getByRole('button', { name: 'Accept' }).click();
  await openChat(page);
  const panel = floating(page);
  const box = panel.getByRole('textbox', { name: 'Message' });
  const enabledBg = await box.evaluate((el) => getComputedStyle(el).backgroundColor);
  await sendMessage(page, 'hello');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  await panel.getByRole('button', { name: 'Options' }).click();
  await panel.getByRole('menuitem', { name: 'End conversation' }).click();
  await panel.getByRole('button', { name: 'End', exact: true }).click();
  const again = panel.getByRole('button', { name: 'Start a new conversation' });
  await expect(again).toBeFocused();
  await expect(box).toBeDisabled();
  await expect(box).toHaveAttribute('placeholder', 'This conversation has ended');
  expect(await box.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(enabledBg);
  expect(await axe(page)).toEqual([]);
});

test('the menu icon is as visible as the minimize icon', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'hello');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  // Each dot as drawn: its painted box and colour, beside the chevron's stroke (the old 2px dots were specks).
  const dots = await floating(page).getByRole('button', { name: 'Options' }).locator('svg > *').evaluateAll((els) =>
    els.map((el) => ({ w: el.getBoundingClientRect().width, fill: getComputedStyle(el).fill })));
  const chevron = await floating(page).getByRole('button', { name: 'Minimize' }).locator('svg path').evaluate((el) =>
    ({ stroke: getComputedStyle(el).stroke, width: parseFloat(getComputedStyle(el).strokeWidth) * el.getBoundingClientRect().width / 24 }));
  expect(dots).toHaveLength(3);
  for (const d of dots) {
    expect(d.w).toBeGreaterThanOrEqual(3.5);
    expect(d.fill).toBe(chevron.stroke);
  }
});

test('with the bridge out of reach, the visitor is told plainly that messages wait, and they go once it is back (defect 8)', async ({ page, siteUrl, cleanStack }) => {
  // The bound itself (8 s), the bridge coming back, and an axe scan: more than the default 30 s on a shared machine.
  test.setTimeout(120_000);
  await page.goto(siteUrl);
  await page.getByRole('region', { name: 'Cookie notice' }).getByRole('button', { name: 'Accept' }).click();
  await openChat(page);
  await sendMessage(page, 'hello');
  const log = widget(page).log;
  await expect(log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  await cleanStack.stopBridge();
  await sendMessage(page, 'Anyone there?');
  const panel = floating(page);
  // Within the widget's bound (8 s) and some slack for a loaded machine: no more "Reconnecting…" alone.
  await expect(panel.getByRole('status').filter({ hasText: 'Your messages will be sent when the connection returns.' })).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByText('Waiting for connection')).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await cleanStack.startBridgeAgain();
  // The widget retries with capped backoff (at most 30 s apart), so the message goes at its next attempt.
  await expect.poll(() => cleanStack.sim.conversations().flatMap((c) => cleanStack.sim.messages(c.id))
    .filter((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === 'Anyone there?').length, { timeout: 40_000 }).toBe(1);
  await expect(panel.getByText('Waiting for connection')).toHaveCount(0);
  await expect(panel.getByText('Your messages will be sent when the connection returns.')).toHaveCount(0);
});

test('a paste over the length limit is kept and the visitor is told by how much, in the error colour (defect 7)', async ({ page, siteUrl }) => {
  await page.goto(`${siteUrl}/plain`);
  await openChat(page);
  const panel = floating(page);
  await panel.getByRole('textbox', { name: 'Message' }).fill('x'.repeat(5100));
  expect(await panel.getByRole('textbox', { name: 'Message' }).inputValue()).toHaveLength(5100);
  const note = panel.getByText('100 characters over the limit');
  await expect(note).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
  const [noteColor, muted] = await note.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el.closest('.panel')!.querySelector('textarea')!).color]);
  expect(noteColor).not.toBe(muted);
  expect(await axe(page)).toEqual([]);
});

test('on a phone, the loading frame is above the cookie bar too: a chat file that cannot load leaves Minimize reachable (defect 2)', async ({ page, siteUrl }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // The chat file never comes (offline, or a deploy replaced it): the loader's frame is all the visitor has.
  await page.route(/\/chat\.[\da-f]{10}\.js$/, (route) => route.abort());
  await page.goto(siteUrl);
  await expect(page.getByRole('region', { name: 'Cookie notice' })).toBeVisible();
  await widget(page).openButton.click();
  const frame = floating(page).getByRole('dialog');
  await expect(frame.getByRole('status')).toHaveText('The chat could not load. Trying again…');
  // Full screen on a phone, the launcher is hidden: Minimize in the frame's header is the only way out.
  const min = frame.getByRole('button', { name: 'Minimize' });
  const box = (await min.boundingBox())!;
  const hit = await page.evaluate(([x, y]) => {
    const host = document.elementFromPoint(x!, y!);
    return { host: host?.getAttribute('data-parley') ?? host?.className, label: host?.shadowRoot?.elementFromPoint(x!, y!)?.closest('button')?.getAttribute('aria-label') };
  }, [box.x + box.width / 2, box.y + box.height / 2]);
  expect(hit).toEqual({ host: 'launcher', label: 'Minimize' });
  await min.click();
  await expect(widget(page).openButton).toBeVisible();
  expect(await axe(page)).toEqual([]);
});

test('a reply read in one tab is not counted unread on the launcher of another (defect 9)', async ({ page, context, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'hello');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  // Closed here, so the second tab opens closed too (an open panel would follow the visitor there).
  await floating(page).getByRole('button', { name: 'Minimize' }).click();

  const other = await context.newPage();
  const streaming = other.waitForRequest(/\/v1\/events/);
  await other.goto(siteUrl);
  await other.evaluate(() => {
    const w = window as unknown as { replies: number; Parley: { on(e: string, fn: (m: { role: string }) => void): void } };
    w.replies = 0;
    w.Parley.on('message', (m) => void (m.role != 'end_user' && w.replies++));
  });
  // A returning visitor: the other tab's chat comes at idle time and follows the conversation live.
  await streaming;
  await openChat(page);
  await sendMessage(page, 'How long does shipping take?');
  await expect(widget(page).log).toContainText('business day', { timeout: 10_000 });
  // The other tab got the reply too, with its panel closed; the first tab showed it, so it is read there.
  await expect.poll(() => other.evaluate(() => (window as unknown as { replies: number }).replies)).toBeGreaterThan(0);
  await expect(widget(other).openButton).toBeVisible();
  await expect(floating(other).locator('.badge')).toHaveCount(0);
  await expect(widget(other).openButton).not.toHaveAttribute('aria-describedby', /./);
});

test('a single-page app moving to another route tells Ada which page the visitor is on now', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const start = await openLab(page, siteUrl);
  await openChat(page);
  const text = `where am I (${Math.random().toString(36).slice(2, 8)})`;
  await sendMessage(page, text);
  const id = await waitForConversation(sim, text);
  expect((await adaConversation(sim, id)).metadata).toMatchObject({ page_url: start });
  // The app's router: a new URL and title, no page load (the chat stays open, with its conversation).
  await page.evaluate(() => {
    history.pushState({}, '', '/lab/orders/48213');
    document.title = 'Order 48213';
  });
  await expect.poll(async () => (await adaConversation(sim, id)).metadata, { timeout: 10_000 })
    .toMatchObject({ page_url: start, current_page_url: `${siteUrl}/lab/orders/48213`, current_page_title: 'Order 48213' });
  await expect(widget(page).log).toContainText(text);
});

test('the menu downloads the conversation as a plain-text file, as Chromium saves it', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'How long does shipping take?');
  await expect(widget(page).log).toContainText('business day', { timeout: 10_000 });
  const panel = floating(page);
  await panel.getByRole('button', { name: 'Options' }).click();
  const download = page.waitForEvent('download');
  await panel.getByRole('menuitem', { name: 'Download transcript' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Lovelace-Support.txt');
  const text = readFileSync((await file.path())!, 'utf8');
  // The title, then each message under its time and speaker, without markdown marks.
  expect(text.split('\n')[0]).toBe('Lovelace Support');
  expect(text).toMatch(/\] You:\nHow long does shipping take\?\n/);
  expect(text).toMatch(/\] Lovelace assistant:\nShipping and delivery times\n+Orders ship within 1 business day/);
  // A link reply as its text and its address.
  expect(text).toMatch(/\] Lovelace assistant:\nShipping and delivery times <http:\/\/[^>]+\/articles\/shipping-and-delivery>/);
  expect(text).not.toMatch(/\*\*|^#/m);
});

test('a message time reads relative, and shows the exact time on keyboard focus and on hover', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'hello');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  const time = floating(page).locator('.end_user time').first();
  await expect(time).toContainText('now');
  const tip = () => time.evaluate((el) => getComputedStyle(el, '::after').content);
  expect(await tip()).toBe('none');
  const exact = await time.getAttribute('data-exact');
  expect(exact).toMatch(/\d{4}.*\d:\d\d/);
  // By keyboard, as a visitor reaches it: back from the composer until the time has focus.
  await floating(page).getByRole('textbox', { name: 'Message' }).focus();
  for (let i = 0; i < 12 && !(await time.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Shift+Tab');
  await expect(time).toBeFocused();
  await expect.poll(tip).toBe(JSON.stringify(exact));
  await floating(page).getByRole('textbox', { name: 'Message' }).focus();
  await expect.poll(tip).toBe('none');
  await time.hover();
  await expect.poll(tip).toBe(JSON.stringify(exact));
});
