import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAdaSim } from '../../demo/ada-sim/index';
import { BRIDGE_ENTRY, BRIDGE_ENV, buildBridge } from '../../scripts/buildBridge';

const ROOT = join(import.meta.dirname, '../..');
const ORIGIN = 'http://site.test';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `node dist/bridge/main.js` as `npm run bridge` runs it (after its build step, with BRIDGE_ENV), from an empty directory. */
function runCompiled(env: Record<string, string>): Run {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-main-'));
  const child = spawn(process.execPath, [BRIDGE_ENTRY], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...BRIDGE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(cwd, { recursive: true, force: true });
  });
  return { child, output: () => output, exited };
}

async function listeningUrl(run: Run, timeoutMs = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const m = /"url":"(http:[^"]+)".*"msg":"bridge listening"/.exec(run.output());
    if (m?.[1]) return m[1];
    if (run.child.exitCode !== null || Date.now() - started > timeoutMs) throw new Error(`bridge did not start:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the compiled bridge (npm run bridge)', () => {
  it('starts from dist/bridge without a TypeScript loader, answers /healthz, serves a stream and stops on SIGTERM', async () => {
    await buildBridge();
    const sim = await startAdaSim({ replyDelayMs: 50, seed: 7 });
    cleanups.push(() => sim.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-main-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const run = runCompiled({
      ADA_BASE_URL: sim.url, ADA_API_KEY: sim.apiKey, ADA_WEBHOOK_SECRET: sim.webhookSecret,
      ALLOWED_ORIGINS: ORIGIN, DATA_DIR: dataDir, PORT: '0',
    });
    const url = await listeningUrl(run);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // server.ts finds dist/widget.js from its own file: the compiled location must resolve to the same repo root.
    const widget = await fetch(`${url}/widget.js`);
    expect(widget.status).toBe(existsSync(join(ROOT, 'dist/widget.js')) ? 200 : 503);
    await widget.body?.cancel();

    const session = await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    const { token } = (await session.json()) as { token: string };
    const stream = await fetch(`${url}/v1/events`, { headers: { origin: ORIGIN, authorization: `Bearer ${token}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    };
    expect(await readUntil('retry:')).toMatch(/^retry: \d+\n\n/);

    run.child.kill('SIGTERM');
    expect(await readUntil('event: reconnect')).toContain('event: reconnect');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('[parley] SIGTERM: shutting down');
  });

  it('exits 1 with one line per missing setting', async () => {
    await buildBridge();
    const run = runCompiled({});
    expect(await run.exited).toBe(1);
    expect(run.output().trim().split('\n').filter((l) => l.startsWith('[parley]'))).toEqual([
      '[parley] ADA_BASE_URL: missing (required)', '[parley] ADA_API_KEY: missing (required)',
      '[parley] ADA_WEBHOOK_SECRET: missing (required)', '[parley] ALLOWED_ORIGINS: missing (required)',
    ]);
  });
});
