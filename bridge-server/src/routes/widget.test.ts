import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorHandler } from '../middleware/errorHandler';
import type { BridgeEnv } from '../middleware/types';
import { chatRoutes, createWidgetCache, widgetRoutes } from './widget';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function widgetFile(content: string) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  dirs.push(dir);
  const file = join(dir, 'widget.js');
  writeFileSync(file, content);
  return file;
}

function app(file: string) {
  const a = new Hono<BridgeEnv>();
  a.onError(errorHandler());
  a.route('/widget.js', widgetRoutes({ file }));
  a.route('/', chatRoutes({ dir: dirname(file) }));
  return a;
}

const SOURCE = `console.log(${JSON.stringify('parley '.repeat(400))});`;

describe('GET /widget.js', () => {
  it('picks brotli over gzip over identity from Accept-Encoding', async () => {
    const a = app(widgetFile(SOURCE));
    const br = await a.request('/widget.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(SOURCE);
    const gz = await a.request('/widget.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(SOURCE);
    const plain = await a.request('/widget.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SOURCE);
    expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength(SOURCE)));
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(plain.headers.get('cache-control')).toMatch(/max-age=/);
  });

  it('answers 304 to a matching (or weak) If-None-Match, and 200 to another', async () => {
    const a = app(widgetFile(SOURCE));
    const etag = (await a.request('/widget.js')).headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await a.request('/widget.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await a.request('/widget.js', { headers: { 'if-none-match': `"x", W/${etag}` } })).status).toBe(304);
    expect((await a.request('/widget.js', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('answers 503 widget_not_built when the file is missing', async () => {
    const res = await app(join(tmpdir(), 'parley-no-such-dir', 'widget.js')).request('/widget.js');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('widget_not_built');
  });
});

describe('createWidgetCache', () => {
  it("serves the build's widget.js.gz as is when it unpacks to widget.js, and compresses itself when not", async () => {
    const file = widgetFile(SOURCE);
    // Level 1 and level 9 differ in bytes, so which one was served is visible.
    const built = gzipSync(SOURCE, { level: 1 });
    writeFileSync(`${file}.gz`, built);
    expect((await createWidgetCache(file)())?.gzip.equals(built)).toBe(true);

    writeFileSync(`${file}.gz`, gzipSync('old(); // another build', { level: 1 }));
    const stale = (await createWidgetCache(file)())!.gzip;
    expect(gunzipSync(stale).toString()).toBe(SOURCE);

    writeFileSync(`${file}.gz`, 'not gzip at all');
    expect(gunzipSync((await createWidgetCache(file)())!.gzip).toString()).toBe(SOURCE);
  });

  it('reloads after a rebuild, stat-ing at most once a second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const file = widgetFile('one();');
    const load = createWidgetCache(file);
    const first = await load();
    writeFileSync(file, 'two(); // rebuilt');
    utimesSync(file, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));
    expect((await load())?.etag).toBe(first?.etag);
    vi.setSystemTime(Date.now() + 1_500);
    const second = await load();
    expect(second?.raw.toString()).toBe('two(); // rebuilt');
    expect(second?.etag).not.toBe(first?.etag);
    expect(await load()).toBe(second);
  });
});

describe('GET /chat.<hash>.js', () => {
  const CHAT = 'chat.0123456789.js';
  const CHAT_SOURCE = `(function(){${'render(); '.repeat(300)}})();`;
  function withChat() {
    const file = widgetFile(SOURCE);
    writeFileSync(join(dirname(file), CHAT), CHAT_SOURCE);
    // As the build writes it: its own gzip copy, served as is (level 1, so it is told apart from the bridge's level 9).
    writeFileSync(join(dirname(file), `${CHAT}.gz`), gzipSync(CHAT_SOURCE, { level: 1 }));
    return app(file);
  }

  it('serves the chat file immutable for a year, as gzip (the build copy) or brotli, with an ETag', async () => {
    const a = withChat();
    const gz = await a.request(`/${CHAT}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gz.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const body = Buffer.from(await gz.arrayBuffer());
    expect(body.equals(gzipSync(CHAT_SOURCE, { level: 1 }))).toBe(true);
    const br = await a.request(`/${CHAT}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(CHAT_SOURCE);
    const etag = br.headers.get('etag')!;
    expect((await a.request(`/${CHAT}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // widget.js itself stays short-cached, so a deploy reaches pages within minutes.
    expect((await a.request('/widget.js')).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('answers 404 not_found, never cached, for a hash it does not have or a name the build never makes', async () => {
    const a = withChat();
    for (const path of ['/chat.ffffffffff.js', '/chat.0123456789.js.gz', '/chat..%2Fwidget.js', '/chat.0123456789.jsx']) {
      const res = await a.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('not_found');
      expect(error.message).toMatch(/another deploy/);
    }
  });
});

describe('GET /chat-i18n.<lang>.<hash>.json', () => {
  const TABLE = 'chat-i18n.fr.0123456789.json';
  const JSON_TABLE = JSON.stringify('Ouvrir le chat|Fermer le chat|Message|Envoyer');
  function withTable() {
    const file = widgetFile(SOURCE);
    writeFileSync(join(dirname(file), TABLE), JSON_TABLE);
    return app(file);
  }

  it('serves a language table as JSON, immutable for a year, compressed, readable cross-origin', async () => {
    const a = withTable();
    const res = await a.request(`/${TABLE}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString())).toBe('Ouvrir le chat|Fermer le chat|Message|Envoyer');
  });

  it('answers 404 not_found, never cached, for a table it does not have or a name the build never makes', async () => {
    const a = withTable();
    for (const path of ['/chat-i18n.fr.ffffffffff.json', '/chat-i18n.fr.0123456789.js', '/chat-i18n.FR.0123456789.json', '/chat-x.fr.0123456789.json']) {
      const res = await a.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});
