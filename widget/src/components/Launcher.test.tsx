import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
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
});
