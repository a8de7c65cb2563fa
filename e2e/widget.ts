import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AdaSim, MessageLog } from '../demo/ada-sim/types';

/** The article page that embeds the chat inline as well as the launcher. */
export const INLINE_ARTICLE_PATH = '/articles/pen-battery-and-troubleshooting';

/**
 * Locators of one Parley widget, by the accessible names design.md fixes. `scope` narrows to one embed when a
 * page has two (the inline one lives in `#help-chat`); Playwright's locators pierce the open shadow roots.
 */
export function widget(page: Page, scope: Locator | Page = page) {
  return {
    launcher: page.getByRole('button', { name: /^(Open|Close) chat$/ }),
    openButton: page.getByRole('button', { name: 'Open chat' }),
    closeButton: page.getByRole('button', { name: 'Close chat' }),
    composer: scope.getByRole('textbox', { name: 'Message' }),
    send: scope.getByRole('button', { name: 'Send' }),
    log: scope.getByRole('log'),
  };
}

/**
 * The floating widget's shadow host. The widget marks its host with `data-parley="<mode>"`; only pages that also
 * embed the inline chat need this to tell the two apart.
 */
export function floating(page: Page): Locator {
  return page.locator('[data-parley="launcher"]');
}

/**
 * Opens the floating panel with the launcher and waits for its composer, with the panel at rest. A panel the visitor
 * left open on the last page is open already (issue 16): the launcher is then `Close chat`, and is not clicked.
 */
export async function openChat(page: Page): Promise<void> {
  const launcher = widget(page).launcher;
  if ((await launcher.getAttribute('aria-label')) === 'Open chat') await launcher.click();
  const composer = floating(page).getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeVisible();
  // Open means at rest: the panel slides in over 0.2 s, and a box read on the way is a few pixels off.
  await composer.evaluate((el) =>
    Promise.all(
      (el.getRootNode() as ShadowRoot).getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished),
    ),
  );
}

/** Types a message in the composer of `scope` and sends it with the Send button. */
export async function sendMessage(page: Page, text: string, scope: Locator | Page = page): Promise<void> {
  const w = widget(page, scope);
  await w.composer.fill(text);
  await w.send.click();
}

/** The simulator's conversation whose transcript has an end-user message with exactly `text`. */
export function conversationWith(sim: AdaSim, text: string): string | null {
  for (const conversation of sim.conversations()) {
    const found = sim.messages(conversation.id).some((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === text);
    if (found) return conversation.id;
  }
  return null;
}

/** Waits until the simulator has recorded the end-user message `text`, and returns its conversation id. */
export async function waitForConversation(sim: AdaSim, text: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = conversationWith(sim, text);
    if (id) return id;
    if (Date.now() > deadline) throw new Error(`the simulator never received the end-user message "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Text of every message of a simulator transcript, in order (for comparing with what the widget shows). */
export function transcriptText(messages: MessageLog[]): string[] {
  return messages.map((m) => (m.content.type === 'link' ? (m.content.link_text ?? m.content.url) : 'body' in m.content ? m.content.body : m.content.filename));
}

/** Counts how many times `text` occurs in the transcript's text. */
export async function occurrences(log: Locator, text: string): Promise<number> {
  const all = await log.innerText();
  return all.split(text).length - 1;
}

/** Asserts that the given texts appear in the log in this order (each at least once). */
export async function expectInOrder(log: Locator, texts: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const all = await log.innerText();
      let from = 0;
      for (const t of texts) {
        const at = all.indexOf(t, from);
        if (at < 0) return `missing or out of order: ${t}`;
        from = at + t.length;
      }
      return 'in order';
    })
    .toBe('in order');
}

/** The chat panel around a transcript: the nearest ancestor of the log that also holds the composer. */
export async function panelInfo(log: Locator): Promise<{ x: number; y: number; width: number; height: number; background: string }> {
  return log.evaluate((el) => {
    let node: Element | null = el;
    while (node && !node.querySelector('textarea, input')) {
      node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    }
    const panel = node ?? el;
    const r = panel.getBoundingClientRect();
    // The first ancestor with a painted background gives the panel's colour.
    let background = 'rgba(0, 0, 0, 0)';
    for (let n: Element | null = el; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') {
        background = bg;
        break;
      }
    }
    return { x: r.x, y: r.y, width: r.width, height: r.height, background };
  });
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb()`/`rgba()` colour. */
export function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** axe-core over the widget only (WCAG 2.2 AA and best practices); returns its violations as readable lines. */
export async function axeWidget(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-parley]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(results.passes.length).toBeGreaterThan(0); // axe really looked inside the widget
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
