import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BRIDGE_ENTRY, BRIDGE_ENV } from './buildBridge';

const ROOT = path.join(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'parley-npm-bridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `npm run bridge` for real, with a `node` first on PATH that hands every command to the real node except the
 * bridge's own start, where it records the arguments and environment it was given instead of starting a server.
 */
function npmRunBridge(env: Record<string, string | undefined>): { argv: string[]; env: Record<string, string> } {
  const out = path.join(dir, `seen-${Math.random().toString(36).slice(2)}.json`);
  const fakeNode = path.join(dir, 'node');
  writeFileSync(fakeNode, `#!/bin/sh
case "$1" in
  *dist/bridge/main.js) exec "${process.execPath}" -e 'require("fs").writeFileSync(process.env.PROBE_OUT, JSON.stringify({ argv: process.argv.slice(1), env: process.env }))' -- "$@" ;;
esac
exec "${process.execPath}" "$@"
`);
  chmodSync(fakeNode, 0o755);
  const r = spawnSync('npm', ['run', '--silent', 'bridge'], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, ...env, PROBE_OUT: out, PATH: `${dir}:${process.env.PATH ?? ''}` },
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
}

describe('npm run bridge', () => {
  it('builds, then runs the compiled entry on plain node with BRIDGE_ENV as defaults an operator can override', () => {
    rmSync(BRIDGE_ENTRY, { force: true });
    const plain = npmRunBridge({ MALLOC_ARENA_MAX: undefined });
    // the build step wrote the entry it then runs
    expect(readFileSync(BRIDGE_ENTRY, 'utf8')).toContain('startBridge');
    expect(plain.argv).toEqual([path.relative(ROOT, BRIDGE_ENTRY)]);
    for (const [name, value] of Object.entries(BRIDGE_ENV)) expect(plain.env[name]).toBe(value);
    const overridden = npmRunBridge(Object.fromEntries(Object.keys(BRIDGE_ENV).map((name) => [name, '7'])));
    for (const name of Object.keys(BRIDGE_ENV)) expect(overridden.env[name]).toBe('7');
  }, 60_000);
});
