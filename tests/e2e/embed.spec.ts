import {expect, test, type Page} from '@playwright/test';

import {startServerProcess, startStaticSite, tempDir, type ServerProcess} from './servers.js';

// Someone's blog, on another origin, under the strictest policy a site might set: scripts and requests only
// to the comment server, no inline script or style, no eval, Trusted Types enforced.
const strictCsp = (api: string) => [
  "default-src 'none'", `script-src ${api}`, `connect-src ${api}`, "style-src 'none'", "img-src 'none'",
  "base-uri 'none'", "form-action 'none'", "require-trusted-types-for 'script'", 'trusted-types lit-html dompurify',
].join('; ');

const blogPage = (scripts: string, element: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog</title>${scripts}</head>
<body><h1>A post</h1><p>Words.</p>${element}</body></html>`;

let server: ServerProcess;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  data = tempDir('colloquy-e2e-embed-');
  server = await startServerProcess(['--data-dir', data.path]);
});

test.afterAll(async () => {
  await server?.stop();
  data?.remove();
});

async function seedComment(postId: string, body: string): Promise<void> {
  const res = await fetch(`${server.origin}/api/v1/posts/${encodeURIComponent(postId)}/comments`, {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({author: {name: 'Owner'}, body}),
  });
  expect(res.status).toBe(201);
}

/** Records CSP violations and script errors on the page. */
async function watchForTrouble(page: Page): Promise<() => Promise<string[]>> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as {violations: string[]}).violations ??= [];
      (window as unknown as {violations: string[]}).violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return async () => [...errors, ...(await page.evaluate(() => (window as unknown as {violations?: string[]}).violations ?? []))];
}

for (const [kind, script] of [
  ['module', (api: string) => `<script type="module" src="${api}/colloquy.js"></script>`],
  ['classic (IIFE)', (api: string) => `<script src="${api}/colloquy.iife.js"></script>`],
] as const) {
  test(`a page on another origin under a strict CSP reads and posts with only the ${kind} script tag`, async ({page}) => {
    const postId = `/cross-origin/${kind}/${Date.now()}`;
    await seedComment(postId, 'Hello from the **owner**');
    const site = await startStaticSite(
      blogPage(script(server.origin), `<colloquy-comments api="${server.origin}" post-id="${postId}"></colloquy-comments>`),
      {'Content-Security-Policy': strictCsp(server.origin)},
    );
    try {
      const trouble = await watchForTrouble(page);
      await page.goto(site.url);
      const widget = page.locator('colloquy-comments');
      await expect(widget).toHaveAttribute('state', 'ready');
      await expect(widget.locator('[part="body"] strong')).toHaveText('owner');

      await widget.getByLabel('Comment', {exact: true}).fill('Posted across origins');
      await widget.getByLabel('Name', {exact: true}).fill('Visitor');
      await widget.getByRole('button', {name: 'Post comment'}).click();
      await expect(widget.locator('[part="body"]', {hasText: 'Posted across origins'})).toBeVisible();
      await expect(widget.getByRole('heading', {level: 2})).toHaveText('2 comments');

      await page.reload();
      await expect(widget.locator('[part="body"]', {hasText: 'Posted across origins'})).toBeVisible();
      expect(await trouble()).toEqual([]);
    } finally {
      await site.close();
    }
  });
}

// Two copies of Lit each create a "lit-html" Trusted Types policy, so a page enforcing Trusted Types must
// allow duplicates for this case (the README says so).
test('the script loaded twice (module and classic) registers once and still works', async ({page}) => {
  const postId = `/twice/${Date.now()}`;
  await seedComment(postId, 'Loaded twice');
  const site = await startStaticSite(blogPage(
    `<script type="module" src="${server.origin}/colloquy.js"></script><script src="${server.origin}/colloquy.iife.js"></script>` +
    `<script type="module" src="${server.origin}/colloquy.js?again"></script>`,
    `<colloquy-comments api="${server.origin}" post-id="${postId}"></colloquy-comments>
     <colloquy-comments api="${server.origin}" post-id="${postId}-empty"></colloquy-comments>`,
  ), {'Content-Security-Policy': strictCsp(server.origin).replace('dompurify', "dompurify 'allow-duplicates'")});
  try {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(site.url);
    await expect(page.locator('colloquy-comments').first()).toHaveAttribute('state', 'ready');
    await expect(page.locator('colloquy-comments').last()).toHaveAttribute('state', 'empty');
    expect(errors).toEqual([]);
  } finally {
    await site.close();
  }
});

test('a server limited by ALLOWED_ORIGINS refuses other sites\' pages', async ({page}) => {
  const limitedData = tempDir('colloquy-e2e-origins-');
  const limited = await startServerProcess(['--data-dir', limitedData.path, '--allowed-origins', 'https://blog.example.com']);
  const site = await startStaticSite(blogPage(`<script type="module" src="${limited.origin}/colloquy.js"></script>`,
    `<colloquy-comments api="${limited.origin}" post-id="p"></colloquy-comments>`), {});
  try {
    await page.goto(site.url);
    await expect(page.locator('colloquy-comments')).toHaveAttribute('state', 'error');
  } finally {
    await site.close();
    await limited.stop();
    limitedData.remove();
  }
});

test('the embed files are served compressed, cacheable and to any origin: the loader, the app, its chunks', async () => {
  const app = await (await fetch(`${server.origin}/colloquy-app.js`)).text();
  const chunk = /"\.\/(colloquy-shared-[\w-]+\.js)"/.exec(app)?.[1];
  expect(chunk).toBeDefined();
  for (const [file, size] of [['colloquy.js', [100, 5_000]], ['colloquy-app.js', [20, 200_000]], [chunk!, [20_000, 300_000]]] as const) {
    const url = `${server.origin}/${file}`;
    const first = await fetch(url, {headers: {'Accept-Encoding': 'gzip', Origin: 'https://blog.example.com'}});
    expect(first.status, file).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/javascript/);
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // A chunk's name changes with its content: it may be kept for ever. The entry files may change.
    expect(first.headers.get('cache-control')).toBe(file === chunk ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const length = (await first.text()).length;
    expect(length, file).toBeGreaterThan(size[0]);
    expect(length, file).toBeLessThan(size[1]);
    const again = await fetch(url, {headers: {'Accept-Encoding': 'gzip', 'If-None-Match': tag!}});
    expect(again.status).toBe(304);
    // Browsers that take Brotli get the build's precompressed .br file.
    const brotli = await fetch(url, {headers: {'Accept-Encoding': 'br, gzip'}});
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(await brotli.text()).toBe(await (await fetch(url, {headers: {'Accept-Encoding': 'identity'}})).text());
  }
  // Nothing else of the package is served by that route.
  expect((await fetch(`${server.origin}/colloquy-..%2Fpackage.js`)).status).toBe(404);
});
