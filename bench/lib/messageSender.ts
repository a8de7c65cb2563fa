/**
 * Child process: sends widget messages (`POST /v1/messages`) at a steady rate for a bounded count, spread over
 * several sessions, each text a bench marker with its send time (the Ada tap measures arrival at the simulator).
 */
import { randomUUID } from 'node:crypto';
import { serveIpc } from './ipc';
import { summarize } from './stats';
import type { Percentiles } from './stats';
import { markerText, nowNs } from './webhookPayload';

/** Arguments of `send`. */
export interface MessageArgs {
  bridgeUrl: string;
  origin: string;
  tokens: string[];
  count: number;
  ratePerSec: number;
}

/** Reply of `send`. */
export interface MessageResult {
  sent: number;
  ok: number;
  statuses: Record<string, number>;
  firstError: string | null;
  /** POST /v1/messages round trip, ms. */
  responseMs: Percentiles;
}

async function send(args: MessageArgs): Promise<MessageResult> {
  const statuses: Record<string, number> = {};
  const responseMs: number[] = [];
  let ok = 0;
  let firstError: string | null = null;
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let seq = 0; seq < args.count; seq++) {
    const wait = started + (seq * 1000) / args.ratePerSec - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const token = args.tokens[seq % args.tokens.length] ?? '';
    const sentNs = nowNs();
    pending.push(
      fetch(`${args.bridgeUrl}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: args.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: randomUUID(), text: markerText(seq, sentNs) }),
      })
        .then(async (res) => {
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.ok) {
            ok++;
            responseMs.push(Number(nowNs() - sentNs) / 1e6);
          } else firstError ??= `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
        })
        .catch((err: unknown) => {
          firstError ??= err instanceof Error ? err.message : String(err);
        }),
    );
  }
  await Promise.all(pending);
  return { sent: args.count, ok, statuses, firstError, responseMs: summarize(responseMs) };
}

serveIpc({ send: (args: MessageArgs) => send(args) });
