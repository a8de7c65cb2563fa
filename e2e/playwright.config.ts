import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './browser';

let executablePath: string | undefined;
try {
  executablePath = resolveChromium();
} catch (error) {
  // One clear line, then a non-zero exit: e2e cannot run without a browser.
  console.error(`[parley] ${(error as Error).message}`);
  process.exit(1);
}

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  // A `test.only` would silently skip the rest of the suite: fail the run everywhere, not only in CI.
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // The README's pictures are the visual baselines of e2e/screenshots.spec.ts (updated only by `npm run screenshots`).
  snapshotPathTemplate: '../docs/screenshots/{arg}{ext}',
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    headless: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
