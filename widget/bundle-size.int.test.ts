import { gzipSync, brotliCompressSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

/**
 * The widget's whole weight on a host page, gzip: a ratchet that fails the build when widget.js grows.
 * Issue 5's target is 16 KB; with preact 11 and @preact/signals-core (≈ 6.1 KB together), the CSS (≈ 1.8 KB) and five
 * languages (≈ 1.5 KB), the full feature set builds to ≈ 17.4 KB today. Until that gap is closed (issue 5 stays open
 * for it), the budget holds the line at 17.5 KB; lower it as the bundle shrinks, never raise it without a reason.
 */
export const GZIP_BUDGET_BYTES = 17_920;
/** Issue 5's size target, printed beside the measurement so the gap stays visible. */
export const GZIP_TARGET_BYTES = 16 * 1024;

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
    console.log(`[size] widget.js raw ${raw} B, gzip ${gzip} B, brotli ${brotli} B (budget ${GZIP_BUDGET_BYTES} B gzip; target ${GZIP_TARGET_BYTES} B, ${gzip - GZIP_TARGET_BYTES} B to go)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it('uses no eval or new Function, so a strict CSP can load it', () => {
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/new\s+Function\s*\(/);
  });
});
