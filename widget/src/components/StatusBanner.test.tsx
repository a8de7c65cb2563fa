import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { renderWithStore, update } from '../test/renderWithStore';
import { StatusBanner } from './StatusBanner';

describe('StatusBanner', () => {
  it('shows Reconnecting… while the stream retries', () => {
    const { store } = renderWithStore(<StatusBanner />);
    expect(screen.queryByRole('status')).toBeNull();
    update(() => (store.status.value = 'reconnecting'));
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
  });

  it('says plainly that messages wait for the connection once the bridge stayed out of reach (issue 16, defect 8)', () => {
    const { store } = renderWithStore(<StatusBanner />);
    update(() => (store.status.value = 'reconnecting'));
    update(() => (store.stalled.value = true));
    expect(screen.getByRole('status').textContent).toBe('Can’t reach the chat. Your messages will be sent when the connection returns.');
  });

  it('shows a clear alert when the connection failed for good', () => {
    const { store } = renderWithStore(<StatusBanner />);
    update(() => {
      store.status.value = 'failed';
      store.error.value = 'Session revoked.';
    });
    expect(screen.getByRole('alert').textContent).toContain('Session revoked.');
    expect(screen.getByRole('alert').textContent).toContain('Connection lost');
  });

  it('names the human agent during a handoff', () => {
    const { store } = renderWithStore(<StatusBanner />);
    update(() => {
      store.setConversation({ id: 'c', status: 'active', createdAt: '', endedAt: null, endedBy: null, handoff: null });
      store.setHandoff({ agentName: 'Grace', agentAvatar: null });
    });
    expect(screen.getByText('You are chatting with Grace')).toBeTruthy();
    update(() => store.setHandoff(null));
    expect(screen.queryByText(/chatting with/)).toBeNull();
  });
});
