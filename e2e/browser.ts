import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags this machine needs for Debian's Chromium (root, no GPU, no network but loopback). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium to run: `PARLEY_CHROMIUM` if set, Debian's `/usr/bin/chromium` when present, else Playwright's own
 * download if installed. Throws one line telling how to install one when there is none.
 */
export function resolveChromium(): string | undefined {
  const fromEnv = process.env.PARLEY_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PARLEY_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  let bundled = '';
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = '';
  }
  if (bundled && existsSync(bundled)) return undefined; // Playwright finds its own browser.
  throw new Error('No Chromium found: install one with `sudo apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`.');
}
