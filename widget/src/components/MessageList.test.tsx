import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
import { MessageList } from './MessageList';

const conv = { id: 'c1', status: 'active' as const, createdAt: '', endedAt: null, endedBy: null, handoff: null };

describe('MessageList', () => {
  it('shows the greeting in an empty transcript', () => {
    renderWithStore(<MessageList />, { greeting: 'Hi! Ask me **anything**.' });
    const log = screen.getByRole('log');
    expect(within(log).getByText('anything').tagName).toBe('STRONG');
  });

  it('shows sending, then sent, then failed with a Retry that keeps the clientId', () => {
    const { store, act } = renderWithStore(<MessageList />);
    update(() => store.upsert({ ...msg({ role: 'end_user', text: 'Where is my order?', clientId: 'k1', id: 'local:k1' }), state: 'sending' }));
    expect(screen.getByText('Sending…')).toBeTruthy();
    update(() => store.upsert(msg({ role: 'end_user', text: 'Where is my order?', clientId: 'k1', id: 'ada-1' })));
    expect(screen.queryByText('Sending…')).toBeNull();
    expect(screen.getAllByText('Where is my order?')).toHaveLength(1);
    update(() => store.upsert({ ...msg({ role: 'end_user', text: 'Where is my order?', clientId: 'k1', id: 'local:k1' }), state: 'failed' }));
    expect(screen.getByText('Not sent')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(act.retry).toHaveBeenCalledWith('k1');
  });

  it('never shows the echo of an own message twice and keeps createdAt order', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.upsert(msg({ id: 'b', text: 'second', createdAt: '2026-01-01T00:00:02.000Z' })));
    update(() => store.upsert(msg({ id: 'a', text: 'first', createdAt: '2026-01-01T00:00:01.000Z' })));
    update(() => store.upsert(msg({ id: 'b', text: 'second', createdAt: '2026-01-01T00:00:02.000Z' })));
    const texts = within(screen.getByRole('log')).getAllByText(/first|second/).map((e) => e.textContent);
    expect(texts).toEqual(['first', 'second']);
  });

  it('shows the thinking indicator while the agent works', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.thinking.value = true);
    expect(screen.getByRole('status').textContent).toContain('Thinking…');
    update(() => store.receive(msg({ text: 'Done' })));
    expect(screen.queryByText('Thinking…')).toBeNull();
  });

  it('renders human agents with name and avatar, and presence as a notice', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.upsert(msg({ role: 'human_agent', author: { displayName: 'Grace', avatar: 'https://x.test/g.png' }, text: 'Hi, Grace here' })));
    update(() => store.upsert(msg({ role: 'system', content: { type: 'presence', body: 'Grace joined' } })));
    expect(screen.getByText('Grace')).toBeTruthy();
    expect(screen.getByRole('log').querySelector('img[src="https://x.test/g.png"]')).toBeTruthy();
    expect(screen.getByText('Grace joined').closest('.notice')).toBeTruthy();
  });

  it('renders a link as a button-like link and files as image or download', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.upsert(msg({ content: { type: 'link', url: 'https://help.test/a', linkText: 'Read the guide' } })));
    update(() => store.upsert(msg({ content: { type: 'file', url: 'https://f.test/p.png', mimeType: 'image/png', filename: 'photo.png' } })));
    update(() => store.upsert(msg({ content: { type: 'file', url: 'https://f.test/r.pdf', mimeType: 'application/pdf', filename: 'receipt.pdf' } })));
    update(() => store.upsert(msg({ content: { type: 'link', url: 'javascript:alert(1)', linkText: 'evil' } })));
    const guide = screen.getByRole('link', { name: 'Read the guide' });
    expect(guide.getAttribute('target')).toBe('_blank');
    expect(guide.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByRole('img', { name: 'photo.png' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download receipt.pdf' }).getAttribute('href')).toBe('https://f.test/r.pdf');
    expect(screen.queryByRole('link', { name: 'evil' })).toBeNull();
    expect(screen.getByText('evil')).toBeTruthy();
  });

  it('shows an XSS payload as text, never as HTML', () => {
    const { store, container } = renderWithStore(<MessageList />);
    update(() => store.upsert(msg({ text: '<img src=x onerror="alert(1)"><script>alert(2)</script>' })));
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/<script>alert\(2\)<\/script>/)).toBeTruthy();
  });

  it('offers to start a new conversation once ended', () => {
    const { store, act } = renderWithStore(<MessageList />);
    update(() => store.setConversation(conv));
    update(() => store.end('2026-01-01T00:00:00.000Z', 'end_user'));
    expect(screen.getByText('Conversation ended')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start a new conversation' }));
    expect(act.startNew).toHaveBeenCalled();
  });
});
