import type { BridgeEvent } from '../protocol/events';

const LINE_BREAK = /[\r\n]/;

/**
 * Frames one SSE event. `event` and `id` must not contain CR/LF (they would break framing); the JSON data is
 * a single line because JSON.stringify escapes line breaks.
 * @example formatEvent({ type: 'handoff.ended', conversationId: 'c1' }, 7) // "id: 7\nevent: handoff.ended\ndata: {...}\n\n"
 */
export function formatEvent(event: BridgeEvent, id?: number | string): string {
  if (LINE_BREAK.test(event.type) || (id !== undefined && LINE_BREAK.test(String(id)))) {
    throw new Error('SSE event type and id must not contain line breaks');
  }
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The `retry:` field, sent once at the start of a stream. */
export const formatRetry = (ms: number): string => `retry: ${Math.max(0, Math.floor(ms))}\n\n`;

/** A keep-alive comment line. */
export const KEEP_ALIVE = ': keep-alive\n\n';
