/**
 * Size bench: dist/widget.js raw, gzip and brotli, beside the standalone embed bundles of other chat widgets fetched
 * with `npm pack` at bench time into bench/.cache/ (gitignored).
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
  /** gzip size divided by widget.js's gzip size (1 for widget.js itself). */
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
  // What GET /widget.js sends: the build's Zopfli gzip copy (see vite.config.ts), picked as the bridge picks it.
  const served = (await createWidgetCache(widgetFile)())!;
  const rows: SizeRow[] = [{ name: 'parley widget.js', version: parleyVersion, files: ['dist/widget.js'], ...widget, ratio: 1 }];
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
        ratio: Math.round((s.gzip / widget.gzip) * 10) / 10,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      skipped.push({ pkg: `${c.pkg} ${c.file}`, reason });
    }
  }

  printTable(
    'Bundle size (KB = 1024 bytes; gzip -9, brotli q11; ratio = their gzip / widget.js gzip)',
    ['bundle', 'version', 'files', 'raw KB', 'gzip KB', 'brotli KB', 'ratio'],
    rows.map((r) => [r.name, r.version, r.files.length, kb(r.raw), kb(r.gzip), kb(r.brotli), r.ratio]),
  );
  for (const s of skipped) console.log(`skipped ${s.pkg}: ${s.reason}`);
  const others = rows.slice(1);
  const minRatio = others.length ? Math.min(...others.map((r) => r.ratio)) : null;
  const servedGzip = served.gzip.length;
  const goal = { gzipUnder16KB: servedGzip < 16 * 1024, tenTimesSmallerThanAll: minRatio !== null && minRatio > 10 };
  console.log(
    `widget.js as GET /widget.js serves it: gzip ${kb(servedGzip)} KB (${servedGzip} B, Zopfli), brotli ` +
      `${kb(served.br.length)} KB; gzip -9 ${kb(widget.gzip)} KB (the ratios use gzip -9 on every row)`,
  );
  console.log(
    `widget.js served gzip ${kb(servedGzip)} KB (goal < 16 KB: ${goal.gzipUnder16KB ? 'met' : 'NOT met'}); ` +
      `smallest ratio ${minRatio ?? '–'}× (goal > 10×: ${goal.tenTimesSmallerThanAll ? 'met' : 'NOT met'})`,
  );
  console.log(`wrote ${writeResult('size', { rows, served: { gzip: servedGzip, brotli: served.br.length }, skipped, goal })}`);
  return rows;
}
