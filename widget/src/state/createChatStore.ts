import { batch, computed, signal } from '@preact/signals-core';
import type { ChatMessage, ConversationInfo, HistoryResponse } from '../../../bridge-server/src/protocol/api';
import { plainText } from '../lib/markdown';
import type { ConnStatus, UiMessage } from '../types';

/** The shared state of one conversation: one store per bridge, shared by every widget instance on the page. */
export type ChatStore = ReturnType<typeof createChatStore>;

const time = (m: ChatMessage): number => Date.parse(m.createdAt) || 0;
const byTime = (a: ChatMessage, b: ChatMessage): number => time(a) - time(b);
const isAgent = (m: ChatMessage): boolean => m.role.endsWith('_agent');

/**
 * Signals, computeds and pure actions of the conversation. No I/O: the controller calls these.
 * @example const store = createChatStore(); store.upsert(message); store.messages.value;
 */
export function createChatStore() {
  const messages = signal<UiMessage[]>([]);
  const conversation = signal<ConversationInfo | null>(null);
  /** Why the connection failed or the last action went wrong; shown in the status banner. */
  const error = signal<string | null>(null);
  const thinking = signal(false);
  /** The newest live agent reply, for the polite live region (history is never announced; markdown marks are not read aloud). */
  const announce = signal<string | null>(null);
  /** `createdAt` of the newest agent message the visitor has seen. */
  const seen = signal('');
  /** The clock relative timestamps are read against; the controller moves it on (a test or screenshot pins it). */
  const now = signal(Date.now());
  /** The bridge has been out of reach long enough to tell the visitor their messages wait for it (issue 16). */
  const stalled = signal(false);

  /**
   * Adds or replaces a message (same id, or same clientId for an echo of our own), keeping createdAt order; returns
   * true when it is new to the visitor. It replaces every match: a send the bridge adopted after a crash matches both
   * its own bubble (clientId) and the same message streamed earlier without one (id).
   */
  function upsert(m: UiMessage): boolean {
    const list = messages.value;
    const same = (x: UiMessage): boolean => x.id === m.id || (!!m.clientId && x.clientId === m.clientId);
    const kept = list.filter((x) => !same(x));
    messages.value = [...kept, m].sort(byTime);
    // New unless one of them was already shown as sent (only a local bubble, sending or failed, is replaced as new).
    return !list.some((x) => same(x) && !x.state);
  }
  /** Changes fields of the current conversation, if there is one. */
  const patch = (p: Partial<ConversationInfo>): void => {
    const c = conversation.value;
    if (c) conversation.value = { ...c, ...p };
  };

  return {
    messages, conversation, error, thinking, announce, seen, now, stalled, upsert,
    status: signal<ConnStatus>('idle'),
    online: signal(navigator.onLine),
    ended: computed(() => conversation.value?.status == 'ended'),
    unread: computed(() => messages.value.filter((m) => isAgent(m) && m.createdAt > seen.value).length),
    /** Replaces the transcript with the bridge's history, keeping local messages not yet confirmed. */
    load(h: HistoryResponse) {
      batch(() => {
        const local = messages.value.filter((m) => m.state && !h.messages.some((x) => x.clientId === m.clientId));
        // One sort for the whole list, not an upsert (find + sort) per message: ids are already unique here.
        messages.value = [...h.messages, ...local].sort(byTime);
        conversation.value = h.conversation;
      });
    },
    /** Applies a message received live; returns true when it is new to the visitor. */
    receive(m: ChatMessage): boolean {
      const fresh = upsert(m);
      // A reply ends "thinking" and is announced; a presence notice ("Grace joined") is neither.
      if (isAgent(m) && m.content.type != 'presence') {
        thinking.value = false;
        if (fresh) announce.value = plainText(m.content);
      }
      return fresh;
    },
    /** Sets the conversation; returns true when it is a different conversation than before. */
    setConversation(c: ConversationInfo | null): boolean {
      const changed = c?.id !== conversation.value?.id;
      // The same conversation again (a late POST answer) must not undo what events already told: ended, handoff.
      if (changed || !c) conversation.value = c;
      return changed;
    },
    /** Marks the current conversation ended; returns true when it was not already. */
    end(endedAt: string, endedBy: ConversationInfo['endedBy']): boolean {
      const c = conversation.value;
      if (!c || c.status == 'ended') return false;
      thinking.value = false;
      patch({ status: 'ended', endedAt, endedBy, handoff: null });
      return true;
    },
    setHandoff(handoff: ConversationInfo['handoff']) {
      patch({ handoff });
      if (handoff) thinking.value = false;
    },
    /** The visitor has seen every message so far; returns true when that moved `seen` on. */
    markSeen(): boolean {
      const last = messages.value.filter(isAgent).at(-1)?.createdAt ?? '';
      if (last <= seen.value) return false;
      seen.value = last;
      return true;
    },
    /** Forgets the conversation (after an end, or `Parley.reset`). */
    clear() {
      batch(() => {
        messages.value = [];
        conversation.value = null;
        thinking.value = false;
        announce.value = null;
        error.value = null;
      });
    },
  };
}
