/**
 * Size bench: Parley's two files (issue 14: the loader dist/widget.js that every page view loads, and the chat file
 * it fetches on intent) and their sum, raw, gzip and brotli, beside the standalone embed bundles of other chat
 * widgets fetched with `npm pack` at bench time into bench/.cache/ (gitignored). Ratios are against the first load.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createWidgetCache } from '../bridge-server/src/routes/widget';
import { packPackage, staticImportClosure } from './lib/pack';
import { kb, printMachine, printTable, writeResult } from './lib/report';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');

/** One bundle to measure in an npm package. */
interface Competitor {
  pkg: string;
  file: string;
  /** Also count the files the entry imports statically (ESM bundles split into chunks). */
  followImports?: boolean;
}

const COMPETITORS: Competitor[] = [
  { pkg: 'rasa-webchat', file: 'lib/index.js' },
  { pkg: '@typebot.io/js', file: 'dist/web.js' },
  { pkg: 'botframework-webchat', file: 'dist/webchat.js' },
  { pkg: 'botframework-webchat', file: 'dist/webchat-minimal.js' },
  { pkg: 'flowise-embed', file: 'dist/web.js' },
  // The CDN build its README embeds; it imports two chunks statically, counted too (icons/emoji load lazily).
  { pkg: '@n8n/chat', file: 'dist/chat.bundle.es.js', followImports: true },
];

/** Sizes of one bundle, in bytes. */
export interface SizeRow {
  name: string;
  version: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  /** gzip size divided by the first load's (widget.js) gzip size (1 for widget.js itself). */
  ratio: number;
}

function sizes(files: string[]): { raw: number; gzip: number; brotli: number } {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    raw += buf.length;
    // Each file compressed on its own, as a server sends it: gzip -9 and brotli quality 11.
    gzip += gzipSync(buf, { level: 9 }).length;
    brotli += brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length;
  }
  return { raw, gzip, brotli };
}

