import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');

// Issue 16, defect 11: `npm install`, `npm start` and `npm test` each printed npm's "Unknown project config
// build-from-source" warning, many times, from a key in the project's .npmrc that npm itself does not know.
describe("the project's npm configuration", () => {
  it('gives npm no project key it warns about (the warning every npm command printed)', () => {
    const r = spawnSync('npm', ['pkg', 'get', 'name'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Unknown project config/);
  });

  it('still builds the SQLite addon from source, through the file prebuild-install reads', () => {
    expect(readFileSync(path.join(ROOT, '.prebuild-installrc'), 'utf8')).toMatch(/^buildFromSource=true$/m);
  });
});
