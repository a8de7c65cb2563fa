import type { BridgeEvent } from '../protocol/events';

/** The conversation an event belongs to (null for session-wide ones such as a send error); retention uses it. */
export function conversationOf(event: BridgeEvent): string | null {
  switch (event.type) {
    case 'message': return event.message.conversationId;
    case 'conversation.started': return event.conversation.id;
    case 'conversation.ended': case 'handoff.started': case 'handoff.ended': return event.conversationId;
    default: return null;
  }
}
