import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createAgentRunner } from './agent/runner';
import { createApp } from './api/app';
import { createClock } from './lib/clock';
import { createIdleWaiter } from './lib/idle';
import { createRandom } from './lib/random';
import { createRecorder } from './recorder';
import { endConversation, getConversation } from './state/conversations';
import type { SimContext } from './state/context';
import { createStore } from './state/store';
import type { AdaSim, AdaSimFaults, AdaSimOptions } from './types';
import { createDispatcher } from './webhooks/dispatcher';
import { generateWebhookSecret } from './webhooks/sign';

export type * from './types';

/** Defaults of the fault knobs: realistic timing, no faults. */
export const DEFAULT_FAULTS: AdaSimFaults = { timeScale: 1, replyDelayMs: 600, duplicateRate: 0, reorderWindowMs: 0, errorRates: {} };

/**
 * Starts a local Ada: the Conversations API under `${url}/api/v2`, Svix-signed webhooks to `webhookUrls`,
 * a help-center AI Agent, and test controls under `${url}/_sim`.
 * @example
 * const sim = await startAdaSim({ webhookUrls: ['http://127.0.0.1:8787/webhooks/ada'], replyDelayMs: 0 });
 * // give the bridge ADA_BASE_URL=sim.url, ADA_API_KEY=sim.apiKey, ADA_WEBHOOK_SECRET=sim.webhookSecret
 * await sim.close();
 */
export async function startAdaSim(options: AdaSimOptions = {}): Promise<AdaSim> {
  const log = options.log ?? (() => undefined);
  const apiKey = options.apiKey ?? 'sim-api-key';
  const webhookSecret = options.webhookSecret ?? generateWebhookSecret();
  const siteUrl = (options.siteUrl ?? 'http://127.0.0.1:5173').replace(/\/+$/, '');
  const faults: AdaSimFaults = {
    timeScale: options.timeScale ?? DEFAULT_FAULTS.timeScale,
    replyDelayMs: options.replyDelayMs ?? DEFAULT_FAULTS.replyDelayMs,
    duplicateRate: options.duplicateRate ?? DEFAULT_FAULTS.duplicateRate,
    reorderWindowMs: options.reorderWindowMs ?? DEFAULT_FAULTS.reorderWindowMs,
    errorRates: { ...options.errorRates },
  };
  const setFaults = (next: Partial<AdaSimFaults>): void => {
    Object.assign(faults, Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)));
    if (next.errorRates) faults.errorRates = { ...next.errorRates };
  };

  const random = createRandom(options.seed);
  const recorder = createRecorder({ strict: options.strict ?? true, log });
  const idle = createIdleWaiter(() => agent.isIdle() && dispatcher.isIdle());
  const dispatcher = createDispatcher({
    secret: webhookSecret,
    urls: options.webhookUrls ?? [],
    paused: options.webhooksPaused ?? false,
    faults: () => faults,
    random,
    record: recorder.delivery,
    log,
    onChange: idle.check,
  });
  const clock = createClock();
  const ctx: SimContext = {
    store: createStore(),
    clock,
    random,
    domain: `${options.handle ?? 'lovelace'}.ada.support`,
    emit: (type, data) => dispatcher.send({ type, timestamp: clock.now(), data }),
    onEndUserMessage: (conversation, message) => {
      if (message.content.type === 'text') agent.reply(conversation.id, message.content.body);
      if (message.content.type === 'file') agent.acknowledgeFile(conversation.id, message.content.filename);
    },
  };
  const agent = createAgentRunner({ ctx, siteUrl, faults: () => faults, log, onChange: idle.check });
  const app = createApp({ ctx, agent, dispatcher, recorder, random, apiKey, faults: () => faults, setFaults, log });

  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(`ada-sim listening on ${url}`);

  return {
    url,
    apiKey,
    webhookSecret,
    addWebhookUrl: (webhookUrl) => dispatcher.addUrl(webhookUrl),
    setFaults,
    pauseWebhooks: () => dispatcher.pause(),
    resumeWebhooks: () => dispatcher.resume(),
    violations: recorder.violations,
    requests: recorder.requests,
    deliveries: recorder.deliveries,
    channels: () => [...ctx.store.channels.values()].map((channel) => structuredClone(channel)),
    conversations: () => [...ctx.store.conversations.values()].map((conversation) => structuredClone(conversation)),
    messages: (conversationId) => structuredClone(ctx.store.messages.get(conversationId) ?? []),
    agentSay: (conversationId, content, as) => agent.say(conversationId, content, as),
    startHandoff: (conversationId) => agent.startHandoff(conversationId),
    async endConversation(conversationId, endedBy = 'system') {
      getConversation(ctx, conversationId);
      endConversation(ctx, conversationId, { id: null, role: endedBy });
    },
    idle: () => idle.wait(),
    async close() {
      agent.close();
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
