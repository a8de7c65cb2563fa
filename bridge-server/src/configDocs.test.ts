import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

const ROOT = join(import.meta.dirname, '../..');

/** Every environment name `readConfig` reads, recorded by an environment that watches its own reads. */
function settingsRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_, name) => (typeof name === 'string' && read.add(name), undefined),
  });
  readConfig(env);
  return [...read].sort();
}

describe('the bridge settings an operator can find', () => {
  it('documents every setting the bridge reads in README\'s settings table and in .env.example', () => {
    const read = settingsRead();
    expect(read).toContain('EVENT_RETENTION_DAYS');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The bridge'), readme.indexOf('## Point the bridge'));
    const documented = new Set([...section.matchAll(/^\| ((?:`[A-Z_]+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z_]+)`/g)].map((n) => n[1]!)));
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    expect(read.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });
});
