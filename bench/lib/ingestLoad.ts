/**
 * Child process: webhook ingest throughput with autocannon. Posts freshly signed webhooks (unique svix-id and
 * message id each, so nothing is deduplicated) at increasing fixed rates, a few seconds each, and stops at the first
 * rate (after a 2 s warm-up at the first rate) with any error or non-2xx answer, a p99 over the limit, or a throughput clearly below the rate asked.
 */
import autocannon from 'autocannon';
import { serveIpc } from './ipc';
import { createWebhookSigner } from './webhookPayload';
import type { WebhookSigning, WebhookTarget } from './webhookPayload';

/** Arguments of `ramp`. */
export interface RampArgs extends WebhookSigning {
  url: string;
  target: WebhookTarget;
  rates: number[];
  stepSeconds: number;
  connections: number;
  p99LimitMs: number;
}

/** One step of the ramp. */
export interface RampStep {
  rate: number;
  achievedPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  ok: boolean;
}

/** Reply of `ramp`: every step run, and the best throughput of a passing step (0 if none passed). */
export interface RampResult {
  steps: RampStep[];
  bestPerSec: number;
}

function step(args: RampArgs, rate: number): Promise<RampStep> {
  const sign = createWebhookSigner(args);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: args.url,
        method: 'POST',
        connections: args.connections,
        overallRate: rate,
        duration: args.stepSeconds,
        requests: [
          {
            setupRequest: (req) => {
              const { body, headers } = sign(args.target, 'ingest');
              return { ...req, method: 'POST', body, headers };
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const achieved = Math.round(r.requests.average);
        const failed = r.errors + r.timeouts + r.non2xx;
        resolve({
          rate,
          achievedPerSec: achieved,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          ok: failed === 0 && r.latency.p99 <= args.p99LimitMs && achieved >= rate * 0.9,
        });
      },
    );
  });
}

async function ramp(args: RampArgs): Promise<RampResult> {
  // Warm-up, not recorded: the server was just started (JIT, first store writes).
  await step({ ...args, stepSeconds: 2 }, args.rates[0] ?? 100);
  const steps: RampStep[] = [];
  for (const rate of args.rates) {
    const s = await step(args, rate);
    steps.push(s);
    if (!s.ok) break;
  }
  const passing = steps.filter((s) => s.ok).map((s) => s.achievedPerSec);
  return { steps, bestPerSec: passing.length ? Math.max(...passing) : 0 };
}

serveIpc({ ramp: (args: RampArgs) => ramp(args) });
