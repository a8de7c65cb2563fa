#!/usr/bin/env node
// Runs one check command (typecheck, lint) and records whether it passed in test-results/checks/<name>.json,
// so the closing "N passed, N failed" line counts it beside the test suites.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const [name, command, ...args] = process.argv.slice(2);
if (!name || !command) {
  console.error('usage: check.mjs NAME COMMAND [ARGS...]');
  process.exit(2);
}
const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
const status = result.status ?? 1;
mkdirSync('test-results/checks', { recursive: true });
writeFileSync(`test-results/checks/${name}.json`, JSON.stringify({ name, passed: status === 0 }));
if (status === 0) console.log(`[check] ${name} passed`);
process.exit(status);
