import { signal } from '@preact/signals';
import { act, cleanup, render } from '@testing-library/preact';
import type { ComponentChild } from 'preact';
import { afterEach, vi } from 'vitest';
import type { ChatMessage } from '../../../bridge-server/src/protocol/api';
import { ChatContext, type Actions, type Chat } from '../components/context';
import { pickMessages } from '../i18n/messages';
import { parseOptions } from '../options';
import { createChatStore } from '../state/createChatStore';

/** Renders `ui` with a fresh store, spy actions and options; returns them with Testing Library's queries. */
export function renderWithStore(ui: ComponentChild, options: Record<string, unknown> = {}, open = true) {
  const store = createChatStore();
  const opts = parseOptions({ bridgeUrl: 'https://bridge.test', ...options });
  const act = { send: vi.fn(), retry: vi.fn(), end: vi.fn(), startNew: vi.fn(), setOpen: vi.fn() } satisfies Actions;
  const chat: Chat = { store, open: signal(open), draft: signal(''), opts, ...pickMessages(opts.lang), act };
  act.setOpen.mockImplementation((v: boolean) => (chat.open.value = v));
  return { ...render(<ChatContext.Provider value={chat}>{ui}</ChatContext.Provider>), store, act, chat };
}

afterEach(cleanup);

/** Runs `fn` (e.g. store actions) and flushes the re-renders it caused. */
export const update = (fn: () => unknown): void => void act(() => void fn());

let seq = 0;
/** A bridge message with sensible defaults. */
export function msg(over: Partial<ChatMessage> & { text?: string } = {}): ChatMessage {
  const { text = 'Hello', ...rest } = over;
  seq++;
  return {
    id: `m${seq}`, clientId: null, conversationId: 'c1', role: 'ai_agent', author: { displayName: null, avatar: null },
    content: { type: 'text', body: text }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), ...rest,
  };
}
