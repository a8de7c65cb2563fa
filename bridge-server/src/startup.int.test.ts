import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdaSim, type AdaSim } from '../../demo/ada-sim/index';
import { buildBridge } from '../../scripts/buildBridge';
import { spawnBridge } from './testing/bridgeProcess';

let sim: AdaSim;
let dataDir: string;
beforeAll(async () => {
  await buildBridge();
  sim = await startAdaSim({ replyDelayMs: 50, seed: 7, strict: false });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the compiled bridge with `env` over working settings; resolves with its exit code and `[parley]` lines. */
async function failedStart(env: Record<string, string>) {
  const run = spawnBridge({
    ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret,
    ALLOWED_ORIGINS: 'http://site.test', DATA_DIR: join(dataDir, 'ok'), PORT: '0', ...env,
  });
  try {
    const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
    return { code, lines: run.output().split('\n').filter((l) => l.startsWith('[parley]')) };
  } finally {
    await run.stop();
  }
}

describe('a bridge that cannot start', () => {
  it('names a key Ada refuses, and exits 1', async () => {
    const r = await failedStart({ ADA_API_KEY: 'not-the-key' });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/^\[parley\] ADA_API_KEY: Ada at .* refused the key \(401 on \w+\)/)]);
    expect(r.lines.join('\n')).not.toContain('not-the-key');
  });

  it('names an unknown ADA_CHANNEL_ID, and exits 1', async () => {
    const r = await failedStart({ ADA_CHANNEL_ID: 'ch_nope' });
    expect(r).toEqual({ code: 1, lines: [`[parley] ADA_CHANNEL_ID: channel "ch_nope" is not one of this Ada account's custom channels`] });
  });

  it('names a port in use, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await failedStart({ PORT: String(port) });
      expect(r).toEqual({ code: 1, lines: [expect.stringMatching(new RegExp(`^\\[parley\\] PORT: 127\\.0\\.0\\.1:${port} is already in use`))] });
    } finally {
      taken.close();
    }
  });

  it('names a corrupted database file, and exits 1', async () => {
    const dir = join(dataDir, 'corrupt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'parley.db'), 'this is not a database, it was overwritten by something else '.repeat(100));
    const r = await failedStart({ DATA_DIR: dir });
    expect(r).toEqual({ code: 1, lines: [expect.stringMatching(/^\[parley\] DATA_DIR: .*parley\.db is not a readable SQLite database/)] });
  });
});
