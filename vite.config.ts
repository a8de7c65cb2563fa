import { createHash } from 'node:crypto';
import { gzipAsync } from '@gfx/zopfli';
import { minify } from 'terser';
import { build, type Plugin, type Rolldown } from 'vite';
import { defineConfig } from 'vitest/config';
import { tables } from './widget/src/i18n/tables';

/** Zopfli's gzip of a built file: what the bridge serves as is (see routes/widget.ts). */
const zopfli = (code: string): Promise<Uint8Array> => gzipAsync(Buffer.from(code), { numiterations: 15 });

// Shared by both files: production Preact, and classic JSX calling preact's `h` (which the chat needs anyway)
// instead of adding preact/jsx-runtime.
const define = { 'process.env.NODE_ENV': JSON.stringify('production') };
const oxc = { jsx: { runtime: 'classic', pragma: 'jsxH', pragmaFrag: 'jsxF' }, jsxInject: `import { h as jsxH, Fragment as jsxF } from 'preact'` } as const;
// Evergreen browsers of the last two years: no syntax lowering, and CSS `light-dark()` kept as written.
const target = 'es2022';
const cssTarget = ['chrome123', 'edge123', 'firefox120', 'safari17.5'];
// Chromium 136+ compiles every function of a file eagerly, on a background thread while it streams in, instead of
// lazily on the main thread at first call (V8's explicit compile hints): the host-cost bench measured ≈ 4–5 ms less
// main-thread script time per page load. Other browsers ignore the comment. It goes after minification.
const postBanner = '//# allFunctionsCalledOnLoad';
/**
 * terser 5 (three passes) over oxc's minified output: ≈ 160 B gzip less on the chat and ≈ 50 B on the loader than
 * oxc alone (and than Vite's `minify: 'terser'` in oxc's place, which saved ≈ 45 B), which issue 14's 5 KB / 24 KB
 * targets needed. The V8 compile-hint banner is kept.
 */
const terse = async (code: string): Promise<string> =>
  (await minify(code, { compress: { passes: 3, ecma: 2020 }, mangle: true, format: { comments: /allFunctionsCalledOnLoad/ } })).code ?? code;

/** The name of the chat's table for a language other than English: content-hashed like the chat file. */
const tableName = (lang: string, json: string) => `chat-i18n.${lang}.${createHash('sha256').update(json).digest('hex').slice(0, 10)}.json`;
/** The tables the chat fetches (i18n/load.ts), as JSON strings by file name. */
const tableFiles = Object.entries(tables).filter(([lang]) => lang != 'en').map(([lang, table]) => {
  const json = JSON.stringify(table);
  return { lang, fileName: tableName(lang, json), json };
});

/** `virtual:parley-i18n`: the tables' file names by language in a build, none under Vitest (English only). */
const i18nFiles = (names: boolean): Plugin => ({
  name: 'parley:i18n-files',
  resolveId: (id) => (id === 'virtual:parley-i18n' ? '\0parley-i18n' : null),
  load: (id) => (id === '\0parley-i18n' ? `export default ${JSON.stringify(names ? Object.fromEntries(tableFiles.map((f) => [f.lang, f.fileName])) : {})}` : null),
});

/**
 * The chat file (issue 14): `widget/src/chat/index.ts` built on its own as an IIFE, named by a hash of its content
 * (`chat.<10 hex>.js`), so the bridge can serve it `immutable`. Built in memory, once per `vite build`, before the
 * loader, which imports the name as `virtual:parley-chat` and emits the file (and its Zopfli copy) beside itself.
 * Under Vitest (no build) the name is `chat.dev.js`.
 */
const chatFile = (): Plugin => {
  let building = false;
  let chat: Promise<{ fileName: string; code: string }> | undefined;
  const buildChat = async () => {
    const out = await build({
      configFile: false,
      logLevel: 'warn',
      plugins: [i18nFiles(true)],
      define,
      oxc,
      build: {
        write: false,
        target,
        cssTarget,
        sourcemap: false,
        rollupOptions: { output: { postBanner } },
        lib: { entry: 'widget/src/chat/index.ts', formats: ['iife'], name: 'ParleyChat', fileName: () => 'chat.js' },
      },
    });
    const chunk = (Array.isArray(out) ? out[0] : (out as Rolldown.RolldownOutput))?.output.find((o) => o.type === 'chunk');
    if (!chunk) throw new Error('the chat build emitted no chunk');
    const code = await terse(chunk.code);
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
    return { fileName: `chat.${hash}.js`, code };
  };
  return {
    name: 'parley:chat-file',
    configResolved(config) {
      building = config.command === 'build';
    },
    resolveId: (id) => (id === 'virtual:parley-chat' ? '\0parley-chat' : null),
    async load(id) {
      if (id !== '\0parley-chat') return null;
      if (!building) return 'export default "chat.dev.js"';
      const { fileName } = await (chat ??= buildChat());
      return `export default ${JSON.stringify(fileName)}`;
    },
    async generateBundle() {
      if (!chat) return;
      const { fileName, code } = await chat;
      chat = undefined;
      this.emitFile({ type: 'asset', fileName, source: code });
      this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: await zopfli(code) });
      for (const table of tableFiles) this.emitFile({ type: 'asset', fileName: table.fileName, source: table.json });
    },
  };
};

/**
 * Writes `widget.js.gz` beside the bundle: Zopfli's gzip, ≈ 4 % smaller than zlib's level 9 and still plain gzip to
 * every client. The bridge serves it as is (routes/widget.ts checks that it unpacks to this very widget.js), so its
 * ≈ 0.6 s of CPU is spent here once per build, not in the bridge.
 */
const zopfliGzip = (): Plugin => ({
  name: 'parley:zopfli-gzip',
  apply: 'build',
  async generateBundle(_, bundle) {
    const js = bundle['widget.js'];
    if (js?.type !== 'chunk') return;
    js.code = await terse(js.code);
    this.emitFile({ type: 'asset', fileName: 'widget.js.gz', source: await zopfli(js.code) });
  },
});

/**
 * One config for the widget build and for every Vitest project.
 * `vite build` emits two self-contained IIFEs (issue 14): the loader `dist/widget.js`, and the chat
 * `dist/chat.<hash>.js` it fetches on intent; each with its gzip copy. CSS is imported with `?inline` into the
 * shadow root, so there is no CSS asset and no shared chunk.
 */
export default defineConfig(({ command }) => ({
  plugins: [chatFile(), zopfliGzip(), i18nFiles(false)],
  define,
  // The loader has no JSX; under a build, oxc would inject the `h` import into every module (.ts too), and preact
  // with it. Vitest renders components, so it gets the JSX settings.
  oxc: command === 'build' ? { jsx: oxc.jsx } : oxc,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target,
    cssTarget,
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: true,
    rollupOptions: { output: { postBanner } },
    lib: {
      entry: 'widget/src/index.ts',
      formats: ['iife'],
      name: 'ParleyWidget',
      fileName: () => 'widget.js',
    },
  },
  test: {
    // A `.only` left in a test would silently skip the rest of its file: fail the run everywhere, not only in CI.
    allowOnly: false,
    reporters: ['default', 'json'],
    // The npm scripts point this at test-results/unit.json and integration.json for the closing summary.
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit:widget',
          include: ['widget/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.*', 'node_modules/**'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'unit:node',
          include: ['bridge-server/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/lib/**/*.test.ts'],
          exclude: ['**/*.int.test.*', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.{ts,tsx}'],
          exclude: ['node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
}));
