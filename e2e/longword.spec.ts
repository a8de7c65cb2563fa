import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openChat, sendMessage, waitForConversation, widget } from './widget';

/** Tokens with no break opportunity, like a pasted base64 blob (issue 17 froze the page 3.3, 18.7 and 44.6 s). */
const TOKEN_SIZES = [25_000, 100_000, 250_000] as const;
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

const token = (n: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[(i * 7919 + (i >> 5)) % 64];
  return out;
};

/**
 * Lays the newest agent bubble's content out again, as when it was first rendered (detached, then put back and
 * its box read, which forces style and layout), seven times a frame apart; returns the least time (the work itself:
 * the other processes sharing the two cores only ever add to it) and the boxes a visitor sees.
 */
async function relayoutNewestBubble(page: Page) {
  return widget(page).log.evaluate(async (log) => {
    const bubbles = log.querySelectorAll('.ai_agent .bubble');
    const bubble = bubbles[bubbles.length - 1] as HTMLElement;
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const children = [...bubble.childNodes];
      for (const c of children) c.remove();
      void bubble.getBoundingClientRect();
      const started = performance.now();
      bubble.append(...children);
      void bubble.getBoundingClientRect();
      times.push(performance.now() - started);
    }
    const box = bubble.getBoundingClientRect();
    const lineHeight = parseFloat(getComputedStyle(bubble).lineHeight) || 20;
    return {
      ms: Math.min(...times), chars: bubble.textContent?.length ?? 0, right: box.right, logRight: log.getBoundingClientRect().right,
      lines: box.height / lineHeight, overflowX: log.scrollWidth - log.clientWidth,
    };
  });
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`one long unbroken word from Ada is shortened to 10,000 characters and lays out in under 50 ms, wrapped in the panel (${name})`, async ({ page, siteUrl, cleanStack }) => {
    await page.setViewportSize(viewport);
    await page.goto(siteUrl);
    await openChat(page);
    const hello = `hello from the ${name}`;
    await sendMessage(page, hello);
    const conversationId = await waitForConversation(cleanStack.sim, hello);
    const log = widget(page).log;
    for (const size of TOKEN_SIZES) {
      await cleanStack.sim.agentSay(conversationId, { type: 'text', body: token(size) });
      await expect(log).toContainText(`(message shortened: ${(size - 10_000).toLocaleString('en')} more characters not shown)`);
      const r = await relayoutNewestBubble(page);
      console.log(`[longword] ${name}, ${size.toLocaleString('en')}-character token: ${r.chars} characters shown, layout ${r.ms.toFixed(1)} ms (least of 7), ${Math.round(r.lines)} lines`);
      expect(r.ms).toBeLessThan(50);
      expect(r.right).toBeLessThanOrEqual(r.logRight);
      expect(r.overflowX).toBeLessThanOrEqual(0);
      expect(r.lines).toBeGreaterThan(200);
    }
    // Ordinary text keeps breaking between words only.
    await cleanStack.sim.agentSay(conversationId, { type: 'text', body: 'An ordinary answer with ordinary words in it.' });
    await expect(log).toContainText('An ordinary answer');
    const ordinary = log.locator('.bubble', { hasText: 'An ordinary answer' });
    await expect(ordinary).toHaveCSS('word-break', 'normal');
  });
}
