import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_ENTRY, BRIDGE_ENV } from './buildBridge';

const ROOT = path.join(import.meta.dirname, '..');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm run bridge', () => {
  it('builds, then runs the compiled entry on plain node with BRIDGE_ENV as defaults (what the bench runs too)', () => {
    const bridge = scripts.bridge ?? '';
    expect(bridge.startsWith('npm run build:bridge')).toBe(true);
    const defaults = Object.entries(BRIDGE_ENV).map(([name, value]) => `${name}=\${${name}:-${value}}`).join(' ');
    expect(bridge.endsWith(`&& ${defaults} exec node ${path.relative(ROOT, BRIDGE_ENTRY)}`)).toBe(true);
  });
});
