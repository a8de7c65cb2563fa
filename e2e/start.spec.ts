import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { reservePort } from '../demo/ports';

// `npm start` minus its build step (the e2e run has just built dist/widget.js): the real demo/start.ts process.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(env: Record<string, string>): Run {
  const child = spawn(TSX, ['demo/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function freePorts(): Promise<Record<string, string>> {
  const host = '127.0.0.1';
  return {
    PARLEY_SITE_PORT: String(await reservePort(0, host, 'site', 'PARLEY_SITE_PORT')),
    PORT: String(await reservePort(0, host, 'bridge', 'PORT')),
    ADA_SIM_PORT: String(await reservePort(0, host, 'sim', 'ADA_SIM_PORT')),
  };
}

test('npm start prints one URL to open, serves the demo there, and Ctrl+C stops everything', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-start-'));
  const ports = await freePorts();
  const run = startDemo({ ...ports, DATA_DIR: dataDir });
  try {
    await expect.poll(run.output, { timeout: 20_000 }).toMatch(/Open the demo help center: (http:\/\/\S+)/);
    const url = /Open the demo help center: (http:\/\/\S+)/.exec(run.output())?.[1];
    expect(url).toBe(`http://127.0.0.1:${ports.PARLEY_SITE_PORT}`);
    expect(run.output().match(/Open the demo/g)).toHaveLength(1);

    await page.goto(url ?? '');
    await expect(page.getByRole('heading', { name: 'How can we help?' })).toBeVisible();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('How do I reset my password?');
    await page.getByRole('button', { name: 'Send' }).click();
    // The real default timings: the simulated AI Agent takes about a second.
    await expect(page.getByRole('log')).toContainText('Request a reset link', { timeout: 15_000 });

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Stopped.');
    // Every port is free again.
    for (const port of Object.values(ports)) await reservePort(Number(port), '127.0.0.1', 'check', 'PORT');
  } finally {
    run.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('npm start with a port in use exits 1 with one clear line', async () => {
  const ports = await freePorts();
  const squatter: Server = createServer();
  await new Promise<void>((resolve) => squatter.listen(Number(ports.PORT), '127.0.0.1', resolve));
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-start-'));
  try {
    const run = startDemo({ ...ports, DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    const lines = run.output().split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));
    expect(lines).toEqual([`[parley] Port ${ports.PORT} on 127.0.0.1 (bridge) is already in use. Stop what uses it, or pick another port with PORT=<port>.`]);
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  }
});
