import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
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

/**
 * `node dist/bridge/main.js` as `npm run bridge` runs it (after its build step, with BRIDGE_ENV), from an empty
 * directory, or one holding `dotenv` as its `.env`.
 */
function runCompiled(env: Record<string, string>, dotenv?: string): Run {
  const cwd = mkdtempSync(join(tmpdir(), 'parley-main-'));
  if (dotenv !== undefined) writeFileSync(join(cwd, '.env'), dotenv);
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

/** The widget the bridge serves by default; built here when absent, so the test knows what it must get. */
const WIDGET = join(ROOT, 'dist/widget.js');
async function ensureWidgetBuilt(): Promise<void> {
  if (existsSync(WIDGET)) return;
  // emptyOutDir off: dist/ also holds the compiled bridge this test runs.
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: ROOT, logLevel: 'warn', build: { emptyOutDir: false } });
}

/** Waits until `ok()` holds (the bridge's output arrives in chunks). */
async function until(ok: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (const started = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
  }
}

describe('the compiled bridge (npm run bridge)', () => {
  it('starts from dist/bridge without a TypeScript loader, answers /healthz, serves a stream and stops on SIGTERM', async () => {
    await ensureWidgetBuilt();
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
    const widget = await fetch(`${url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(widget.status).toBe(200);
    expect(await widget.text()).toBe(readFileSync(WIDGET, 'utf8'));

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

    // Logged at debug only (see the .env test): at the default level it must not show.
    expect((await fetch(`${url}/v1/events`)).status).toBe(401);

    run.child.kill('SIGTERM');
    expect(await readUntil('event: reconnect')).toContain('event: reconnect');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('[parley] SIGTERM: shutting down');
    // LOG_LEVEL unset is info: the per-request debug lines stay out.
    expect(run.output()).toContain('"level":30');
    expect(run.output()).not.toContain('"level":20');
  });

  it('reads its settings from ./.env: LOG_LEVEL, CHANNEL_NAME and WIDGET_FILE take effect', async () => {
    await buildBridge();
    const sim = await startAdaSim({ replyDelayMs: 50, seed: 7 });
    cleanups.push(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'parley-main-env-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const widgetFile = join(dir, 'widget.js');
    writeFileSync(widgetFile, 'console.log("from WIDGET_FILE");');
    const run = runCompiled({}, [
      '# as .env.example writes them', `ADA_BASE_URL=${sim.url}`, `ADA_API_KEY=${sim.apiKey}`, `ADA_WEBHOOK_SECRET=${sim.webhookSecret}`,
      `ALLOWED_ORIGINS=${ORIGIN}`, `DATA_DIR=${join(dir, 'data')}`, 'PORT=0', 'LOG_LEVEL=debug',
      'CHANNEL_NAME="Help from .env"', `WIDGET_FILE=${widgetFile}`,
    ].join('\n'));
    const url = await listeningUrl(run);
    const widget = await fetch(`${url}/widget.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(await widget.text()).toBe('console.log("from WIDGET_FILE");');
    expect(sim.channels().map((c) => c.name)).toEqual(['Help from .env']);
    // LOG_LEVEL=debug: the stream path logs each request at debug.
    expect((await fetch(`${url}/v1/events`)).status).toBe(401);
    await until(() => /"level":20,.*"path":"\/v1\/events","status":401/.test(run.output()));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
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
