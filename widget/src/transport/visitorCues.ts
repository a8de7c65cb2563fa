import { computed, effect } from '@preact/signals-core';
import { watchStorage } from '../lib/storage';
import type { ChatStore } from '../state/createChatStore';
import type { PersistMode } from '../types';

/** How long the bridge may stay out of reach before the visitor is told their messages wait for it (issue 16). */
export const STALL_MS = 8_000;

/**
 * The controller's cues for the visitor beyond the transcript (issue 16): a reply another tab of the site showed
 * counts as read here too, and a connection down for STALL_MS says plainly that messages wait for it. Positional
 * arguments, as the chat file's gzip ratchet pays for property names. Returns the stop function.
 * @example const stop = watchVisitorCues(store, 'local', bridgeUrl);
 */
export function watchVisitorCues(store: ChatStore, persist: PersistMode, bridgeUrl: string): () => void {
  // What another tab of the site showed has been read: its unread count must not show here.
  const unwatchSeen = watchStorage<string>(persist, bridgeUrl, 'seen', (v) => {
    if (v && v > store.seen.value) store.seen.value = v;
  });
  // "Reconnecting…" and "Sending…" are not left alone forever: once the bridge has been out of reach for STALL_MS,
  // the visitor is told plainly that messages will be sent when the connection returns (retries go on). The clock
  // starts when the connection goes down, not at each retry (connecting ⇄ reconnecting): the effect reads `down`, a
  // computed that changes only then, and its cleanup clears the clock when the connection is back or on stop.
  const down = computed(() => {
    const s = store.status.value;
    return s == 'connecting' || s == 'reconnecting' || !store.online.value;
  });
  const stopStall = effect(() => {
    if (!down.value) return void (store.stalled.value = false);
    const timer = setTimeout(() => (store.stalled.value = true), STALL_MS);
    return () => clearTimeout(timer);
  });
  return () => {
    unwatchSeen();
    stopStall();
  };
}
