// Writes .gz and .br next to the embed files, so the server sends them as they are
// instead of compressing them on every request.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';

for (const name of readdirSync('dist').filter((file) => /^colloquy[\w.-]*\.js$/.test(file))) {
  const file = `dist/${name}`;
  const source = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(source, {level: 9}));
  writeFileSync(`${file}.br`, brotliCompressSync(source, {params: {[constants.BROTLI_PARAM_QUALITY]: 11}}));
}
