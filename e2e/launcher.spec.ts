import { expect, test } from './fixtures';
import { DEMO_GREETING } from '../demo/site/layout';
import { openChat, panelInfo, sendMessage, waitForConversation, widget } from './widget';

test('the launcher opens and closes the chat with the mouse', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  const w = widget(page);
  await expect(w.composer).toBeHidden();
  await w.openButton.click();
  await expect(w.composer).toBeVisible();
  await expect(w.log).toBeVisible();
  await w.closeButton.click();
  await expect(w.composer).toBeHidden();
  await expect(w.openButton).toBeVisible();
});

test('the launcher works with the keyboard alone: Enter opens, focus moves in, Escape closes and focus returns', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  const w = widget(page);
  await w.openButton.focus();
  await page.keyboard.press('Enter');
  await expect(w.composer).toBeVisible();
  // Focus moved into the panel (the shadow host holds it), and Tab reaches the composer.
  await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot != null)).toBe(true);
  for (let i = 0; i < 10 && !(await w.composer.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(w.composer).toBeFocused();
  await page.keyboard.type('hello there');
  await expect(w.composer).toHaveValue('hello there');
  await page.keyboard.press('Escape');
  await expect(w.composer).toBeHidden();
  await expect(w.openButton).toBeFocused();
  await page.keyboard.press('Space');
  await expect(w.composer).toBeVisible();
});

test('shows the greeting and creates nothing at Ada before the first message', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const creates = () => sim.requests().filter((r) => r.method === 'POST' && /\/(conversations|end-users)\/?$/.test(r.path)).length;
  const conversationsBefore = sim.conversations().length;
  const createsBefore = creates();

  await page.goto(siteUrl);
  // Opening connects (session, history, then the event stream): once the stream answers, that sequence is over,
  // so anything it would have created at Ada exists by now.
  const live = page.waitForResponse((r) => r.url().endsWith('/v1/events') && r.status() === 200);
  await openChat(page);
  const w = widget(page);
  await expect(w.log).toContainText(DEMO_GREETING);
  await live;
  expect(sim.conversations().length).toBe(conversationsBefore);
  expect(creates()).toBe(createsBefore);

  const question = `Hello, first message ${Date.now()}`;
  await sendMessage(page, question);
  const conversationId = await waitForConversation(sim, question);
  expect(sim.conversations().length).toBe(conversationsBefore + 1);
  expect(sim.conversations().find((c) => c.id === conversationId)?.status).toBe('active');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the open chat fills the whole screen', async ({ page, siteUrl }) => {
    await page.goto(siteUrl);
    await openChat(page);
    const panel = await panelInfo(widget(page).log);
    expect(panel.x).toBeLessThanOrEqual(1);
    expect(panel.y).toBeLessThanOrEqual(1);
    expect(panel.width).toBeGreaterThanOrEqual(389);
    expect(panel.height).toBeGreaterThanOrEqual(843);
    // Inputs under 16px make iOS zoom in.
    const fontSize = await widget(page).composer.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await expect(widget(page).composer).toBeInViewport();
    await expect(widget(page).send).toBeInViewport();
  });
});

test('a panel left open stays open on the next pages, without taking focus, until the visitor closes it', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  const w = widget(page);
  // Nothing is remembered before the visitor acts.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley:')))).toEqual([]);
  await openChat(page);
  await page.goto(`${siteUrl}/articles`);
  // Drawn open from the start (no click), and the chat comes with it.
  await expect(w.closeButton).toHaveAttribute('aria-expanded', 'true');
  await expect(w.composer).toBeVisible();
  // The page keeps its focus: a reopened panel does not pull the visitor into it.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await w.closeButton.click();
  await page.goto(siteUrl);
  await expect(w.openButton).toBeVisible();
  await expect(w.composer).toBeHidden();
});

test('with data-persist="none" an open panel is not remembered', async ({ page, siteUrl }) => {
  // The install page's live preview re-creates the widget through Parley.init; here the same call by hand.
  await page.goto(`${siteUrl}/install`);
  await page.evaluate(() => {
    const parley = (window as unknown as { Parley: { destroy(): void; init(o: object): unknown } }).Parley;
    parley.destroy();
    parley.init({ bridgeUrl: (document.getElementById('preview-form') as HTMLElement).dataset.bridgeUrl, persist: 'none' });
  });
  await openChat(page);
  const stored = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith('parley:')));
  expect(stored).toEqual([]);
});
