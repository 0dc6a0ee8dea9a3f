/**
 * Only the big-thread figures, for iterating on rendering: `npm run bench:threads -- 1000 5000`.
 * Serves dist/ itself; run `npm run build` first.
 */
import {createServer} from 'node:http';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {AddressInfo} from 'node:net';

import {chromium} from 'playwright';

import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../tests/chromium.js';
import {bigThreadFigures, printFigures} from './big-threads.js';

const ROOT = join(import.meta.dirname, '..');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const server = createServer((req, res) => {
  const file = join(ROOT, 'dist', (req.url ?? '/').split('?')[0]!.replace(/^\/+/, '').replace(/\.\./g, ''));
  try {
    const body = readFileSync(file);
    res.writeHead(200, {'Content-Type': 'text/javascript', 'Access-Control-Allow-Origin': '*'}).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
try {
  const {port} = server.address() as AddressInfo;
  printFigures(await bigThreadFigures(browser, `http://127.0.0.1:${port}/colloquy-app.js`, ROOT, sizes.length ? sizes : undefined));
} finally {
  await browser.close();
  server.close();
}
