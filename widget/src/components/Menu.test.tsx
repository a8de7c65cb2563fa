import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
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

  it('has no menu button before the first message, instead of a menu of one disabled item (issue 16, defect 5)', () => {
    const { store } = renderWithStore(<Menu />);
    expect(screen.queryByRole('button', { name: 'Options' })).toBeNull();
    update(() => store.upsert(msg({ role: 'end_user', text: 'Hi' })));
    expect(screen.getByRole('button', { name: 'Options' })).toBeTruthy();
  });

  it('downloads the transcript as plain text', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { store } = renderWithStore(<Menu />, { title: 'Lovelace Support', agentName: 'Ada Bot' });
    update(() => {
      store.setConversation(conv);
      store.upsert(msg({ role: 'end_user', text: 'Is it **waterproof**?' }));
      store.upsert(msg({ text: 'No.' }));
    });
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Download transcript' }));
    expect(click).toHaveBeenCalledTimes(1);
    const a = click.mock.contexts[0] as HTMLAnchorElement;
    expect(a.download).toBe('Lovelace-Support.txt');
    expect(blobs[0]?.type).toBe('text/plain;charset=utf-8');
    // jsdom's Blob has no text(): read it as a FileReader would.
    const text = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(r.result as string);
      r.readAsText(blobs[0]!);
    });
    expect(text).toMatch(/^Lovelace Support\n\n\[.+2026.+\] You:\nIs it waterproof\?\n\n\[.+\] Ada Bot:\nNo\.\n/);
    click.mockRestore();
  });
});
