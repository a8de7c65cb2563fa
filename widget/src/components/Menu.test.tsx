import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderWithStore, update } from '../test/renderWithStore';
import { Menu } from './Menu';

const conv = { id: 'c1', status: 'active' as const, createdAt: '', endedAt: null, endedBy: null, handoff: null };

describe('Menu', () => {
  it('ends the conversation only after the visitor confirms', () => {
    const { store, act } = renderWithStore(<Menu />);
    update(() => store.setConversation(conv));
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'End conversation' }));
    expect(act.end).not.toHaveBeenCalled();
    expect(screen.getByText('End this conversation?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'End' }));
    expect(act.end).toHaveBeenCalledTimes(1);
  });

  it('cancels the confirm step without ending', () => {
    const { store, act } = renderWithStore(<Menu />);
    update(() => store.setConversation(conv));
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'End conversation' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(act.end).not.toHaveBeenCalled();
    expect(screen.queryByText('End this conversation?')).toBeNull();
  });

  it('offers Start a new conversation once ended', () => {
    const { store, act } = renderWithStore(<Menu />);
    update(() => {
      store.setConversation(conv);
      store.end('2026-01-01T00:00:00Z', 'system');
    });
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Start a new conversation' }));
    expect(act.startNew).toHaveBeenCalled();
  });

  it('moves focus to the first action of each step, and back to the menu button when it closes', () => {
    const { store } = renderWithStore(<Menu />);
    update(() => store.setConversation(conv));
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'End conversation' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'End conversation' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'End' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(screen.queryByText('End this conversation?')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Options' }));
  });
});
