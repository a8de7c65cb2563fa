import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// The built widget alone on a bare page: the smallest proof that `widget.js` runs in a real browser.
let server: Server;
let origin = '';

test.beforeAll(async () => {
  const widget = readFileSync(new URL('../dist/widget.js', import.meta.url));
  server = createServer((req, res) => {
    if (req.url === '/widget.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(widget);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Bare</title><h1>Bare page</h1><script src="/widget.js" async></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the built widget mounts on a bare page and shows its launcher', async ({ page }) => {
  await page.goto(origin);
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
});
