/** Ada API shapes the bridge reads (snake_case, as on the wire). See shared/ada-api.md. */

export interface AdaPage<T> {
  data: T[];
  meta?: { next_page_url?: string | null };
}

export interface AdaChannel {
  id: string;
  type: string;
  name: string;
  modality: string;
  metadata?: Record<string, unknown>;
}

export interface AdaEndUser {
  end_user_id: string;
  external_id?: string | null;
}

/** Profile fields the bridge sets on an end user (ada-api.md §5). */
export interface AdaEndUserProfile {
  display_name?: string;
  email?: string;
  avatar?: string;
  language?: string;
}

/** `POST /v2/conversations/{id}/attachments/` → 201. */
export interface AdaAttachment {
  url: string;
  mime_type: string;
  filename: string;
}

export interface AdaConversation {
  id: string;
  channel_id: string;
  end_user_id: string;
  status: 'active' | 'ended';
  created_at: string;
  updated_at?: string;
  metadata?: Record<string, unknown>;
}

export interface AdaAuthor {
  id: string | null;
  role: 'end_user' | 'ai_agent' | 'human_agent';
  avatar?: string | null;
  display_name?: string | null;
}

export type AdaContent =
  | { type: 'text'; body: string }
  | { type: 'link'; url: string; link_text?: string | null }
  | { type: 'file'; url: string; mime_type: string; filename: string }
  | { type: 'presence'; body: string };

/** `POST /v2/conversations/{id}/messages/` response. */
export interface AdaPostedMessage {
  id: string;
  conversation_id: string;
  author: AdaAuthor;
  content: AdaContent;
  created_at: string;
}

/** One entry of `GET /v2/conversations/{id}/messages/`. */
export interface AdaMessageLog {
  message_id: string;
  created_at: string;
  author: AdaAuthor;
  content: AdaContent;
}
