import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startDemoStack, type DemoStack } from '../demo/stack';

/** The bridge's METRICS_TOKEN in the suite (`GET /metrics` needs it). */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789';

/** Fast simulator timings: AI replies in tens of ms instead of seconds. */
export const FAST_SIM = { replyDelayMs: 50, timeScale: 0.1 } as const;

/** Fault knobs back to "no faults", applied before every test. */
const NO_FAULTS = { ...FAST_SIM, duplicateRate: 0, reorderWindowMs: 0, errorRates: { 429: 0, 500: 0 } };

interface WorkerFixtures {
  /** Simulator, bridge and help-center site on free ports, shared by the tests of one worker. */
  stack: DemoStack;
}

interface TestFixtures {
  /** Origin of the demo help center. */
  siteUrl: string;
  /** Resets simulator faults and makes sure the bridge runs; every test starts from a clean state. */
  cleanStack: DemoStack;
}

/**
 * Playwright's `test` with the demo stack. Each test gets a fresh browser context (Playwright's default), so no
 * storage, session or conversation leaks from one test into the next; simulator faults are reset before each test.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright needs the object pattern even with no dependencies
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
      const stack = await startDemoStack({
        dataDir,
        sim: { ...FAST_SIM, seed: 42 },
        bridge: {
          logLevel: process.env.PARLEY_E2E_LOG ?? 'silent',
          // Every test comes from 127.0.0.1; production limits would throttle the suite, not a visitor.
          rateLimits: { ipPerMinute: 100_000, sessionPerMinute: 100_000 },
          // Give up on a failing Ada sooner than the 10 s default, so "failed, retry" shows within the test.
          adaDeadlineMs: 1500,
          adaBackoff: { baseMs: 50, maxMs: 300 },
          // Metrics are served only with a token (issue 17); lab.ts reads them with it.
          metricsToken: E2E_METRICS_TOKEN,
        },
      });
      await use(stack);
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  cleanStack: [
    async ({ stack }, use) => {
      await stack.startBridgeAgain();
      stack.sim.setFaults(NO_FAULTS);
      stack.sim.resumeWebhooks();
      await use(stack);
      // Leave nothing in flight for the next test.
      stack.sim.setFaults(NO_FAULTS);
      stack.sim.resumeWebhooks();
      await startAgainQuietly(stack);
    },
    { auto: true },
  ],
  siteUrl: async ({ cleanStack }, use) => {
    await use(cleanStack.site.url);
  },
});

async function startAgainQuietly(stack: DemoStack): Promise<void> {
  try {
    await stack.startBridgeAgain();
  } catch {
    // The next test's fixture retries and reports the failure where it matters.
  }
}

export { expect };
