import { gzipAsync } from '@gfx/zopfli';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

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
    const source = await gzipAsync(Buffer.from(js.code), { numiterations: 15 });
    this.emitFile({ type: 'asset', fileName: 'widget.js.gz', source });
  },
});

/**
 * One config for the widget build and for every Vitest project.
 * `vite build` emits exactly one self-contained IIFE, `dist/widget.js`: CSS is imported with `?inline`
 * into the shadow root, so there is no CSS asset and no chunk; beside it, its gzip copy `dist/widget.js.gz`.
 */
export default defineConfig({
  plugins: [zopfliGzip()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  // Classic JSX calls preact's `h`, which the bundle needs anyway, instead of adding preact/jsx-runtime.
  oxc: { jsx: { runtime: 'classic', pragma: 'jsxH', pragmaFrag: 'jsxF' }, jsxInject: `import { h as jsxH, Fragment as jsxF } from 'preact'` },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Evergreen browsers of the last two years: no syntax lowering, and CSS `light-dark()` kept as written.
    target: 'es2022',
    cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: true,
    // Chromium 136+ compiles every function of the file eagerly, on a background thread while it streams in, instead
    // of lazily on the main thread at first call (V8's explicit compile hints): the host-cost bench measured ≈ 4–5 ms
    // less main-thread script time per page load. Other browsers ignore the comment. It goes after minification.
    rollupOptions: { output: { postBanner: '//# allFunctionsCalledOnLoad' } },
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
          include: ['bridge-server/**/*.test.ts', 'demo/**/*.test.ts', 'scripts/**/*.test.ts'],
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
});
