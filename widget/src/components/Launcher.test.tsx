import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { pickMessages } from '../i18n/messages';
import { tableOf } from '../i18n/tables';
import { msg, renderWithStore, update } from '../test/renderWithStore';
import { App } from './App';
import { launcherShell } from '../loader/shell';
import { Launcher } from './Launcher';

describe('Launcher', () => {
  it('toggles between Open chat and Close chat', () => {
    const { act } = renderWithStore(<Launcher />, {}, false);
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    expect(act.setOpen).toHaveBeenCalledWith(true);
    expect(screen.getByRole('button', { name: 'Close chat' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('shows an unread badge for agent replies while closed, and none once open', () => {
    const { store, chat } = renderWithStore(<Launcher />, {}, false);
    update(() => {
      store.upsert(msg({ role: 'end_user', text: 'hi' }));
      store.upsert(msg({ text: 'reply 1' }));
      store.upsert(msg({ text: 'reply 2' }));
    });
    expect(screen.getByText('2', { selector: '.badge' })).toBeTruthy();
    expect(screen.getByText('2 unread')).toBeTruthy();
    update(() => (chat.open.value = true));
    expect(screen.queryByText('2 unread')).toBeNull();
  });

  // The page first shows launcherShell's markup, which App adopts on its first render: they must be the same DOM,
  // or the launcher would change under the visitor's pointer (and lose focus) when the widget boots.
  it.each(['en', 'ar'])('draws, as static markup, exactly the launcher App renders closed (%s)', (lang) => {
    const { container } = renderWithStore(<App announcer={false} />, { lang }, false);
    const { t, dir } = pickMessages({ lang }, tableOf(lang));
    const shell = document.createElement('div');
    shell.innerHTML = launcherShell(t, dir, lang);
    expect(container.innerHTML).toBe(shell.innerHTML);
  });
});
