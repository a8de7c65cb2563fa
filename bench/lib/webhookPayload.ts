import { randomUUID } from 'node:crypto';
import { Webhook } from 'svix';

/** The channel object a `v1.conversation.message` webhook carries (Ada §6, July 2025 shape). */
export interface WebhookChannel {
  id: string;
  type: string;
  name: string;
  description: string;
  modality: string;
}

/** A conversation webhooks are sent for. */
export interface WebhookTarget {
  conversationId: string;
  endUserId: string;
}

/** What a signed webhook needs: the secret and the channel the bridge listens to. */
export interface WebhookSigning {
  secret: string;
  channel: WebhookChannel;
}

/** A signed request, ready to POST to `/webhooks/ada`. */
export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** Monotonic clock in ns, shared by every process on this machine (CLOCK_MONOTONIC), so latencies can span processes. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/**
 * Body text that carries a sequence number and the send time, so the receiving process can measure latency.
 * `warm` marks a warm-up message: timed like the others, but kept apart from the measured ones.
 */
export function markerText(seq: number, sentNs: bigint, warm = false): string {
  return `${warm ? 'warm' : 'bench'}:${seq}:${sentNs}`;
}

const MARKER = /^(bench|warm):(\d+):(\d+)$/;

/** Reads a marker back; null for any other text. */
export function parseMarker(text: string): { seq: number; sentNs: bigint; warm: boolean } | null {
  const m = MARKER.exec(text);
  return m?.[2] && m[3] ? { seq: Number(m[2]), sentNs: BigInt(m[3]), warm: m[1] === 'warm' } : null;
}

/** Returns a signer of AI Agent `v1.conversation.message` webhooks with the given text, with unique ids. */
export function createWebhookSigner(signing: WebhookSigning): (target: WebhookTarget, text: string) => SignedWebhook {
  const wh = new Webhook(signing.secret);
  return (target, text) => {
    const now = new Date();
    const id = randomUUID();
    const body = JSON.stringify({
      type: 'v1.conversation.message',
      timestamp: now.toISOString(),
      data: {
        message_id: `bench_${id}`,
        conversation_id: target.conversationId,
        end_user_id: target.endUserId,
        handoff_integration: null,
        channel: { ...signing.channel, capabilities: { markdown: false } },
        created_at: now.toISOString(),
        author: { id: null, role: 'ai_agent', avatar: null, display_name: null },
        content: { type: 'text', body: text },
        ai_agent_domain: 'lovelace.ada.support',
      },
    });
    const svixId = `msg_${id}`;
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'svix-id': svixId,
        'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
        'svix-signature': wh.sign(svixId, now, body),
      },
    };
  };
}
