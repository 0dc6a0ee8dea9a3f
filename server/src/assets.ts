import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {serveStatic} from '@hono/node-server/serve-static';
import type {Hono} from 'hono';
import {compress} from 'hono/compress';
import {etag} from 'hono/etag';

/** The widget's package folder (it holds `dist/` and `demo/`), found from this file in source or in build. */
export function findWidgetRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === 'colloquy') return dir;
    if (dirname(dir) === dir) throw new Error('[colloquy-server] cannot find the colloquy package folder above ' + from);
  }
}

// The demo page runs under the policy we promise sites: no inline script or style, no eval, Trusted Types.
const DEMO_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
  "require-trusted-types-for 'script'", 'trusted-types lit-html dompurify',
].join('; ');

/**
 * True for a chunk of the embed, whose name ends in a hash of its content (8 of `[A-Za-z0-9_-]`): it
 * never changes, so caches may keep it for ever. The entry files (`colloquy.js`, `colloquy-app.js`…) keep
 * their names across versions.
 */
export function isHashedChunk(file: string): boolean {
  return /^colloquy-(?!app\.)[\w-]+-[\w-]{8}\.js(?:\.map)?$/.test(file);
}

/**
 * Serves the embed files to any origin: the loaders (`/colloquy.js`, `/colloquy.iife.js`), the app
 * they load (`/colloquy-app.js`) and its chunks (`/colloquy-<name>-<hash>.js`). With `demo`, the demo
 * pages at `/`. Module scripts load in CORS mode, hence the header.
 */
export function mountAssets(app: Hono, {root = findWidgetRoot(), demo}: {root?: string; demo: boolean}): void {
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, 'colloquy.js'))) {
    console.warn('[colloquy-server] dist/colloquy.js is missing: run `npm run build` to serve the widget.');
  }
  // Only the files served here: API answers carry their own ETag, made once per cached answer.
  const files = [compress(), etag()] as const; // revisits revalidate with a 304 instead of downloading again
  app.get('/:file{colloquy(?:\\.iife|-[\\w-]+)?\\.js(?:\\.map)?}', ...files, async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', isHashedChunk(c.req.param('file')) ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    await next();
  }, serveStatic({root: dist, precompressed: true})); // .br/.gz written by the build
  if (!demo) return;
  app.get('/*', ...files, async (c, next) => {
    await next();
    if (c.res.headers.get('Content-Type')?.startsWith('text/html')) c.header('Content-Security-Policy', DEMO_CSP);
  }, serveStatic({root: join(root, 'demo')}));
}
