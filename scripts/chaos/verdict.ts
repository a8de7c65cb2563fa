import type { MessageLog } from '../../demo/ada-sim/types';
import type { Visitor } from './visitor';

/** Where Ada is, as the bridge sees it: the checks read its messages over HTTP with the API key. */
export interface AdaEndpoint {
  url: string;
  apiKey: string;
}

/** Losses and duplicates of one visitor, by where they were seen. */
export interface VisitorVerdict {
  name: string;
  typed: number;
  /** Typed messages Ada does not have / has more than once (extra copies). */
  lostAtAda: number;
  dupAtAda: number;
  /** Typed messages not on the visitor's screen (or only as an unconfirmed bubble) / shown more than once. */
  lostOnScreen: number;
  dupOnScreen: number;
  /** Messages at Ada (typed or AI) that never came over the visitor's stream. */
  missedByStream: number;
  /** AI replies: missing at Ada (one per typed message), extra ones, and the screen's view of Ada's. */
  aiLostAtAda: number;
  aiExtraAtAda: number;
  aiLostOnScreen: number;
  aiDupOnScreen: number;
  /** The same message id sent twice over the stream (merged by the widget, so not on screen). */
  streamRepeats: number;
  details: string[];
}

/** Every message of an Ada conversation, following `next_page_url`. */
export async function adaMessages(ada: AdaEndpoint, conversationId: string): Promise<MessageLog[]> {
  const out: MessageLog[] = [];
  let next: string | null = `${ada.url}/api/v2/conversations/${encodeURIComponent(conversationId)}/messages/?limit=100`;
  while (next) {
    const res: Response = await fetch(next, { headers: { authorization: `Bearer ${ada.apiKey}` } });
    if (!res.ok) throw new Error(`Ada ${res.status} listing ${conversationId}: ${await res.text()}`);
    const page = (await res.json()) as { data: MessageLog[]; meta?: { next_page_url: string | null } };
    out.push(...page.data);
    const url: string | null = page.meta?.next_page_url ?? null;
    next = url && !url.startsWith('http') ? `${ada.url}${url.startsWith('/api') ? '' : '/api'}${url}` : url;
  }
  return out;
}

const bodyOf = (content: { type: string; body?: unknown }): string | null => (content.type === 'text' && typeof content.body === 'string' ? content.body : null);

/**
 * Compares what one visitor typed with what Ada holds and what the visitor's screen and stream show. Every typed
 * text is unique, so Ada's copies are counted by text; the simulator's AI Agent answers each of these texts
 * with exactly one message ("couldn't find"), so Ada must hold one AI reply per typed message.
 */
export async function judgeVisitor(v: Visitor, ada: AdaEndpoint): Promise<VisitorVerdict> {
  const logs = (await Promise.all([...v.conversations].map((id) => adaMessages(ada, id)))).flat();
  const verdict: VisitorVerdict = {
    name: v.name, typed: v.typed.length, lostAtAda: 0, dupAtAda: 0, lostOnScreen: 0, dupOnScreen: 0, missedByStream: 0,
    aiLostAtAda: 0, aiExtraAtAda: 0, aiLostOnScreen: 0, aiDupOnScreen: 0, streamRepeats: 0, details: [],
  };
  const note = (line: string) => verdict.details.push(`${v.name}: ${line}`);
  for (const t of v.typed) {
    const atAda = logs.filter((l) => l.author.role === 'end_user' && bodyOf(l.content) === t.text);
    if (atAda.length === 0) note(`"${t.text}" (${t.clientId}) is not at Ada${t.rejected ? `; the bridge refused it: ${t.rejected}` : t.acked ? '' : '; never acknowledged'}`);
    if (atAda.length > 1) note(`"${t.text}" (${t.clientId}) is at Ada ${atAda.length} times: ${atAda.map((l) => l.message_id).join(', ')} (${t.attempts} attempts)`);
    verdict.lostAtAda += atAda.length === 0 ? 1 : 0;
    verdict.dupAtAda += Math.max(0, atAda.length - 1);
    const shown = v.screen.filter((m) => m.role === 'end_user' && bodyOf(m.content) === t.text);
    const confirmed = shown.filter((m) => !m.local);
    if (confirmed.length === 0) note(`"${t.text}" is not on screen${shown.length ? ' (only its unconfirmed bubble)' : ''}`);
    if (shown.length > 1) note(`"${t.text}" is on screen ${shown.length} times: ${shown.map((m) => m.id).join(', ')}`);
    verdict.lostOnScreen += confirmed.length === 0 ? 1 : 0;
    verdict.dupOnScreen += Math.max(0, shown.length - 1);
  }
  const ai = logs.filter((l) => l.author.role === 'ai_agent');
  const typedAtAda = v.typed.filter((t) => logs.some((l) => l.author.role === 'end_user' && bodyOf(l.content) === t.text)).length;
  const endUserAtAda = logs.filter((l) => l.author.role === 'end_user').length;
  verdict.aiLostAtAda = Math.max(0, typedAtAda - ai.length);
  // An extra end-user copy makes the AI Agent answer it too: an AI reply beyond one per typed message is a duplicate.
  verdict.aiExtraAtAda = Math.max(0, ai.length - v.typed.length);
  if (ai.length !== endUserAtAda) note(`Ada holds ${endUserAtAda} end-user messages and ${ai.length} AI replies`);
  for (const l of ai) {
    const shown = v.screen.filter((m) => m.id === l.message_id).length;
    if (shown === 0) note(`AI reply ${l.message_id} is not on screen`);
    if (shown > 1) note(`AI reply ${l.message_id} is on screen ${shown} times`);
    verdict.aiLostOnScreen += shown === 0 ? 1 : 0;
    verdict.aiDupOnScreen += Math.max(0, shown - 1);
  }
  for (const l of logs) {
    if (!v.streamed.has(l.message_id)) {
      verdict.missedByStream++;
      note(`${l.author.role} message ${l.message_id} never came over the stream`);
    }
  }
  for (const n of v.streamed.values()) verdict.streamRepeats += Math.max(0, n - 1);
  return verdict;
}

/** Losses of a verdict (anything typed or answered that someone did not get). */
export const lossesOf = (x: VisitorVerdict): number => x.lostAtAda + x.lostOnScreen + x.missedByStream + x.aiLostAtAda + x.aiLostOnScreen;
/** Duplicates of a verdict (anything that exists or shows more than once). */
export const duplicatesOf = (x: VisitorVerdict): number => x.dupAtAda + x.dupOnScreen + x.aiExtraAtAda + x.aiDupOnScreen;
