import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useStack } from './testing/harness';

const startStack = useStack();

describe('operations', () => {
  it('serves the widget with ETag, 304 and compression, and 503 when not built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    const file = join(dir, 'widget.js');
    try {
      const stack = await startStack({}, { widgetFile: file });
      const missing = await stack.api('/widget.js', { origin: null });
      expect(missing.status).toBe(503);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('widget_not_built');
      writeFileSync(file, `console.log(${JSON.stringify('parley '.repeat(500))});`);
      // The file is re-checked at most once a second: ask until the build shows, as a deploy would see it.
      let res = await stack.api('/widget.js', { origin: null, headers: { 'accept-encoding': 'br' } });
      for (const started = Date.now(); res.status === 503 && Date.now() - started < 5_000;) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 50));
        res = await stack.api('/widget.js', { origin: null, headers: { 'accept-encoding': 'br' } });
      }
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(await res.text()).toContain('parley parley');
      const etag = res.headers.get('etag')!;
      const again = await stack.api('/widget.js', { origin: null, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports health and metrics, and tells streams to reconnect on shutdown', async () => {
    const stack = await startStack({}, { metricsToken: 'test-metrics-token-1234' });
    expect((await stack.api('/healthz', { origin: null })).status).toBe(200);
    const token = await stack.newSession();
    const s = stack.stream(token);
    await s.opened;
    await stack.send(token, 'hello');
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'message' && e.event.message.role === 'ai_agent'));
    const metrics = await (await stack.api('/metrics', { origin: null, headers: { authorization: 'Bearer test-metrics-token-1234' } })).text();
    expect(metrics).toMatch(/parley_sse_streams_open 1/);
    expect(metrics).toMatch(/parley_webhooks_total\{outcome="processed"\} [1-9]/);
    expect(metrics).toMatch(/parley_ada_request_duration_seconds_count\{operation="post_message",outcome="ok"\} 1/);
    await stack.restartBridge();
    await s.waitFor((ev) => ev.some((e) => e.event.type === 'reconnect'));
  });

  it('serves /metrics on the widget listener only with METRICS_TOKEN, and on METRICS_PORT apart from it', async () => {
    const open = await startStack();
    const hidden = await open.api('/metrics', { origin: null });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain('parley_');
    await open.close();

    const stack = await startStack({}, { metricsToken: 'test-metrics-token-1234', metricsPort: 0 });
    expect((await stack.api('/metrics', { origin: null })).status).toBe(401);
    expect((await stack.api('/metrics', { origin: null, headers: { authorization: 'Bearer test-metrics-token-12345' } })).status).toBe(401);
    const ok = await stack.api('/metrics', { origin: null, headers: { authorization: 'Bearer test-metrics-token-1234' } });
    expect(await ok.text()).toContain('parley_http_requests_total');
    const url = stack.bridge.metricsUrl!;
    expect(new URL(url).port).not.toBe(String(stack.bridge.port));
    expect((await fetch(url)).status).toBe(401);
    const apart = await fetch(url, { headers: { authorization: 'Bearer test-metrics-token-1234' } });
    expect(apart.status).toBe(200);
    expect(await apart.text()).toContain('parley_sse_streams_open');
    expect((await fetch(url.replace('/metrics', '/v1/sessions'))).status).toBe(404);
  });

  it('exits non-zero with one line per missing setting', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const cwd = mkdtempSync(join(tmpdir(), 'parley-main-'));
    try {
      const err = await run(join(import.meta.dirname, '../../node_modules/.bin/tsx'), [join(import.meta.dirname, 'main.ts')], { env, cwd }).then(() => null, (e: { code: number; stderr: string }) => e);
      expect(err?.code).toBe(1);
      const lines = err!.stderr.trim().split('\n').filter((l) => l.startsWith('[parley]'));
      expect(lines).toEqual([
        '[parley] ADA_BASE_URL: missing (required)', '[parley] ADA_API_KEY: missing (required)',
        '[parley] ADA_WEBHOOK_SECRET: missing (required)', '[parley] ALLOWED_ORIGINS: missing (required)',
      ]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
