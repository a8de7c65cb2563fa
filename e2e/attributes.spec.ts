import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { adaConversation, adaEndUser, labUrl, openLab, waitForParley } from './lab';
import { openChat, sendMessage, waitForConversation, widget } from './widget';

/**
 * README's `data-*` attributes beyond parsing: each on a bare page's script tag, checked where a visitor sees it
 * (text, boxes on screen, computed styles) or where Ada receives it (the simulator over HTTP).
 */

const unique = (text: string): string => `${text} (${Math.random().toString(36).slice(2, 8)})`;
const box = async (l: Locator) => (await l.boundingBox())!;

test('title, subtitle and placeholder show where the visitor reads them; without them, the documented defaults', async ({ page, siteUrl }) => {
  await openLab(page, siteUrl, { attrs: { title: 'Ask Lovelace', subtitle: 'Replies within minutes', placeholder: 'Type your question' } });
  await openChat(page);
  const panel = page.getByRole('dialog', { name: 'Ask Lovelace' });
  await expect(panel).toBeVisible();
  await expect(panel.getByText('Ask Lovelace', { exact: true })).toBeVisible();
  await expect(panel.getByText('Replies within minutes', { exact: true })).toBeVisible();
  await expect(widget(page).composer).toHaveAttribute('placeholder', 'Type your question');
  // The subtitle sits under the title, inside the header's box.
  const title = await box(panel.getByText('Ask Lovelace', { exact: true }));
  const subtitle = await box(panel.getByText('Replies within minutes', { exact: true }));
  expect(subtitle.y).toBeGreaterThanOrEqual(title.y + title.height - 1);

  await openLab(page, siteUrl);
  await openChat(page);
  await expect(page.getByRole('dialog', { name: 'Chat with us' })).toBeVisible();
  await expect(widget(page).composer).toHaveAttribute('placeholder', 'Write a message…');
});

test('position puts the launcher and its panel in that bottom corner', async ({ page, siteUrl }) => {
  const viewport = page.viewportSize()!;
  for (const position of ['left', 'right'] as const) {
    await openLab(page, siteUrl, { attrs: position === 'left' ? { position } : {} });
    const launcher = await box(widget(page).openButton);
    expect(viewport.height - (launcher.y + launcher.height)).toBeLessThan(48);
    if (position === 'left') expect(launcher.x).toBeLessThan(48);
    else expect(viewport.width - (launcher.x + launcher.width)).toBeLessThan(48);
    await openChat(page);
    const panel = await box(page.getByRole('dialog'));
    if (position === 'left') expect(panel.x).toBeLessThan(48);
    else expect(viewport.width - (panel.x + panel.width)).toBeLessThan(48);
    // The panel opens above its launcher, on the same side.
    expect(panel.y + panel.height).toBeLessThanOrEqual(launcher.y + 1);
    // Closed again: a panel left open opens again on the next page (issue 16).
    await widget(page).closeButton.click();
  }
});

test('user-name and user-avatar reach Ada as the visitor\'s profile', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  await openLab(page, siteUrl, { attrs: { 'user-name': 'Augusta King', 'user-avatar': 'https://cdn.example.com/augusta.png' } });
  await openChat(page);
  const text = unique('Hello from a signed-in visitor');
  await sendMessage(page, text);
  const id = await waitForConversation(sim, text);
  const user = await adaEndUser(sim, (await adaConversation(sim, id)).end_user_id);
  expect(user.profile).toMatchObject({ display_name: 'Augusta King', avatar: 'https://cdn.example.com/augusta.png' });
});

/** Parley's keys in this page's localStorage and sessionStorage. */
const storageKeys = (page: Page) => page.evaluate(() => ({
  local: Object.keys(localStorage).filter((k) => k.includes('parley')),
  session: Object.keys(sessionStorage).filter((k) => k.includes('parley')),
}));

