import { gzipSync, brotliCompressSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

/** The widget's whole weight on a host page, gzip. Raise it only with a reason in the commit. */
export const GZIP_BUDGET_BYTES = 16 * 1024;

describe('widget bundle', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-build-'));
  let code = '';

  beforeAll(async () => {
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    code = readFileSync(join(outDir, 'widget.js'), 'utf8');
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is one file, widget.js, with no CSS asset or chunk', () => {
    expect(readdirSync(outDir)).toEqual(['widget.js']);
  });

  it('stays within the gzip budget', () => {
    const raw = Buffer.byteLength(code);
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code).length;
    console.log(`[size] widget.js raw ${raw} B, gzip ${gzip} B, brotli ${brotli} B (budget ${GZIP_BUDGET_BYTES} B gzip)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it('uses no eval or new Function, so a strict CSP can load it', () => {
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/new\s+Function\s*\(/);
  });
});
