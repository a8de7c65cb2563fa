import { defineConfig } from 'vitest/config';

/**
 * One config for the widget build and for every Vitest project.
 * `vite build` emits exactly one self-contained IIFE, `dist/widget.js`: CSS is imported with `?inline`
 * into the shadow root, so there is no CSS asset and no chunk.
 */
export default defineConfig({
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
    lib: {
      entry: 'widget/src/index.ts',
      formats: ['iife'],
      name: 'ParleyWidget',
      fileName: () => 'widget.js',
    },
  },
  test: {
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
