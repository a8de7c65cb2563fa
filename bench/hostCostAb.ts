/**
 * A/B of widget.js builds in one run (issue 14's follow-up): `npx tsx bench/hostCostAb.ts before.js after.js …`
 * loads a plain page with each build's tag and with a one-line control script, interleaved round by round (the
 * order reversed every other round), in fresh headless Chromium contexts, cold, 1 s of settling each. Per round, a
 * build's own cost is its renderer main-thread TaskDuration (CPU, threadTicks) minus the mean of the two control
 * loads around it; printed: the median and q1–q3 of each build's own cost, and of each build's per-round difference
 * to the first. On a shared machine the absolute numbers swing with its load; the paired differences are what to
 * quote. `N` rounds (default 12, after 2 warm-up rounds). Only the loader is measured: no chat file is served.
 * Two built-in scripts stand in for a file, to read the others against floors measured in the same run:
 * `@reference`, the host-cost bench's minimal hand-written launcher (`MINIMAL_LAUNCHER_JS`), and `@empty-host`, a
 * host element with an empty shadow root and nothing else (`EMPTY_HOST_JS`).
 * @example N=20 npx tsx bench/hostCostAb.ts @reference @empty-host dist/widget.js
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../e2e/browser';
import { EMPTY_HOST_JS, MINIMAL_LAUNCHER_JS } from './lib/hostPage';

const files = process.argv.slice(2);
const N = Number(process.env.N ?? 12);
/** The page's text (the host-cost page's, shortened). */
const P = 'This is a plain host page: some text, no framework, no images. It stands in for a help-center article.';
const page = (s: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title><link rel="icon" href="data:,"><style>body{font:16px/1.5 system-ui;max-width:40rem;margin:2rem auto}</style></head><body><main><h1>Plain</h1>${Array(8).fill(`<p>${P}</p>`).join('')}</main><script>document.documentElement.dataset.ready='1'</script><script async src="${s}"></script></body></html>`;
const scripts = new Map<string, Buffer>([['/control.js', gzipSync("document.documentElement.dataset.control='1';\n")]]);
const BUILT_IN: Record<string, Buffer> = { '@reference': MINIMAL_LAUNCHER_JS, '@empty-host': EMPTY_HOST_JS };
files.forEach((f, i) => scripts.set(`/w${i}/widget.js`, gzipSync(BUILT_IN[f] ?? readFileSync(f), { level: 9 })));
const server = http.createServer((req, res) => {
  const u = new URL(req.url!, 'http://x').pathname;
  res.setHeader('cache-control', 'no-store');
  if (u.startsWith('/page')) { res.writeHead(200, { 'content-type': 'text/html' }); return res.end(page(new URL(req.url!, 'http://x').searchParams.get('s')!)); }
  const s = scripts.get(u);
  if (s) { res.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip' }); return res.end(s); }
  res.writeHead(404); res.end();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS, headless: true });
async function task(src: string, name = src): Promise<{ task: number; script: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  // A script that throws would look cheap: it stops the run instead.
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(p);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await p.goto(`${base}/page?s=${encodeURIComponent(src)}`, { waitUntil: 'load' });
  await p.waitForTimeout(1000);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await context.close();
  if (errors.length) throw new Error(`${name} threw on the page: ${errors.join('; ')}`);
  const m = (n: string) => (metrics.find((x) => x.name === n)?.value ?? 0) * 1000;
  return { task: m('TaskDuration'), script: m('ScriptDuration') };
}
const own: number[][] = files.map(() => []);
const ownS: number[][] = files.map(() => []);
for (let r = 0; r < N + 2; r++) {
  const order = [...files.keys()];
  if (r % 2) order.reverse();
  const c1 = await task('/control.js');
  const got: { task: number; script: number }[] = [];
  for (const i of order) got[i] = await task(`/w${i}/widget.js`, files[i]);
  const c2 = await task('/control.js');
  if (r < 2) continue;
  const c = { task: (c1.task + c2.task) / 2, script: (c1.script + c2.script) / 2 };
  files.forEach((_, i) => { own[i]!.push(got[i]!.task - c.task); ownS[i]!.push(got[i]!.script - c.script); });
}
await browser.close(); server.close();
const q = (x: number[], p: number) => { const s = [...x].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
files.forEach((f, i) => console.log(f.padEnd(44), 'own task med', q(own[i]!, 0.5).toFixed(2), `(q1–q3 ${q(own[i]!, 0.25).toFixed(2)}–${q(own[i]!, 0.75).toFixed(2)})`, 'own script med', q(ownS[i]!, 0.5).toFixed(2)));
// paired ratio vs first
files.slice(1).forEach((f, j) => { const d = own[j + 1]!.map((v, k) => v - own[0]![k]!); console.log(`${f} − ${files[0]}: median paired diff ${q(d, 0.5).toFixed(2)} ms (q1–q3 ${q(d, 0.25).toFixed(2)}–${q(d, 0.75).toFixed(2)})`); });
