import { describe, expect, it } from 'vitest';
import { pickMessages } from '../i18n/messages';
import { tableOf } from '../i18n/tables';
import { loaderStrings } from './strings';

describe('loaderStrings', () => {
  // The loader draws the launcher and the frame before the chat exists; the chat then renders the same names, so a
  // screen reader hears no change when it takes over.
  it.each(['en', 'fr', 'de', 'es', 'ar', 'pt-BR'])('says what the chat says for the launcher and frame (%s)', (lang) => {
    const { t, dir } = loaderStrings(lang);
    const chat = pickMessages({ lang }, tableOf(lang));
    expect({ open: t.open, close: t.close, min: t.min, title: t.title, dir }).toEqual({
      open: chat.t.open, close: chat.t.close, min: chat.t.min, title: chat.t.title, dir: chat.dir,
    });
    expect(t.loading).toMatch(/\S/);
    expect(t.failed).toMatch(/\S/);
  });

  it("uses the page's own title", () => {
    expect(loaderStrings('en', 'Help').t.title).toBe('Help');
  });
});