/** Runs the size bench; prints a table and writes bench/results/size.json. */
export async function run(): Promise<SizeRow[]> {
  printMachine();
  const widgetFile = path.join(ROOT, 'dist', 'widget.js');
  if (!existsSync(widgetFile)) throw new Error('dist/widget.js is missing: run `npm run build` first');
  const parleyVersion = String((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version);
  const widget = sizes([widgetFile]);
  // The chat file widget.js names, beside it.
  const chatName = /chat\.[\da-f]{10}\.js/.exec(readFileSync(widgetFile, 'utf8'))?.[0];
  const chatFile = chatName && path.join(ROOT, 'dist', chatName);
  if (!chatFile || !existsSync(chatFile)) throw new Error('dist/widget.js names no chat file beside it: run `npm run build` first');
  const chat = sizes([chatFile]);
  const both = { raw: widget.raw + chat.raw, gzip: widget.gzip + chat.gzip, brotli: widget.brotli + chat.brotli };
  // What GET /widget.js and GET /chat.<hash>.js send: the build's Zopfli gzip copies (see vite.config.ts), picked
  // as the bridge picks them.
  const served = (await createWidgetCache(widgetFile)())!;
  const servedChat = (await createWidgetCache(chatFile)())!;
  const ratioOf = (gzip: number): number => Math.round((gzip / widget.gzip) * 10) / 10;
  const rows: SizeRow[] = [
    { name: 'parley widget.js (first load: loader + launcher)', version: parleyVersion, files: ['dist/widget.js'], ...widget, ratio: 1 },
    { name: `parley ${chatName} (on intent: the chat)`, version: parleyVersion, files: [`dist/${chatName}`], ...chat, ratio: ratioOf(chat.gzip) },
    { name: 'parley both', version: parleyVersion, files: ['dist/widget.js', `dist/${chatName}`], ...both, ratio: ratioOf(both.gzip) },
  ];
  const ours = rows.length;
  const skipped: { pkg: string; reason: string }[] = [];

  const packs = new Map<string, ReturnType<typeof packPackage>>();
  for (const c of COMPETITORS) {
    if (!packs.has(c.pkg)) packs.set(c.pkg, packPackage(c.pkg, CACHE));
  }
  for (const c of COMPETITORS) {
    try {
      const packed = await packs.get(c.pkg);
      if (!packed) throw new Error('not packed');
      const entry = path.join(packed.dir, c.file);
      if (!existsSync(entry)) throw new Error(`${c.file} is not in ${packed.name}@${packed.version}`);
      const files = c.followImports ? staticImportClosure(entry) : [entry];
      const s = sizes(files);
      rows.push({
        name: `${c.pkg} ${c.file}${packed.fromCache ? ' (cached tarball)' : ''}`,
        version: packed.version,
        files: files.map((f) => path.relative(packed.dir, f)),
        ...s,
        ratio: ratioOf(s.gzip),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      skipped.push({ pkg: `${c.pkg} ${c.file}`, reason });
    }
  }

  printTable(
    'Bundle size (KB = 1024 bytes; gzip -9, brotli q11; ratio = their gzip / widget.js gzip, the first load)',
    ['bundle', 'version', 'files', 'raw KB', 'gzip KB', 'brotli KB', 'ratio'],
    rows.map((r) => [r.name, r.version, r.files.length, kb(r.raw), kb(r.gzip), kb(r.brotli), r.ratio]),
  );
  for (const s of skipped) console.log(`skipped ${s.pkg}: ${s.reason}`);
  const others = rows.slice(ours);
  const minRatio = others.length ? Math.min(...others.map((r) => r.ratio)) : null;
  const typebot = others.find((r) => r.name.startsWith('@typebot.io/js'));
  const firstLoad = served.gzip.length;
  const total = firstLoad + servedChat.gzip.length;
  // Issue 14's goals, and issue 5's as first set (everything within 16 KB; 10× under every other widget), all kept.
  const verdicts = {
    firstLoadAtMost5KB: { goal: 'issue 14: GET /widget.js served gzip ≤ 5,120 B', bytes: firstLoad, met: firstLoad <= 5 * 1024 },
    bothAtMost24KB: { goal: 'issue 14: widget.js + chat file served gzip ≤ 24,576 B', bytes: total, met: total <= 24 * 1024 },
    typebot35x: { goal: 'issue 14: first load ≥ 35× under Typebot (gzip -9)', ratio: typebot?.ratio ?? null, met: (typebot?.ratio ?? 0) >= 35 },
    wholeChatUnder16KB: { goal: 'issue 5: the whole chat (both files) served gzip < 16 KB', bytes: total, met: total < 16 * 1024 },
    tenTimesSmallerThanAll: { goal: 'issue 5: 10× under every other widget (first load)', ratio: minRatio, met: minRatio !== null && minRatio > 10 },
  };
  const say = (met: boolean): string => (met ? 'met' : 'NOT met');
  console.log(
    `as the bridge serves them: GET /widget.js gzip ${firstLoad} B (Zopfli), brotli ${served.br.length} B; ` +
      `GET /${chatName} gzip ${servedChat.gzip.length} B, brotli ${servedChat.br.length} B; both gzip ${total} B ` +
      `(the ratios use gzip -9 on every row)`,
  );
  console.log(
    `first load ${firstLoad} B (goal ≤ 5,120 B: ${say(verdicts.firstLoadAtMost5KB.met)}); both ${total} B (goal ≤ 24,576 B: ` +
      `${say(verdicts.bothAtMost24KB.met)}; issue 5's < 16 KB for the whole chat: ${say(verdicts.wholeChatUnder16KB.met)}); ` +
      `${typebot?.ratio ?? '–'}× under Typebot (goal ≥ 35×: ${say(verdicts.typebot35x.met)}); smallest ratio ${minRatio ?? '–'}× ` +
      `(goal > 10×: ${say(verdicts.tenTimesSmallerThanAll.met)})`,
  );
  const goal = Object.fromEntries(Object.entries(verdicts).map(([k, v]) => [k, v.met]));
  const servedJson = { gzip: firstLoad, brotli: served.br.length, chat: { name: chatName, gzip: servedChat.gzip.length, brotli: servedChat.br.length }, total };
  console.log(`wrote ${writeResult('size', { rows, served: servedJson, skipped, verdicts, goal })}`);
  return rows;
}
