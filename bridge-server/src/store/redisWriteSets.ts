import type { BridgeEvent } from '../protocol/events';
import { conversationOf } from './eventConversation';
import { toHashArgs } from './redisKeys';
import type { ConversationPatch, StoredEvent, WriteResult, WriteSet } from './types';

const patchArgs = (patch: ConversationPatch | undefined): string[] => {
  const pairs = patch ? toHashArgs(patch) : [];
  return [String(pairs.length / 2), ...pairs];
};
const eventArgs = (events: BridgeEvent[] | undefined): string[] =>
  [String(events?.length ?? 0), ...(events ?? []).flatMap((e) => [JSON.stringify(e), conversationOf(e) ?? ''])];

/**
 * The ARGV of APPLY_WRITE_SET (redisScripts.ts) for one set. Everything that can fail in JS (serialising) fails
 * here, before anything is sent, so such a set is reported `failed` alone.
 */
export function writeSetArgs(prefix: string, set: WriteSet, now: number): string[] {
  const m = set.message;
  const c = set.change;
  return [
    prefix, set.sessionId, String(now),
    set.webhook?.id ?? '', String(set.webhook?.at ?? 0),
    set.touch?.conversationId ?? '', ...patchArgs(set.touch?.patch),
    m?.id ?? '', m?.conversationId ?? '', m ? JSON.stringify(m) : '',
    c?.conversationId ?? '', c?.when ?? '', ...patchArgs(c?.patch), ...eventArgs(c?.events),
    ...eventArgs(set.events),
  ];
}

/** The `WriteResult` of the script's reply: the events it appended are those of the set, in order, with their ids. */
export function writeResultOf(set: WriteSet, reply: unknown): WriteResult {
  if (!Array.isArray(reply) || reply.length === 0) return { status: 'failed', error: new Error('unexpected reply from the write-set script') };
  const [applied, newMessage, changed, ...ids] = reply as number[];
  if (applied === 0) return { status: 'duplicate_delivery' };
  const appended = [...(changed === 1 ? set.change?.events ?? [] : []), ...(set.message && newMessage !== 1 ? [] : set.events ?? [])];
  const events: StoredEvent[] = ids.map((id, i) => ({ id, event: appended[i]! }));
  return { status: 'applied', newMessage: newMessage === 1, changed: changed === 1, events };
}