test('persist="session" keeps the conversation in this tab only; persist="none" keeps it nowhere', async ({ page, siteUrl, cleanStack }) => {
  const { sim } = cleanStack;
  const sessionUrl = labUrl(siteUrl, { attrs: { persist: 'session' } });
  await page.goto(sessionUrl);
  await openChat(page);
  const kept = unique('Keep me for this tab');
  await sendMessage(page, kept);
  await waitForConversation(sim, kept);
  const stored = await storageKeys(page);
  expect(stored.local).toEqual([]);
  expect(stored.session.length).toBeGreaterThan(0);
  // A reload of the tab shows it again...
  await page.reload();
  await openChat(page);
  await expect(widget(page).log).toContainText(kept);
  // ...a new tab of the same site starts empty.
  const other = await page.context().newPage();
  await other.goto(sessionUrl);
  await openChat(other);
  await expect(widget(other).composer).toBeVisible();
  await expect(widget(other).log).not.toContainText(kept);
  await other.close();

  await page.evaluate(() => sessionStorage.clear());
  const noneUrl = labUrl(siteUrl, { attrs: { persist: 'none' } });
  await page.goto(noneUrl);
  await openChat(page);
  const forgotten = unique('Forget me');
  await sendMessage(page, forgotten);
  await waitForConversation(sim, forgotten);
  await expect(widget(page).log).toContainText(forgotten);
  expect(await storageKeys(page)).toEqual({ local: [], session: [] });
  await page.reload();
  await openChat(page);
  await expect(widget(page).composer).toBeVisible();
  await expect(widget(page).log).not.toContainText(forgotten);
});

test('fr, de and es: the widget speaks the visitor\'s language, from data-lang or the page\'s <html lang>', async ({ page, siteUrl }) => {
  const languages = [
    { lab: { attrs: { lang: 'fr' } }, open: 'Ouvrir le chat', close: 'Fermer le chat', message: 'Message', send: 'Envoyer', title: 'Discutons', ph: 'Écrivez un message…' },
    { lab: { lang: 'de-AT' }, open: 'Chat öffnen', close: 'Chat schließen', message: 'Nachricht', send: 'Senden', title: 'Chat', ph: 'Nachricht schreiben…' },
    { lab: { attrs: { lang: 'es-MX' } }, open: 'Abrir chat', close: 'Cerrar chat', message: 'Mensaje', send: 'Enviar', title: 'Chatea con nosotros', ph: 'Escribe un mensaje…' },
  ];
  for (const l of languages) {
    await openLab(page, siteUrl, l.lab);
    await page.getByRole('button', { name: l.open, exact: true }).click();
    await expect(page.getByRole('button', { name: l.close, exact: true })).toBeVisible();
    await expect(page.getByRole('dialog', { name: l.title, exact: true })).toBeVisible();
    const composer = page.getByRole('textbox', { name: l.message, exact: true });
    await expect(composer).toHaveAttribute('placeholder', l.ph);
    await expect(page.getByRole('button', { name: l.send, exact: true })).toBeVisible();
    // No English left in the labels a visitor meets first.
    await expect(page.getByRole('button', { name: /^(Open|Close) chat$|^Send$/ })).toHaveCount(0);
    // Closed again: a panel left open opens again on the next page (issue 16).
    await page.getByRole('button', { name: l.close, exact: true }).click();
  }
});

