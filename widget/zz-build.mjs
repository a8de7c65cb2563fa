import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const entry = process.argv[2];
await build({ logLevel: 'silent', build: { outDir: '/tmp/vt/out', emptyOutDir: true, lib: { entry, formats: ['iife'], name: 'X', fileName: () => 'x.js' } } });
const c = readFileSync('/tmp/vt/out/x.js');
console.log(entry, 'raw', c.length, 'gzip', gzipSync(c, { level: 9 }).length);
