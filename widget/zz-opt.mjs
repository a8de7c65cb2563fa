import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const variants = {
  base: {},
  esnext: { build: { target: 'esnext' } },
  es2023: { build: { target: 'es2023' } },
  minifyObj: { build: { rolldownOptions: { output: { minify: { compress: { target: 'esnext' }, mangle: { toplevel: true }, codegen: { removeWhitespace: true } } } } } },
};
for (const [name, cfg] of Object.entries(variants)) {
  try {
    await build({ logLevel: 'silent', ...cfg, build: { outDir: '/tmp/vt/o-' + name, emptyOutDir: true, ...(cfg.build ?? {}) } });
    const c = readFileSync('/tmp/vt/o-' + name + '/widget.js');
    console.log(name, c.length, gzipSync(c, { level: 9 }).length);
  } catch (e) { console.log(name, 'ERR', e.message.slice(0, 200)); }
}