test('the chat fetches a French widget\'s strings from the bridge; if that fails, it speaks English and says why', async ({ page, siteUrl }) => {
  // The chat file carries English only: another language's table is a content-hashed JSON file beside it.
  const table = page.waitForResponse((r) => /\/chat-i18n\.fr\.[\da-f]{10}\.json$/.test(r.url()));
  await openLab(page, siteUrl, { attrs: { lang: 'fr' } });
  await page.getByRole('button', { name: 'Ouvrir le chat', exact: true }).click();
  const res = await table;
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toContain('immutable');
  await expect(page.getByRole('dialog', { name: 'Discutons', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message', exact: true })).toHaveAttribute('placeholder', 'Écrivez un message…');
  await page.getByRole('button', { name: 'Fermer le chat', exact: true }).click();

  // The table cannot load: the chat still opens, in English, with a console warning (and no error for the page).
  await page.route(/\/chat-i18n\.fr\.[\da-f]{10}\.json$/, (route) => route.abort());
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  const errors: Error[] = [];
  page.on('pageerror', (e) => void errors.push(e));
  await openLab(page, siteUrl, { attrs: { lang: 'fr' } });
  // The launcher is the loader's (French) until the chat takes it over (in English, once the fetch has failed).
  await widget(page).openButton.click();
  await expect(page.getByRole('dialog', { name: 'Chat with us', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Message', exact: true })).toHaveAttribute('placeholder', 'Write a message…');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect.poll(() => warnings.join('\n')).toMatch(/\[parley\] the chat's fr strings could not load/);
  expect(errors).toEqual([]);
});

test('a click while a French widget\'s table is still on its way opens the frame at once, then the chat in French', async ({ page, siteUrl }) => {
  // The chat file is here (fetched on hover) but the widget's table is held: the chat has taken the widget without
  // rendering it. The click must not be dead: the loader's frame answers at once, and the panel follows (issue 14).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/chat-i18n\.fr\.[\da-f]{10}\.json$/, async (route) => {
    await held;
    await route.continue();
  });
  const asked = page.waitForRequest(/\/chat-i18n\.fr\.[\da-f]{10}\.json$/);
  await openLab(page, siteUrl, { attrs: { lang: 'fr' } });
  const launcher = page.getByRole('button', { name: 'Ouvrir le chat', exact: true });
  await launcher.hover();
  await asked;
  await launcher.click();
  const frame = page.getByRole('dialog', { name: 'Discutons', exact: true });
  await expect(frame).toBeVisible();
  await expect(frame.getByRole('status')).toHaveText('Chargement du chat…');
  await expect(page.getByRole('button', { name: 'Fermer le chat', exact: true })).toHaveAttribute('aria-expanded', 'true');
  release();
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeFocused();
  await expect(composer).toHaveAttribute('placeholder', 'Écrivez un message…');
  await expect(page.getByRole('dialog')).toHaveCount(1);
});

test('widgets in different languages on one page each get their own language\'s table', async ({ page, siteUrl }) => {
  const tables: string[] = [];
  page.on('request', (r) => void (/\/chat-i18n\./.test(r.url()) && tables.push(r.url().split('/').pop()!.split('.')[1]!)));
  await openLab(page, siteUrl, { containers: ['a', 'b'] });
  await page.evaluate(() => {
    window.Parley.init({ mode: 'inline', target: '#a', lang: 'fr' });
    window.Parley.init({ mode: 'inline', target: '#b', lang: 'de' });
  });
  await expect(page.locator('#a').getByRole('textbox', { name: 'Message', exact: true })).toHaveAttribute('placeholder', 'Écrivez un message…');
  await expect(page.locator('#b').getByRole('textbox', { name: 'Nachricht', exact: true })).toHaveAttribute('placeholder', 'Nachricht schreiben…');
  // The tag's own launcher (the page's language, English) fetches nothing.
  await expect(page.getByRole('button', { name: 'Open chat', exact: true })).toBeVisible();
  expect(tables.sort()).toEqual(['de', 'fr']);
});

test('theming: custom properties on the host and ::part() reach inside the shadow root', async ({ page, siteUrl }) => {
  await page.goto(labUrl(siteUrl));
  await page.addStyleTag({
    content: `[data-parley] { --parley-primary: #0b7285; --parley-on-primary: #fffbe6; --parley-radius: 3px; --parley-font: "Courier New", monospace; }
      [data-parley]::part(launcher) { box-shadow: none; }
      [data-parley]::part(panel) { outline: 4px solid rgb(255, 0, 0); }
      [data-parley]::part(header) { letter-spacing: 2px; }
      [data-parley]::part(composer) { border-top: 5px solid rgb(0, 0, 255); }`,
  });
  await waitForParley(page);
  const launcher = widget(page).openButton;
  const style = (l: Locator, props: string[]) => l.evaluate((el, p) => Object.fromEntries(p.map((k) => [k, getComputedStyle(el).getPropertyValue(k)])), props);
  expect(await style(launcher, ['background-color', 'box-shadow'])).toEqual({ 'background-color': 'rgb(11, 114, 133)', 'box-shadow': 'none' });

  await openChat(page);
  const panel = page.getByRole('dialog');
  expect(await style(panel, ['border-top-left-radius', 'outline-color', 'outline-width'])).toEqual({
    'border-top-left-radius': '3px', 'outline-color': 'rgb(255, 0, 0)', 'outline-width': '4px',
  });
  const header = panel.locator('[part="header"]');
  expect(await style(header, ['background-color', 'color', 'letter-spacing'])).toEqual({
    'background-color': 'rgb(11, 114, 133)', color: 'rgb(255, 251, 230)', 'letter-spacing': '2px',
  });
  expect(await style(panel.locator('[part="composer"]'), ['border-top-color', 'border-top-width'])).toEqual({ 'border-top-color': 'rgb(0, 0, 255)', 'border-top-width': '5px' });
  expect(await style(widget(page).composer, ['font-family'])).toEqual({ 'font-family': '"Courier New", monospace' });
  // The page's own elements keep their look: the host's custom properties style only the widget.
  expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily)).toBe('sans-serif');
});
