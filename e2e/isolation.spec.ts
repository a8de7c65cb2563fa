import type { Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { openChat, sendMessage, widget } from './widget';

/** Properties host CSS most often breaks in embedded widgets. */
const WIDGET_PROPS = [
  'font-family', 'font-size', 'font-style', 'font-weight', 'line-height', 'letter-spacing', 'text-transform', 'text-align',
  'color', 'background-color', 'border-top-width', 'border-top-style', 'border-radius', 'box-shadow', 'box-sizing',
  'padding-top', 'padding-left', 'width', 'height',
];

async function styleOf(locator: Locator, props: string[]): Promise<Record<string, string>> {
  return locator.evaluate((el, names) => {
    const cs = getComputedStyle(el);
    const out: Record<string, string> = {};
    for (const name of names) out[name] = cs.getPropertyValue(name);
    const r = el.getBoundingClientRect();
    // Where it sits relative to the viewport's bottom-right corner, independent of the page's scroll.
    out['@right-gap'] = String(Math.round(innerWidth - r.right));
    out['@bottom-gap'] = String(Math.round(innerHeight - r.bottom));
    out['@size'] = `${Math.round(r.width)}x${Math.round(r.height)}`;
    return out;
  }, props);
}

/** Computed styles of the launcher, composer, send button and transcript, with the panel open. */
async function widgetStyles(page: Page): Promise<Record<string, Record<string, string>>> {
  const w = widget(page);
  const launcherClosed = await styleOf(w.openButton, WIDGET_PROPS);
  await openChat(page);
  await w.composer.fill('Same everywhere');
  const styles = {
    launcherClosed,
    launcherOpen: await styleOf(w.closeButton, WIDGET_PROPS),
    composer: await styleOf(w.composer, WIDGET_PROPS),
    send: await styleOf(w.send, WIDGET_PROPS),
    log: await styleOf(w.log, WIDGET_PROPS),
  };
  // Closed again, so the next page starts closed too (an open panel stays open across pages).
  await w.closeButton.click();
  return styles;
}

test('hostile host CSS does not change the widget', async ({ page, siteUrl }) => {
  await page.goto(`${siteUrl}/plain`);
  const plain = await widgetStyles(page);
  await page.goto(siteUrl); // the help center with hostile.css
  const hostile = await widgetStyles(page);
  expect(hostile).toEqual(plain);
  // Not a coincidence: on that page an ordinary button does get the hostile styles.
  const ordinaryButton = await page.evaluate(() => {
    const b = document.body.appendChild(document.createElement('button'));
    const { fontFamily, backgroundColor } = getComputedStyle(b);
    b.remove();
    return { fontFamily, backgroundColor };
  });
  expect(ordinaryButton.fontFamily).toContain('Comic Sans');
  expect(ordinaryButton.backgroundColor).toBe('rgb(255, 105, 180)'); // hotpink
});

/** Computed styles and boxes of the host page's own elements, plus document-level facts a widget could change. */
async function hostSnapshot(page: Page) {
  return page.evaluate(() => {
    const pick = (sel: string) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return [cs.fontFamily, cs.fontSize, cs.lineHeight, cs.color, cs.backgroundColor, cs.margin, cs.padding, cs.overflow, cs.position, `${r.x},${r.y},${r.width},${r.height}`].join(' | ');
    };
    const selectors = ['html', 'body', '.site', '.site-header', '.hero h1', '.hero p', '#q', '.search .ui-btn', '.cards', '.card h3', '.callout', '.site-footer'];
    return {
      elements: Object.fromEntries(selectors.map((s) => [s, pick(s)])),
      headChildren: document.head.children.length,
      documentStyleSheets: document.styleSheets.length,
      adoptedSheets: document.adoptedStyleSheets.length,
      scrollSize: `${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight}`,
      title: document.title,
      htmlAttrs: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`).filter((a) => !a.startsWith('class=')),
      bodyAttrs: [...document.body.attributes].map((a) => `${a.name}=${a.value}`),
    };
  });
}

test('the widget does not change the host page', async ({ page, siteUrl }) => {
  const globalsBefore = await page.goto(`${siteUrl}/?widget=off`).then(() => page.evaluate(() => Object.keys(window)));
  const without = await hostSnapshot(page);

  await page.goto(siteUrl);
  await expect(widget(page).openButton).toBeVisible();
  expect(await hostSnapshot(page)).toEqual(without);
  // One global, `window.Parley`, and nothing else.
  const added = (await page.evaluate(() => Object.keys(window))).filter((k) => !globalsBefore.includes(k));
  expect(added).toEqual(['Parley']);

  await openChat(page);
  await sendMessage(page, 'hello');
  await expect(widget(page).log).toContainText("I'm the Lovelace AI Agent", { timeout: 10_000 });
  expect(await hostSnapshot(page)).toEqual(without);
});

test('the open widget has no axe-core accessibility violations', async ({ page, siteUrl }) => {
  await page.goto(siteUrl);
  await openChat(page);
  await sendMessage(page, 'How do I reset my password?');
  await expect(widget(page).log.getByRole('link', { name: 'Reset your Lovelace password' })).toBeVisible({ timeout: 10_000 });
  const results = await new AxeBuilder({ page }).include('[data-parley]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(results.passes.length).toBeGreaterThan(0); // axe really looked inside the widget
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
});

// One test per page, each with its own time. The four full-page scans shared one test's 30 s: at load 25 on this
// machine each scan took 10 s (about 6 s of it axe's injection and its tree of the page, whatever rules run), so the
// fourth ran out of time. A page's scan stays whole: every rule of the tags, over the whole document.
for (const path of ['/', '/articles', '/articles/reset-your-password', '/install']) {
  test(`the help center page ${path} itself has no axe-core violations`, async ({ page, siteUrl }) => {
    await page.goto(`${siteUrl}${path}?widget=off`);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.passes.length).toBeGreaterThan(0); // axe really looked at the page
    expect(results.violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
