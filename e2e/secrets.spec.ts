import type { Response } from '@playwright/test';
import { expect, test } from './fixtures';
import { INLINE_ARTICLE_PATH, openChat, sendMessage, widget } from './widget';

test('the Ada API key and webhook secret never reach the browser', async ({ page, siteUrl, cleanStack }) => {
  const secrets = [cleanStack.sim.apiKey, cleanStack.sim.webhookSecret];
  const seen: string[] = [];
  const pending: Promise<void>[] = [];
  const record = async (response: Response): Promise<void> => {
    seen.push(`${response.url()} ${JSON.stringify(await response.allHeaders())}`);
    // Streams (SSE) never finish while the page lives; they are captured in the page below instead.
    if ((response.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    const body = await response.text().catch(() => '');
    seen.push(body);
  };
  page.on('response', (response) => pending.push(record(response)));
  // Capture the SSE stream's bytes as the widget reads them, without changing what it gets.
  await page.addInitScript(() => {
    const captured: string[] = [];
    (window as unknown as { __sse: string[] }).__sse = captured;
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || !response.body) return response;
      const [forWidget, forTest] = response.body.tee();
      void (async () => {
        const reader = forTest.pipeThrough(new TextDecoderStream()).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) captured.push(r.value);
      })().catch(() => undefined);
      return new Response(forWidget, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  });

  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'How do I reset my password?');
  await expect(widget(page).log).toContainText('Request a reset link', { timeout: 10_000 });
  await sendMessage(page, 'I want to talk to a human');
  await expect(widget(page).log).toContainText("Hi, I'm Grace from Lovelace", { timeout: 10_000 });
  const sse = await page.evaluate(() => (window as unknown as { __sse: string[] }).__sse.join(''));
  expect(sse).toContain('Grace'); // the capture really saw the live events
  seen.push(sse);
  seen.push(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie));

  await page.goto(`${siteUrl}${INLINE_ARTICLE_PATH}`);
  await expect(page.locator('#help-chat').getByRole('log')).toContainText('Grace');
  await Promise.all(pending);

  expect(seen.length).toBeGreaterThan(10);
  for (const secret of secrets) {
    const leaks = seen.filter((text) => text.includes(secret)).map((text) => text.slice(0, 200));
    expect(leaks, 'responses that contain a secret').toEqual([]);
  }
});
