import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync, constants } from 'node:zlib';
import { Hono, type Context } from 'hono';
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

type Load = ReturnType<typeof createWidgetCache>;

/** Answers with a loaded file: ETag/304, gzip or brotli by Accept-Encoding, and `cacheControl`. */
function answer(c: Context<BridgeEnv>, w: Cached, cacheControl: string, type = 'text/javascript'): Response {
  const headers: Record<string, string> = {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': cacheControl,
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
}

/**
 * `GET /widget.js`: the loader, with ETag/304, gzip/brotli, and a short cache (5 minutes), so a deploy reaches every
 * page soon; 503 JSON when not built.
 */
export function widgetRoutes(options: { file: string }) {
  const load = createWidgetCache(options.file);
  return new Hono<BridgeEnv>().get('/', async (c) => {
    const w = await load();
    if (!w) throw new BridgeError('widget_not_built', 'The widget is not built yet; run `npm run build`.');
    return answer(c, w, 'public, max-age=300');
  });
}

/**
 * The chat file's name as the build makes it (vite.config.ts): `chat.` and 10 hex digits of its content's hash; and
 * its UI tables of other languages than English, `chat-i18n.<lang>.<hash>.json` (round 2).
 */
const CHAT_FILE = /^chat\.[\da-f]{10}\.js$|^chat-i18n\.[a-z]{2,3}\.[\da-f]{10}\.json$/;

/**
 * `GET /chat.<hash>.js`: the chat file that widget.js fetches on intent (issue 14), from `dir` (beside widget.js), and
 * `GET /chat-i18n.<lang>.<hash>.json`, a language's UI table that the chat fetches (JSON, CORS like the chat file).
 * Each name changes with its content, so it is cached for a year, `immutable`; ETag and gzip/brotli as widget.js.
 * A name no build made here (another deploy's, or a made-up one) is a 404 `not_found` that is never cached, so the
 * file is found once it is there.
 */
export function chatRoutes(options: { dir: string }) {
  // One cache per file that exists: a name is only kept once its file was found, so probing names costs nothing.
  const loads = new Map<string, Load>();
  return new Hono<BridgeEnv>().get('/:file{chat[.-][^/]+}', async (c) => {
    const name = c.req.param('file');
    const load = loads.get(name) ?? createWidgetCache(join(options.dir, name));
    const w = CHAT_FILE.test(name) ? await load() : null;
    if (!w) {
      loads.delete(name);
      c.header('Cache-Control', 'no-store');
      throw new BridgeError('not_found', `No chat file ${name} here: it may belong to another deploy of the widget. Reload the page.`);
    }
    // A deploy replaces the files: keep the caches of the few latest names only.
    if (!loads.has(name) && loads.size >= 4) loads.clear();
    loads.set(name, load);
    return answer(c, w, 'public, max-age=31536000, immutable', name.endsWith('.json') ? 'application/json' : undefined);
  });
}
