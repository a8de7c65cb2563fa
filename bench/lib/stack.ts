import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAdaSim } from '../../demo/ada-sim/index';
import type { AdaSim } from '../../demo/ada-sim/index';
import type { BridgeInfo } from './bridgeProcess';
import { forkCompiledChild } from './forkCompiled';
import { forkChild } from './ipc';
import type { BenchChild } from './ipc';
import type { WebhookChannel, WebhookTarget } from './webhookPayload';

/** The origin the bench's "widget" calls come from (allowed by the bridge). */
export const BENCH_ORIGIN = 'http://127.0.0.1:5173';

/** The Ada tap child: timestamps widget messages on their way to the simulator (see adaTap.ts). */
export interface TapHandle {
  reset(): Promise<void>;
  /** ms from send to arrival at the tap, since the last reset. */
  latencies(): Promise<number[]>;
}

/** The Ada simulator (in this process), a timing tap before it and a bridge, each in its own child process. */
export interface Stack {
  sim: AdaSim;
  tap: TapHandle;
  bridge: BenchChild;
  bridgeUrl: string;
  bridgePid: number;
  close(): Promise<void>;
}

/**
 * Starts the simulator (AI replies after `replyDelayMs`, non-strict), a tap in front of it (child process), and the
 * bridge in a child process, compiled as `npm run bridge` runs it (see forkCompiledChild), with rate limits raised
 * (the bench is one IP making thousands of sessions) and logs at `warn`.
 * BENCH_BRIDGE_NODE_ARGS adds Node flags to the bridge child only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
export async function startStack(replyDelayMs = 50): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  const sim = await startAdaSim({ port: 0, replyDelayMs, strict: false });
  const tapChild = forkChild('adaTapProcess.ts', { BENCH_TAP_TARGET: sim.url });
  const tap: TapHandle = {
    reset: async () => void (await tapChild.call('reset')),
    latencies: () => tapChild.call<number[]>('latencies'),
  };
  const tapUrl = (await tapChild.call<{ url: string }>('info')).url;
  let bridge: BenchChild | undefined;
  try {
    bridge = await forkCompiledChild('bridgeProcess.ts', {
      BENCH_BRIDGE_OPTIONS: JSON.stringify({
        adaBaseUrl: tapUrl,
        adaApiKey: sim.apiKey,
        adaWebhookSecret: sim.webhookSecret,
        allowedOrigins: [BENCH_ORIGIN],
        dataDir,
        logLevel: 'warn',
        rateLimits: { ipPerMinute: 100_000_000, sessionPerMinute: 100_000_000 },
        // Every bench stream comes from 127.0.0.1, and capacity holds all its streams on one session (as many tabs would):
        // the per-IP and per-session stream caps (200 and 20 by default, issue 17) would refuse all but the first few.
        limits: { streamsPerIp: 1_000_000, streamsPerSession: 1_000_000, ...(process.env.BENCH_WEBHOOK_MAX_IN_FLIGHT ? { webhookMaxInFlight: Number(process.env.BENCH_WEBHOOK_MAX_IN_FLIGHT) } : {}) },
        defaultMetrics: false,
      }),
    }, 2048, (process.env.BENCH_BRIDGE_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const info = await bridge.call<BridgeInfo>('info', {}, 60_000);
    sim.addWebhookUrl(`${info.url}/webhooks/ada`);
    const child = bridge;
    return {
      sim,
      tap,
      bridge: child,
      bridgeUrl: info.url,
      bridgePid: info.pid,
      close: async () => {
        await child.stop();
        await tapChild.stop();
        await sim.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await bridge?.stop();
    await tapChild.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { origin: BENCH_ORIGIN, 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/** Creates `count` widget sessions (POST /v1/sessions), `concurrency` at a time; returns their tokens. */
export async function createSessions(bridgeUrl: string, count: number, concurrency = 16): Promise<string[]> {
  const tokens: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      tokens.push((await postJson<{ token: string }>(`${bridgeUrl}/v1/sessions`, {})).token);
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
  return tokens;
}

/**
 * Starts a conversation for each token (its first widget message), then waits for the simulator to go idle (its
 * AI replies delivered). Returns the webhook targets in token order (conversation and end user ids, from the simulator).
 */
export async function startConversations(stack: Pick<Stack, 'bridgeUrl' | 'sim'>, tokens: string[], concurrency = 8): Promise<WebhookTarget[]> {
  const ids: string[] = new Array<string>(tokens.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tokens.length) {
      const i = next++;
      const token = tokens[i];
      const res = await postJson<{ conversation: { id: string } }>(
        `${stack.bridgeUrl}/v1/messages`,
        { clientId: `setup-${i}-${Date.now()}`, text: 'Hello, I have a question about my order.' },
        token,
      );
      ids[i] = res.conversation.id; // in token order: targets[i] is the conversation of tokens[i]
    }
  };
  await Promise.all(Array.from({ length: Math.min(tokens.length, concurrency) }, worker));
  await stack.sim.idle();
  const byId = new Map(stack.sim.conversations().map((c) => [c.id, c]));
  return ids.map((id) => {
    const c = byId.get(id);
    if (!c) throw new Error(`conversation ${id} is unknown to the simulator`);
    return { conversationId: id, endUserId: c.end_user_id };
  });
}

/** The custom channel the bridge created at the simulator, as webhooks carry it. */
export function benchChannel(sim: AdaSim): WebhookChannel {
  const ch = sim.channels()[0];
  if (!ch) throw new Error('the bridge created no channel at the simulator');
  return { id: ch.id, type: ch.type, name: ch.name, description: ch.description, modality: ch.modality };
}
