// Writes .gz and .br next to the embed files, so the server sends them as they are
// instead of compressing 140 kB on every request.
import {readFileSync, writeFileSync} from 'node:fs';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';

for (const file of ['dist/colloquy.js', 'dist/colloquy.iife.js']) {
  const source = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(source, {level: 9}));
  writeFileSync(`${file}.br`, brotliCompressSync(source, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}));
}
