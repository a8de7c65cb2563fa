import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, gunzipSync, gzipSync, constants } from 'node:zlib';
import { Hono } from 'hono';
import { BridgeError } from '../errors';
import type { BridgeEnv } from '../middleware/types';

interface Cached { mtimeMs: number; size: number; etag: string; raw: Buffer; gzip: Buffer; br: Buffer }

/**
 * The build's own gzip copy (`widget.js.gz`, Zopfli: see vite.config.ts) when it unpacks to exactly `raw`; zlib's
 * level 9 otherwise (no copy, or one left over from another build).
 */
async function gzipOf(file: string, raw: Buffer): Promise<Buffer> {
  const built = await readFile(`${file}.gz`).catch(() => null);
  try {
    if (built && gunzipSync(built).equals(raw)) return built;
  } catch {
    // A damaged copy: compress here instead.
  }
  return gzipSync(raw, { level: 9 });
}

/**
 * Loads the widget file, compressed once in memory; reloaded when its mtime or size changes (a rebuild).
 * Stats the file at most once a second.
 */
export function createWidgetCache(file: string) {
  let cached: Cached | null = null;
  let checkedAt = 0;
  return async function load(): Promise<Cached | null> {
    const now = Date.now();
    if (cached && now - checkedAt < 1000) return cached;
    checkedAt = now;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return (cached = null);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const raw = await readFile(file);
    cached = {
      mtimeMs: info.mtimeMs, size: info.size, raw,
      etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
      gzip: await gzipOf(file, raw),
      br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    };
    return cached;
  };
}

/** `GET /widget.js`: the built widget with ETag/304, caching and gzip/brotli; 503 JSON when not built. */
export function widgetRoutes(options: { file: string }) {
  const load = createWidgetCache(options.file);
  return new Hono<BridgeEnv>().get('/', async (c) => {
    const w = await load();
    if (!w) throw new BridgeError('widget_not_built', 'The widget is not built yet; run `npm run build`.');
    const headers: Record<string, string> = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      ETag: w.etag,
      Vary: 'Accept-Encoding',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(w.etag)) return c.body(null, 304, headers);
    const accept = c.req.header('accept-encoding') ?? '';
    const pick = /\bbr\b/.test(accept) ? { enc: 'br', body: w.br } : /\bgzip\b/.test(accept) ? { enc: 'gzip', body: w.gzip } : null;
    if (pick) headers['Content-Encoding'] = pick.enc;
    const body = pick ? pick.body : w.raw;
    headers['Content-Length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  });
}
