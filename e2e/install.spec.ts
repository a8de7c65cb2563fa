import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { luminance, panelInfo, widget } from './widget';

/** The attributes README's `data-*` table documents, in its order: a source independent of the page's own list. */
function readmeAttributes(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('### `data-*` attributes'), readme.indexOf('### JavaScript API'));
  return [...table.matchAll(/^\| `(data-[a-z-]+)` \|/gm)].map((m) => m[1]!);
}

test('the Install page shows the exact script tag and every data-* attribute', async ({ page, siteUrl, cleanStack }) => {
  await page.goto(`${siteUrl}/install`);
  const snippet = page.getByTestId('launcher-snippet');
  await expect(snippet).toContainText(`<script src="${cleanStack.bridge.url}/widget.js"`);
  // The snippet is the tag this very page runs: same src and attributes.
  const running = await page.evaluate(() => {
    const s = document.querySelector('script[src$="/widget.js"]');
    return s ? s.outerHTML.replace(/=""/g, '') : '';
  });
  expect(running).toBe(await snippet.textContent());
  // Every attribute README documents, no more and in the same order, each row visible to a reader.
  const documented = readmeAttributes();
  expect(documented.length).toBeGreaterThan(10);
  await expect(page.locator('table.attrs tbody tr th[scope="row"]')).toHaveText(documented);
  for (const name of documented) await expect(page.getByRole('rowheader', { name, exact: true })).toBeVisible();
});

test('the live preview re-creates the widget with the chosen theme and colour', async ({ page, siteUrl }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${siteUrl}/install`);
  await expect(widget(page).openButton).toBeVisible();

  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('#preview-status')).toContainText('Applied: theme dark');
  // Parley.init was called with open: true, so the re-created panel is open and dark.
  await expect(widget(page).composer).toBeVisible();
  await expect.poll(async () => luminance((await panelInfo(widget(page).log)).background)).toBeLessThan(0.2);
  await expect(page.locator('[data-parley]')).toHaveCount(1); // destroy() removed the old one
  await expect(page.locator('#preview-snippet')).toContainText('data-theme="dark"');

  await page.getByLabel('Theme').selectOption('light');
  await expect.poll(async () => luminance((await panelInfo(widget(page).log)).background)).toBeGreaterThan(0.5);

  await page.getByLabel('Primary color').fill('#0a7d32');
  await expect(page.locator('#preview-snippet')).toContainText('data-primary-color="#0a7d32"');
  await expect.poll(() => widget(page).closeButton.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 125, 50)');
});
