import { signal } from '@preact/signals-core';
import { act, cleanup, render } from '@testing-library/preact';
import { h, type VNode } from 'preact';
import { afterEach, vi } from 'vitest';
import type { ChatMessage } from '../../../bridge-server/src/protocol/api';
import type { Actions, Chat } from '../components/context';
import { live } from '../components/live';
import { pickMessages } from '../i18n/messages';
import { tableOf } from '../i18n/tables';
import { parseOptions } from '../options';
import { createChatStore } from '../state/createChatStore';

const stops: (() => void)[] = [];

/**
 * Renders `ui` with a fresh store, spy actions and options, through `live()` as the widget does (so signal
 * changes re-render); returns them with Testing Library's queries.
 */
export function renderWithStore(ui: VNode, options: Record<string, unknown> = {}, open = true) {
  const store = createChatStore();
  const opts = parseOptions({ bridgeUrl: 'https://bridge.test', ...options });
  const act = { send: vi.fn(), retry: vi.fn(), end: vi.fn(), startNew: vi.fn(), setOpen: vi.fn(), attach: vi.fn() } satisfies Actions;
  const chat: Chat = { store, open: signal(open), draft: signal(''), opts, ...pickMessages(opts, tableOf(opts.lang)), act };
  act.setOpen.mockImplementation((v: boolean) => (chat.open.value = v));
  const r = render(<></>);
  stops.push(live(() => h(ui.type as string, ui.props as object), chat, r.container));
  return { ...r, store, act, chat };
}

afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
});

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
