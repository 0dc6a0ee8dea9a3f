import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {serveStatic} from '@hono/node-server/serve-static';
import type {Hono} from 'hono';
import {compress} from 'hono/compress';
import {etag} from 'hono/etag';

// The admin page runs under the strictest policy the widget promises sites, and may not be framed.
const ADMIN_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  "require-trusted-types-for 'script'", 'trusted-types lit-html',
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Colloquy admin</title>
<link rel="icon" href="/admin/icon.svg" type="image/svg+xml">
<script type="module" src="/admin/admin.js"></script>
</head>
<body>
<colloquy-admin></colloquy-admin>
<noscript>The admin page needs JavaScript.</noscript>
</body>
</html>
`;

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M2 2h12v9H6l-4 3z" fill="#0b57d0"/></svg>';

/** The server package's folder, from this file in source (src/admin) or in build (dist/server/src/admin). */
function serverRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === '@colloquy/server') return dir;
    if (dirname(dir) === dir) throw new Error(`[colloquy-server] cannot find the server package folder above ${from}`);
  }
}

/** Serves the admin page at `/admin` and its script, built into `server/dist/admin` by the server's build. */
export function mountAdminPage(app: Hono): void {
  const dist = join(serverRoot(), 'dist', 'admin');
  const secure = async (c: Parameters<Parameters<Hono['use']>[1]>[0], next: () => Promise<void>) => {
    c.header('Content-Security-Policy', ADMIN_CSP);
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    await next();
  };
  app.get('/admin', secure, (c) => c.html(PAGE));
  app.get('/admin/', (c) => c.redirect('/admin'));
  app.get('/admin/icon.svg', secure, (c) => c.body(ICON, 200, {'Content-Type': 'image/svg+xml'}));
  app.get('/admin/:file{admin\\.js(?:\\.map)?}', secure, compress(), etag(), serveStatic({root: dist, rewriteRequestPath: (path) => path.replace(/^\/admin/, '')}));
}
