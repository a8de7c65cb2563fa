import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../../e2e/browser';
import type { Random } from '../../demo/ada-sim/lib/random';
import { adaMessages, type AdaEndpoint, type VisitorVerdict } from './verdict';

/** A host page for the tabs, on an origin of its own (the bridge must allow it), embedding the bridge's widget. */
export async function startTabPage(): Promise<{ origin: string; setBridge(url: string): void; close(): Promise<void> }> {
  let bridgeUrl = '';
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>chaos tab</title><body><h1>Chaos</h1>
<script src="${bridgeUrl}/widget.js" data-open="true" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setBridge: (url) => void (bridgeUrl = url),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One real Chromium tab with the widget open, typing like a visitor (and pressing Retry on a failed message). */
export interface Tab {
  name: string;
  typed: string[];
  type(text: string): Promise<void>;
  goOffline(ms: number): Promise<void>;
  close(): Promise<void>;
  page: Page;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Launches Chromium and opens `count` tabs, each in its own context (its own storage: its own visitor). */
export async function openTabs(count: number, pageUrl: string, random: Random): Promise<{ tabs: Tab[]; close(): Promise<void> }> {
  const browser: Browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  const tabs: Tab[] = [];
  let closed = false;
  for (let i = 0; i < count; i++) {
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 20_000 });
    const typed: string[] = [];
    // A visitor presses Retry on whatever shows as failed (a 503 while the disk was full, say), now and then.
    void (async () => {
      while (!closed) {
        await sleep(1000 + random.next() * 1000);
        const retry = page.getByRole('button', { name: 'Retry' });
        for (const button of await retry.all().catch(() => [])) await button.click({ timeout: 1000 }).catch(() => undefined);
      }
    })();
    tabs.push({
      name: `tab${i + 1}`, typed, page,
      async type(text) {
        typed.push(text);
        const box = page.getByRole('textbox', { name: 'Message' });
        await box.fill(text);
        await page.getByRole('button', { name: 'Send' }).click();
      },
      async goOffline(ms) {
        await context.setOffline(true);
        await sleep(ms);
        await context.setOffline(false);
      },
      close: () => context.close(),
    });
  }
  return {
    tabs,
    async close() {
      closed = true;
      await browser.close();
    },
  };
}

/** Every message Ada holds, in every conversation (the simulator's state lists them, over HTTP). */
async function allAdaMessages(ada: AdaEndpoint) {
  const state = (await (await fetch(`${ada.url}/_sim/state`)).json()) as { conversations: { id: string }[] };
  return (await Promise.all(state.conversations.map(async (c) => (await adaMessages(ada, c.id)).map((m) => ({ ...m, conversationId: c.id }))))).flat();
}

/**
 * Judges a tab like an HTTP visitor (verdict.ts), from what its page shows: each typed text once at Ada and once in
 * the transcript (`role="log"`), confirmed (not sending or failed), and as many AI replies on screen as Ada holds
 * in its conversation. A tab has no stream of its own to inspect, so `missedByStream` stays 0.
 */
export async function judgeTab(tab: Tab, ada: AdaEndpoint): Promise<VisitorVerdict> {
  const all = await allAdaMessages(ada);
  const bubbles = await tab.page.locator('[role=log] .msg').evaluateAll((els) =>
    els.map((el) => ({ cls: el.className, text: (el.querySelector('.bubble') as HTMLElement | null)?.innerText.trim() ?? '' })));
  const v: VisitorVerdict = {
    name: tab.name, typed: tab.typed.length, lostAtAda: 0, dupAtAda: 0, lostOnScreen: 0, dupOnScreen: 0, missedByStream: 0,
    aiLostAtAda: 0, aiExtraAtAda: 0, aiLostOnScreen: 0, aiDupOnScreen: 0, streamRepeats: 0, details: [],
  };
  const note = (line: string) => v.details.push(`${tab.name}: ${line}`);
  const conversations = new Set<string>();
  for (const text of tab.typed) {
    const atAda = all.filter((m) => m.author.role === 'end_user' && m.content.type === 'text' && m.content.body === text);
    for (const m of atAda) conversations.add(m.conversationId);
    if (atAda.length !== 1) note(`"${text}" is at Ada ${atAda.length} times`);
    v.lostAtAda += atAda.length === 0 ? 1 : 0;
    v.dupAtAda += Math.max(0, atAda.length - 1);
    const shown = bubbles.filter((b) => b.cls.includes('end_user') && b.text === text);
    const confirmed = shown.filter((b) => !/\b(sending|failed)\b/.test(b.cls));
    if (confirmed.length === 0 || shown.length > 1) note(`"${text}" is on screen ${shown.length} times (${confirmed.length} confirmed)`);
    v.lostOnScreen += confirmed.length === 0 ? 1 : 0;
    v.dupOnScreen += Math.max(0, shown.length - 1);
  }
  const ai = all.filter((m) => conversations.has(m.conversationId) && m.author.role === 'ai_agent').length;
  const aiShown = bubbles.filter((b) => b.cls.includes('ai_agent')).length;
  v.aiLostAtAda = Math.max(0, tab.typed.length - v.lostAtAda - ai);
  v.aiExtraAtAda = Math.max(0, ai - tab.typed.length);
  if (aiShown !== ai) note(`Ada holds ${ai} AI replies, the tab shows ${aiShown}`);
  v.aiLostOnScreen = Math.max(0, ai - aiShown);
  v.aiDupOnScreen = Math.max(0, aiShown - ai);
  return v;
}
