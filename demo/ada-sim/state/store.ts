import type { Channel, Conversation, EndUser, MessageLog } from '../types';

/** Conversation state the API does not show: handoff and who ended it. */
export interface ConversationState {
  /** Handoff integration name while a human agent has the conversation, else null. */
  handoffIntegration: string | null;
}

/**
 * The simulator's in-memory data. Maps keep insertion order, which is creation order,
 * so lists and pagination are stable.
 */
export interface Store {
  channels: Map<string, Channel>;
  endUsers: Map<string, EndUser>;
  conversations: Map<string, Conversation>;
  conversationState: Map<string, ConversationState>;
  messages: Map<string, MessageLog[]>;
  /** URLs handed out by the attachments endpoint; file messages must use one of them. */
  attachmentUrls: Set<string>;
  /** Uploaded files by id, served under `/_sim/files/<id>/<filename>`. */
  files: Map<string, StoredFile>;
}

/** An uploaded attachment. */
export interface StoredFile {
  bytes: Uint8Array;
  mime_type: string;
  filename: string;
}

/** Creates an empty store. */
export function createStore(): Store {
  return {
    channels: new Map(),
    endUsers: new Map(),
    conversations: new Map(),
    conversationState: new Map(),
    messages: new Map(),
    attachmentUrls: new Set(),
    files: new Map(),
  };
}

/** Finds an end user by external id; Ada compares external ids case-insensitively. */
export function findEndUserByExternalId(store: Store, externalId: string): EndUser | undefined {
  const wanted = externalId.toLowerCase();
  for (const user of store.endUsers.values()) {
    if (user.external_id?.toLowerCase() === wanted) return user;
  }
  return undefined;
}
