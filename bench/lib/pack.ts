import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A package fetched with `npm pack` and unpacked under the cache directory. */
export interface PackedPackage {
  name: string;
  version: string;
  /** Directory holding the unpacked `package/` contents. */
  dir: string;
  /** True when the registry could not be reached and an earlier tarball from the cache was used. */
  fromCache: boolean;
}

interface PackJson {
  name: string;
  version: string;
  filename: string;
}

function isPackJson(v: unknown): v is PackJson[] {
  return Array.isArray(v) && v.every((e: unknown) => typeof e === 'object' && e !== null && 'filename' in e && 'version' in e);
}

/** npm names a tarball `@scope/name@1.0.0` → `scope-name-1.0.0.tgz`. */
function tarballPrefix(name: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-`;
}

async function unpack(cacheDir: string, tgz: string): Promise<string> {
  const dir = path.join(cacheDir, tgz.replace(/\.tgz$/, ''));
  if (!existsSync(path.join(dir, 'package', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    await run('tar', ['xzf', path.join(cacheDir, tgz), '-C', dir]);
  }
  return path.join(dir, 'package');
}

/**
 * Fetches `spec` with `npm pack` into `cacheDir` and unpacks it. When npm fails (offline), falls back to the newest
 * tarball of that name already in the cache; throws when there is none.
 */
export async function packPackage(spec: string, cacheDir: string): Promise<PackedPackage> {
  mkdirSync(cacheDir, { recursive: true });
  try {
    const { stdout } = await run('npm', ['pack', spec, '--json', '--silent', '--pack-destination', cacheDir], {
      timeout: 180_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed: unknown = JSON.parse(stdout);
    if (!isPackJson(parsed) || !parsed[0]) throw new Error('unexpected `npm pack --json` output');
    const { name, version, filename } = parsed[0];
    return { name, version, dir: await unpack(cacheDir, path.basename(filename)), fromCache: false };
  } catch (err) {
    const prefix = tarballPrefix(spec);
    const cached = readdirSync(cacheDir)
      .filter((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)) && f.endsWith('.tgz'))
      .sort()
      .pop();
    if (!cached) throw new Error(`npm pack ${spec} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    const dir = await unpack(cacheDir, cached);
    const pkg: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '?';
    return { name: spec, version, dir, fromCache: true };
  }
}

const STATIC_IMPORT = /(?:^|[\s;}])(?:import|export)\s*(?:[^'"`()]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;

/**
 * A bundle's entry file plus every file it imports statically (relative ESM `import … from './x'`), i.e. what a
 * browser must load before the entry runs. Dynamic `import()` chunks load later and are not counted.
 */
export function staticImportClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (m[1]) visit(path.resolve(path.dirname(file), m[1]));
    }
  };
  visit(entry);
  return [...seen];
}
