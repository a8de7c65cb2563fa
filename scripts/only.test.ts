import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');
const probes: string[] = [];
afterEach(() => { for (const p of probes.splice(0)) rmSync(p, { force: true }); });

/** Writes a test file focused with `.only` (beside a second test it would silently skip) where the suite finds it. */
function probe(relative: string, importLine: string): string {
  const file = path.join(ROOT, relative);
  probes.push(file);
  writeFileSync(file, `${importLine}\nit.only('the focused test', () => {});\nit('the test .only would skip', () => {});\n`);
  return relative;
}

/** Runs a CLI of node_modules from the repo root as a developer would, outside CI (no CI variable). */
function run(cli: string, args: string[]) {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', cli), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('a .only left in a test', () => {
  it('fails the vitest run locally, not only under CI', () => {
    const file = probe(`scripts/only-probe-${process.pid}.test.ts`, "import { it } from 'vitest';");
    const r = run('vitest/vitest.mjs', ['run', '--project', 'unit:node', '--reporter=dot', file]);
    expect(r.output).toMatch(/Unexpected \.only modifier/);
    expect(r.status).not.toBe(0);
  }, 60_000);

  it('fails the Playwright run locally, not only under CI', () => {
    const file = probe(`e2e/only-probe-${process.pid}.spec.ts`, "import { test as it } from '@playwright/test';");
    const r = run('@playwright/test/cli.js', ['test', '-c', 'e2e', '--list', file]);
    expect(r.output).toMatch(/forbidOnly/);
    expect(r.status).not.toBe(0);
  }, 60_000);
});
