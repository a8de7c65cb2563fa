import { gzipSync, brotliCompressSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

/**
 * The widget's whole weight on a host page, gzip -9: a ratchet that fails the build when widget.js grows.
 * It builds to ≈ 16.76 KB (41.1 KB raw). What removing each part would save, gzip: preact 11 ≈ 4.3 KB,
 * @preact/signals-core ≈ 1.5 KB, the CSS of widget.css + panel.css ≈ 1.8 KB, the strings of the five languages
 * ≈ 1.5 KB (Arabic alone ≈ 0.4 KB), our own code ≈ 6.6 KB (the controller ≈ 1.3 KB, then createParley, the SSE
 * parser, options, markdown and the store ≈ 0.5–0.6 KB each); the parts share ≈ 1 KB of matches. Issue 5's target
 * is 16 KB and stays open for the last ≈ 0.4 KB: lower the budget as the bundle shrinks, never raise it without a reason.
 */
export const GZIP_BUDGET_BYTES = 16_768;
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
