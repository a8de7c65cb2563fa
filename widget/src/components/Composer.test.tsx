import { fireEvent, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithStore, update } from '../test/renderWithStore';
import { Composer } from './Composer';

describe('Composer', () => {
  it('sends on Enter, adds a line on Shift+Enter, and clears after sending', async () => {
    const { act } = renderWithStore(<Composer />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    await userEvent.type(box, 'Hi{Shift>}{Enter}{/Shift}there');
    expect(box.value).toBe('Hi\nthere');
    expect(act.send).not.toHaveBeenCalled();
    await userEvent.type(box, '{Enter}');
    expect(act.send).toHaveBeenCalledWith('Hi\nthere');
    expect(box.value).toBe('');
  });

  it('sends with the Send button and ignores blank text', async () => {
    const { act } = renderWithStore(<Composer />);
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Order status');
    fireEvent.click(send);
    expect(act.send).toHaveBeenCalledWith('Order status');
  });

  it('shows the characters left near the 5,000 limit', () => {
    const { chat } = renderWithStore(<Composer />);
    expect(screen.queryByText(/characters left/)).toBeNull();
    update(() => (chat.draft.value = 'x'.repeat(4990)));
    expect(screen.getByText('10 characters left')).toBeTruthy();
  });

  it('is disabled once the conversation ended', () => {
    const { store } = renderWithStore(<Composer />);
    update(() => {
      store.setConversation({ id: 'c', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null });
      store.end('2026-01-01T00:00:00Z', 'human_agent');
    });
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(box.disabled).toBe(true);
    // It no longer invites a message it cannot send (issue 16, defect 4).
    expect(box.placeholder).toBe('This conversation has ended');
  });

  it('keeps a paste over the limit, says by how much, and holds Send until it fits (issue 16, defect 7)', async () => {
    const { act } = renderWithStore(<Composer />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    box.focus();
    await userEvent.paste('y'.repeat(5120));
    expect(box.value).toHaveLength(5120);
    expect(screen.getByText('120 characters over the limit')).toBeTruthy();
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await userEvent.type(box, '{Enter}');
    expect(act.send).not.toHaveBeenCalled();
  });
});
