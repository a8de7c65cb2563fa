import { screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { msg, renderWithStore, update } from '../test/renderWithStore';
import { MessageList } from './MessageList';

const conv = { id: 'c1', status: 'active' as const, createdAt: '', endedAt: null, endedBy: null, handoff: null };
/** The transcript inside a panel, as ChatPanel renders it (a fresh vnode each render, so live() re-renders it). */
const InPanel = () => (
  <div class="panel">
    <MessageList />
  </div>
);
const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

describe('MessageList (issue 16)', () => {
  it('groups consecutive messages of one author under one name, with one time under the group', () => {
    const { store, container } = renderWithStore(<MessageList />, { agentName: 'Lovelace assistant', lang: 'en' });
    update(() => {
      store.now.value = Date.parse(at(2)) + 5 * 60_000;
      store.upsert(msg({ role: 'end_user', text: 'Hi', createdAt: at(1) }));
      store.upsert(msg({ role: 'end_user', text: 'Pen broken', createdAt: at(2) }));
      store.upsert(msg({ text: 'Sorry to hear', createdAt: at(3) }));
      store.upsert(msg({ text: 'Try this', createdAt: at(4) }));
      store.upsert(msg({ role: 'human_agent', author: { displayName: 'Grace', avatar: null }, text: 'Grace here', createdAt: at(5) }));
    });
    expect(screen.getAllByText('Lovelace assistant')).toHaveLength(1);
    expect(screen.getAllByText('Grace')).toHaveLength(1);
    // One time per group: the visitor's two, the AI's two, Grace's one.
    const times = container.querySelectorAll('time');
    expect(times).toHaveLength(3);
    expect(times[0]?.textContent).toMatch(/^5 minutes ago, /);
    expect(times[0]?.getAttribute('datetime')).toBe(at(2));
    expect(times[0]?.getAttribute('data-exact')).toMatch(/2026/);
    expect(times[0]?.tabIndex).toBe(0);
  });

  it('writes times in the widget language', () => {
    const { store, container } = renderWithStore(<MessageList />, { lang: 'fr' });
    update(() => {
      store.now.value = Date.parse(at(0)) + 2 * 3_600_000;
      store.upsert(msg({ text: 'Bonjour', createdAt: at(0) }));
    });
    expect(container.querySelector('time')?.firstChild?.textContent).toBe('il y a 2 heures');
  });

  it('tells the AI Agent from a human agent: a name with an AI Agent tag and its avatar, or the person', () => {
    const { store } = renderWithStore(<MessageList />, { agentName: 'Ada Bot', agentAvatar: 'https://cdn.test/bot.png' });
    update(() => store.upsert(msg({ text: 'AI here' })));
    update(() => store.upsert(msg({ role: 'human_agent', author: { displayName: 'Grace', avatar: null }, text: 'Human here' })));
    const ai = screen.getByText('Ada Bot').closest('.who')!;
    expect(ai.classList.contains('ai')).toBe(true);
    expect(within(ai as HTMLElement).getByText('AI Agent')).toBeTruthy();
    expect(ai.querySelector('img')?.getAttribute('src')).toBe('https://cdn.test/bot.png');
    const human = screen.getByText('Grace').closest('.who')!;
    expect(human.classList.contains('human')).toBe(true);
    expect(within(human as HTMLElement).queryByText('AI Agent')).toBeNull();
  });

  it('shows a richer empty state naming who answers, gone once the visitor writes', () => {
    const { store } = renderWithStore(<MessageList />, { greeting: 'Hi!' });
    expect(screen.getByText('AI Agent')).toBeTruthy();
    expect(screen.getByText(/Answers right away/)).toBeTruthy();
    update(() => store.upsert(msg({ role: 'end_user', text: 'Hello' })));
    expect(screen.queryByText(/Answers right away/)).toBeNull();
  });

  it('lets each bubble take its own direction (dir=auto), so English in an Arabic widget keeps its punctuation', () => {
    const { store } = renderWithStore(<MessageList />, { lang: 'ar', greeting: 'مرحبا' });
    update(() => store.upsert(msg({ text: 'Hello, world!' })));
    expect(screen.getByText('Hello, world!').closest('.bubble')?.getAttribute('dir')).toBe('auto');
    expect(screen.getByText('مرحبا').closest('.bubble')?.getAttribute('dir')).toBe('auto');
  });

  it('marks a failed message with the error icon, and a link reply as a bare button, not a button in a bubble', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.upsert({ ...msg({ role: 'end_user', text: 'lost', clientId: 'k', id: 'local:k' }), state: 'failed' }));
    update(() => store.upsert(msg({ content: { type: 'link', url: 'https://help.test/a', linkText: 'Guide' } })));
    expect(screen.getByText('Not sent').closest('.meta.err')?.querySelector('svg')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Guide' }).closest('.bubble')?.classList.contains('bare')).toBe(true);
  });

  it('says a queued message waits for the connection once the bridge is out of reach', () => {
    const { store } = renderWithStore(<MessageList />);
    update(() => store.upsert({ ...msg({ role: 'end_user', text: 'hello?', clientId: 'q', id: 'local:q' }), state: 'sending' }));
    expect(screen.getByText('Sending…')).toBeTruthy();
    update(() => (store.stalled.value = true));
    expect(screen.getByText('Waiting for connection')).toBeTruthy();
  });

  it('hands focus to Start a new conversation when the conversation ends with focus in the panel', () => {
    const { store } = renderWithStore(<InPanel />);
    update(() => store.setConversation(conv));
    screen.getByRole('log').focus();
    update(() => store.end(at(9), 'end_user'));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Start a new conversation' }));
  });

  it('leaves focus where it is when it is outside the chat', () => {
    const { store } = renderWithStore(<InPanel />);
    update(() => store.setConversation(conv));
    update(() => store.end(at(9), 'end_user'));
    expect(document.activeElement).toBe(document.body);
  });
});
