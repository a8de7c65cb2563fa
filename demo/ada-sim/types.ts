/**
 * Public types of the Ada simulator: its options, its handle, and the Ada objects it keeps.
 * Object shapes follow `shared/ada-api.md` (snake_case, as on Ada's wire).
 */

/** Ada metadata values (channel and conversation): string, bool, int or float. */
export type MetadataValue = string | number | boolean;

/** A custom channel, as Ada returns it (§2). */
export interface Channel {
  id: string;
  type: 'custom' | 'native';
  name: string;
  description: string;
  modality: 'messaging' | 'email' | 'voice' | 'sms';
  capabilities: { markdown: boolean };
  metadata: Record<string, MetadataValue>;
  created_at: string;
}

/** End-user profile (§5). `sensitive_metadata` is write-only and never returned. */
export interface EndUserProfile {
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  avatar: string | null;
  email: string | null;
  language: string | null;
  metadata: Record<string, string | number | boolean>;
  system_properties: { sunshine_user_id: string | null };
}

/** An end user (§5). */
export interface EndUser {
  end_user_id: string;
  external_id: string | null;
  profile: EndUserProfile;
  created_at: string;
  updated_at: string;
}

/** A conversation (§3). */
export interface Conversation {
  id: string;
  channel_id: string;
  end_user_id: string;
  status: 'active' | 'ended';
  created_at: string;
  updated_at: string;
  metadata: Record<string, MetadataValue>;
}

/** Message content Ada can carry (§4). `presence` exists only in Ada's demo model. */
export type MessageContent =
  | { type: 'text'; body: string }
  | { type: 'link'; url: string; link_text: string | null }
  | { type: 'file'; url: string; mime_type: string; filename: string }
  | { type: 'presence'; body: string };

/** Content the agent side may send through {@link AdaSim.agentSay}. */
export type AgentContent = Exclude<MessageContent, { type: 'presence' }>;

/** Who wrote a message. `id` is null for the AI Agent and human agents. */
export interface MessageAuthor {
  id: string | null;
  role: 'end_user' | 'ai_agent' | 'human_agent';
  avatar: string | null;
  display_name: string | null;
}

/** One item of `GET /conversations/{id}/messages/` (§4). */
export interface MessageLog {
  type: 'message_logs';
  message_id: string;
  created_at: string;
  author: MessageAuthor;
  content: MessageContent;
}

/** Who speaks for {@link AdaSim.agentSay}. */
export type AgentIdentity = { role: 'ai_agent' } | { role: 'human_agent'; display_name: string; avatar?: string | null };

/** Fault knobs that can be changed while the simulator runs. */
export interface AdaSimFaults {
  /** Multiplies reply delays and retry backoff (not `reorderWindowMs`). */
  timeScale: number;
  /** Base AI reply delay in ms, jittered ±30 %. */
  replyDelayMs: number;
  /** 0..1 chance each webhook delivery is sent twice with the same svix-id. */
  duplicateRate: number;
  /** When > 0, webhooks are buffered this long (real ms) and sent in shuffled order. */
  reorderWindowMs: number;
  /** Chance an `/api/v2` call is answered 429 / 500, with no side effects. */
  errorRates: { 429?: number; 500?: number };
}

/** Options of {@link startAdaSim}. Every field is optional. */
export interface AdaSimOptions extends Partial<AdaSimFaults> {
  /** Listen port; default 0 (a free port). */
  port?: number;
  /** Listen host; default 127.0.0.1. */
  host?: string;
  /** Bearer key the API accepts; default `sim-api-key`. */
  apiKey?: string;
  /** Svix signing secret `whsec_…`; random by default. */
  webhookSecret?: string;
  /** Endpoints every webhook is delivered to. */
  webhookUrls?: string[];
  /** `ai_agent_domain` is `${handle}.ada.support`; default `lovelace`. */
  handle?: string;
  /** Base of the article links the AI Agent sends; default http://127.0.0.1:5173. */
  siteUrl?: string;
  /** Queue deliveries instead of sending them (endpoint down). */
  webhooksPaused?: boolean;
  /** Record contract violations; default true. */
  strict?: boolean;
  /** Seed for deterministic randomness. */
  seed?: number;
  /** One-line log sink; silent by default. */
  log?: (line: string) => void;
}

/** A request that differs from Ada's documented contract. */
export interface Violation {
  method: string;
  path: string;
  problem: string;
}

/** One `/api/v2` call as the simulator answered it. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
  at: string;
}

/** One webhook delivery attempt. `status` is null when the endpoint could not be reached or timed out. */
export interface Delivery {
  svixId: string;
  type: string;
  url: string;
  status: number | null;
  attempt: number;
  at: string;
}

/** A running simulator. */
export interface AdaSim {
  /** Base URL without `/api` (what the bridge gets as `ADA_BASE_URL`). */
  url: string;
  apiKey: string;
  webhookSecret: string;
  addWebhookUrl(url: string): void;
  setFaults(faults: Partial<AdaSimFaults>): void;
  pauseWebhooks(): void;
  /** Flushes the queue, honouring the reorder and duplicate knobs. */
  resumeWebhooks(): void;
  violations(): Violation[];
  requests(): RecordedRequest[];
  deliveries(): Delivery[];
  channels(): Channel[];
  conversations(): Conversation[];
  messages(conversationId: string): MessageLog[];
  /** Sends a message as the AI Agent (default) or a human agent. */
  agentSay(conversationId: string, content: AgentContent, as?: AgentIdentity): Promise<void>;
  /** Hands the conversation to the simulated human agent, as if the end user had asked for one. */
  startHandoff(conversationId: string): Promise<void>;
  endConversation(conversationId: string, endedBy?: 'system' | 'human_agent'): Promise<void>;
  /** Resolves once no reply is pending and no delivery is in flight or queued (unless paused). */
  idle(): Promise<void>;
  close(): Promise<void>;
}
