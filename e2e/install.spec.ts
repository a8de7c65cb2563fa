import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { luminance, openChat, panelInfo, widget } from './widget';

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

test('the live preview starts out as the real widget, offers the language, and its fields line up (issue 16, defect 10)', async ({ page, siteUrl }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${siteUrl}/install`);
  await page.getByRole('region', { name: 'Cookie notice' }).getByRole('button', { name: 'Accept' }).click();
  await openChat(page);
  /** What the visitor sees of the open panel: greeting, subtitle, header colour, AI Agent name. */
  const look = () => page.locator('[data-parley]').evaluate((host) => {
    const root = host.shadowRoot!;
    return {
      greeting: root.querySelector('.log .bubble')?.textContent,
      subtitle: root.querySelector('.titles p')?.textContent,
      header: getComputedStyle(root.querySelector('.head')!).backgroundColor,
      agent: root.querySelector('.who .name')?.textContent,
    };
  });
  const real = await look();
  expect(real.subtitle).toBe('We usually answer right away');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('#preview-status')).toContainText('Applied');
  await expect(widget(page).composer).toBeVisible();
  expect(await look()).toEqual(real);

  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('[data-parley]').getByRole('textbox', { name: 'رسالة' })).toBeVisible();
  expect(await page.locator('[data-parley]').evaluate((h) => h.shadowRoot!.querySelector('.root')!.getAttribute('dir'))).toBe('rtl');
  await expect(page.locator('#preview-snippet')).toContainText('data-lang="ar"');

  // Fields in one row share their top and height, labels included.
  const boxes = await page.locator('#preview-form').evaluate((form) =>
    [...form.querySelectorAll('input, select, button')].map((el) => {
      const r = el.getBoundingClientRect();
      return { top: Math.round(r.top), height: Math.round(r.height), bottom: Math.round(r.bottom) };
    }));
  const rows = new Map<number, { top: number; height: number }[]>();
  for (const b of boxes) rows.set(b.bottom, [...(rows.get(b.bottom) ?? []), b]);
  expect([...rows.values()].every((row) => row.every((b) => b.top === row[0]!.top && b.height === row[0]!.height))).toBe(true);
  expect(new Set(boxes.map((b) => b.height)).size).toBe(1);
});
