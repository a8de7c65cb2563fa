import type { Page } from '@playwright/test';
import type { AdaSim } from '../demo/ada-sim/types';
import { expect, test } from './fixtures';
import { openLab } from './lab';
import { openChat, sendMessage, waitForConversation, widget } from './widget';

/**
 * Issue 16: while the page is hidden, an AI Agent reply shows as "(n) " before the tab's title (opt-in
 * `data-title-unread`) and chimes (opt-in `data-sound`, off by default); the title comes back exactly as the host
 * page has it once the page shows again.
 *
 * Hidden for real was tried first, in this headless Chromium (156) through Playwright: a second page brought to front
 * (`bringToFront`), a tab opened by `window.open` then activated, a CDP tab in the same window
 * (`Target.createTarget` + `Target.activateTarget`), the window minimised (`Browser.setWindowBounds`), focus
 * emulation off (`Emulation.setFocusEmulationEnabled`), `Page.setWebLifecycleState`, each also without Playwright's
 * `--disable-backgrounding-occluded-windows` and `--disable-renderer-backgrounding`: `document.visibilityState`
 * stayed 'visible' every time (headless has no occluded or background tab). So this init script overrides
 * `document.visibilityState` and `document.hidden` on Document.prototype and dispatches `visibilitychange` as a tab
 * switch does; every test checks the page reads 'hidden' before the reply.
 * The sound is counted by wrapping, not replacing, the real Web Audio and media APIs: each source node started (the
 * chime is two oscillators) and each media element played still runs the browser's own code.
 */
function hideableAndHeard(): void {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  const w = window as unknown as { parleyTest: { plays: number; setHidden(v: boolean): void } };
  w.parleyTest = {
    plays: 0,
    setHidden(v) {
      hidden = v;
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...args: Parameters<typeof start>) {
    w.parleyTest.plays++;
    return start.apply(this, args);
  };
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    w.parleyTest.plays++;
    return play.call(this);
  };
}

type TestWindow = Window & { parleyTest: { plays: number; setHidden(v: boolean): void } };

const setHidden = async (page: Page, hidden: boolean): Promise<void> => {
  await page.evaluate((v) => (window as unknown as TestWindow).parleyTest.setHidden(v), hidden);
  expect(await page.evaluate(() => document.visibilityState)).toBe(hidden ? 'hidden' : 'visible');
};
const plays = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as TestWindow).parleyTest.plays);
/** The `<title>` element's own text: `document.title` reads it with white space collapsed, and "exactly" means this. */
const titleText = (page: Page): Promise<string | undefined> => page.evaluate(() => document.querySelector('title')?.text);

/** An AI Agent reply from Ada, through the simulator's webhook like any other, and shown in the transcript. */
async function aiReply(page: Page, sim: AdaSim, conversationId: string, body: string): Promise<void> {
  await sim.agentSay(conversationId, { type: 'text', body }, { role: 'ai_agent' });
  await expect(widget(page).log).toContainText(body);
}

/** How many conversations this file has started (each test asks in its own words). */
let asked = 0;

/**
 * Opens a lab page with these attributes, sets the host's own title (two spaces in it, which `document.title` would
 * collapse), and starts a conversation whose first AI Agent reply is read while the page is visible.
 */
async function chatting(page: Page, sim: AdaSim, siteUrl: string, attrs: Record<string, string>): Promise<string> {
  await page.addInitScript(hideableAndHeard);
  await openLab(page, siteUrl, { attrs });
  await page.evaluate(() => {
    document.querySelector('title')!.text = 'Orders ·  Lovelace Shop';
  });
  await openChat(page);
  // Its own words: the simulator serves every test of the worker, and finds the conversation by them.
  const question = `Where is my order? (tab title ${++asked})`;
  await sendMessage(page, question);
  const conversationId = await waitForConversation(sim, question);
  // The AI Agent's whole turn is over, and on screen: a message said after it travels the same ordered stream, so
  // once that one shows, no step of the turn is still on its way (to arrive, and count, once the page is hidden).
  await sim.idle();
  await aiReply(page, sim, conversationId, 'Let me look that up for you.');
  return conversationId;
}

test.describe('unread replies while the page is hidden', () => {
  test('with data-title-unread, the tab title counts AI Agent replies and comes back exactly; no sound by default', async ({ page, siteUrl, cleanStack }) => {
    const conversationId = await chatting(page, cleanStack.sim, siteUrl, { 'title-unread': 'true' });
    expect(await page.title()).toBe('Orders · Lovelace Shop');

    await setHidden(page, true);
    await aiReply(page, cleanStack.sim, conversationId, 'Your order left the warehouse this morning.');
    await expect(page).toHaveTitle('(1) Orders · Lovelace Shop');
    await aiReply(page, cleanStack.sim, conversationId, 'It should reach you on Thursday.');
    await expect(page).toHaveTitle('(2) Orders · Lovelace Shop');

    await setHidden(page, false);
    expect(await titleText(page)).toBe('Orders ·  Lovelace Shop');
    // Seen once: hidden again, a new reply counts from one.
    await setHidden(page, true);
    await aiReply(page, cleanStack.sim, conversationId, 'Anything else I can help with?');
    await expect(page).toHaveTitle('(1) Orders · Lovelace Shop');
    await setHidden(page, false);
    expect(await titleText(page)).toBe('Orders ·  Lovelace Shop');
    expect(await plays(page)).toBe(0);
  });

  test('keeps a title the host page set while hidden, and restores that one', async ({ page, siteUrl, cleanStack }) => {
    const conversationId = await chatting(page, cleanStack.sim, siteUrl, { 'title-unread': 'true' });
    await setHidden(page, true);
    await aiReply(page, cleanStack.sim, conversationId, 'Your order left the warehouse this morning.');
    await expect(page).toHaveTitle('(1) Orders · Lovelace Shop');
    // The host's own app updates its title meanwhile (a new route, a cart count).
    await page.evaluate(() => {
      document.title = 'Checkout (3 items)';
    });
    await aiReply(page, cleanStack.sim, conversationId, 'It should reach you on Thursday.');
    await expect(page).toHaveTitle('(2) Checkout (3 items)');
    await setHidden(page, false);
    await expect(page).toHaveTitle('Checkout (3 items)');
  });

  test('with data-sound and no data-title-unread, a reply chimes and the title never changes', async ({ page, siteUrl, cleanStack }) => {
    const conversationId = await chatting(page, cleanStack.sim, siteUrl, { sound: 'true' });
    const before = await titleText(page);
    // The visitor's own message and the reply they saw made no sound.
    expect(await plays(page)).toBe(0);
    await setHidden(page, true);
    await aiReply(page, cleanStack.sim, conversationId, 'Your order left the warehouse this morning.');
    await expect.poll(() => plays(page)).toBeGreaterThan(0);
    expect(await titleText(page)).toBe(before);
    await setHidden(page, false);
    expect(await titleText(page)).toBe(before);
  });

  test('without either attribute, a hidden page gets neither a count in its title nor a sound', async ({ page, siteUrl, cleanStack }) => {
    const conversationId = await chatting(page, cleanStack.sim, siteUrl, {});
    const before = await titleText(page);
    await setHidden(page, true);
    // The reply on screen proves it arrived; the title and sound would have changed with it, in the same task.
    await aiReply(page, cleanStack.sim, conversationId, 'Your order left the warehouse this morning.');
    expect(await titleText(page)).toBe(before);
    expect(await plays(page)).toBe(0);
  });
});
