import type { Clock } from '../lib/clock';
import type { Random } from '../lib/random';
import type { Conversation, MessageLog } from '../types';
import type { WebhookEventType } from '../webhooks/events';
import type { Store } from './store';

/** What every domain operation needs: the data, time, randomness and a way to fire webhooks. */
export interface SimContext {
  store: Store;
  clock: Clock;
  random: Random;
  /** `ai_agent_domain`, e.g. `lovelace.ada.support`. */
  domain: string;
  /** Fires a webhook event now (timestamp taken from the clock). */
  emit(type: WebhookEventType, data: Record<string, unknown>): void;
  /** Called after an end user's message is stored and its webhook fired (the AI Agent listens). */
  onEndUserMessage(conversation: Conversation, message: MessageLog): void;
}

/** A new Ada-style id (24 hex characters, like Ada's object ids). */
export function newId(ctx: SimContext): string {
  return ctx.random.id(24, true);
}

/** Size of a JSON value in bytes, for Ada's metadata limits. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
