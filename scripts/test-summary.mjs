#!/usr/bin/env node
// Prints one closing line, "N passed, N failed", totalled over every suite `npm test` ran:
// the checks (typecheck, lint), Vitest's unit and integration runs and Playwright's e2e run.
// A suite that did not run (an earlier one failed) counts nothing.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const dir = 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const read = (file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));

if (existsSync(`${dir}/checks`)) {
  for (const file of readdirSync(`${dir}/checks`)) {
    const { passed: ok } = read(`checks/${file}`);
    if (ok) passed += 1;
    else failed += 1;
  }
}
for (const file of ['unit.json', 'integration.json']) {
  if (!existsSync(`${dir}/${file}`)) continue;
  const report = read(file);
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load has no tests but still failed.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
}
if (existsSync(`${dir}/e2e.json`)) {
  const { stats } = read('e2e.json');
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  failed += stats?.unexpected ?? 0;
  skipped += stats?.skipped ?? 0;
}
// `npm test` failed but no report counted a failure (e.g. a runner that could not start): count that step as one.
const exitStatus = Number(process.argv[2] ?? 0);
if (exitStatus !== 0 && failed === 0) {
  console.log('[summary] a test step failed before it could write its report');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
