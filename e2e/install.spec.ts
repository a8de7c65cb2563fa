import { expect, test } from './fixtures';
import { WIDGET_ATTRIBUTES } from '../demo/site/installPage';
import { luminance, panelInfo, widget } from './widget';

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
  const rows = page.locator('table.attrs tbody tr');
  await expect(rows).toHaveCount(WIDGET_ATTRIBUTES.length);
  for (const name of ['data-bridge-url', 'data-mode', 'data-target', 'data-theme', 'data-primary-color', 'data-persist', 'data-metadata']) {
    await expect(page.getByRole('rowheader', { name, exact: true })).toBeVisible();
  }
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
