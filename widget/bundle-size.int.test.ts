import { gzipSync, brotliCompressSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { createWidgetCache } from '../bridge-server/src/routes/widget';

/**
 * The widget's whole weight on a host page. Two checks:
 * - what visitors download: the gzip `GET /widget.js` answers with (the build's Zopfli copy, 16,383 B) must stay
 *   within issue 5's 16 KB; brotli, which current browsers ask for over HTTPS, is ≈ 15.3 KB;
 * - a ratchet on zlib's gzip -9 of the same file (17,048 B, 41.7 KB raw), so code growth fails here whatever the
 *   compressor. Raised with a reason twice: 64 B for the compile-hint comment (see vite.config.ts), and 256 B for
 *   the static launcher (≈ 270 B) that lets a page load without rendering Preact, creating the controller or reading
 *   storage (createParley.ts; ≈ 30 % less main-thread time on the host page, bench/host-cost, issue 7).
 * What removing each part would save, gzip: preact 11 ≈ 4.3 KB, @preact/signals-core ≈ 1.5 KB, the CSS of
 * widget.css + panel.css ≈ 1.8 KB, the strings of the five languages ≈ 1.5 KB (Arabic alone ≈ 0.4 KB), our own code
 * ≈ 6.6 KB (the controller ≈ 1.3 KB, then createParley, the SSE parser, options, markdown and the store ≈ 0.5–0.6 KB
 * each); the parts share ≈ 1 KB of matches. Lower the budget as the bundle shrinks, never raise it without a reason.
 */
// Raised by 3,456 B for issue 16 (the visitor's chat as polished as Intercom's: timestamps, author groups, AI Agent
// identity, empty state, transcript download, route metadata, unread title and chime, the stalled notice, eight new
// strings in five languages and their CSS). Issue 16 lands with issue 14's split, which moves all of it into the lazily
// loaded chat file; until then the served file is over issue 5's 16 KB (the test below says so).
export const GZIP_BUDGET_BYTES = 20_544;
/** Issue 5's size target for what visitors download. */
export const GZIP_TARGET_BYTES = 16 * 1024;

describe('widget bundle', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-build-'));
  let code = '';

  beforeAll(async () => {
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    code = readFileSync(join(outDir, 'widget.js'), 'utf8');
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is one file, widget.js (and its gzip copy), with no CSS asset or chunk', () => {
    expect(readdirSync(outDir).sort()).toEqual(['widget.js', 'widget.js.gz']);
  });

  it('reaches visitors within 16 KB gzip, as the bridge serves it', async () => {
    const served = await createWidgetCache(join(outDir, 'widget.js'))();
    const gzip = served!.gzip.length;
    console.log(`[size] GET /widget.js: gzip ${gzip} B (Zopfli), brotli ${served!.br.length} B (target ${GZIP_TARGET_BYTES} B gzip)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_TARGET_BYTES);
  });

  it('stays within the gzip -9 ratchet', () => {
    const raw = Buffer.byteLength(code);
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code).length;
    console.log(`[size] widget.js raw ${raw} B, gzip ${gzip} B, brotli ${brotli} B (gzip -9 budget ${GZIP_BUDGET_BYTES} B)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it('uses no eval or new Function, so a strict CSP can load it', () => {
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/new\s+Function\s*\(/);
  });
});
