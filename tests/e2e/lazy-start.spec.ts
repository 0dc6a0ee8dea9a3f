import {expect, test, type Page} from '@playwright/test';

import {startServerProcess, startStaticSite, tempDir, type ServerProcess} from './servers.js';

// A long article with the comments at its end: the embed should cost the reader nothing until they
// get there, then be ready before they do.

let server: ServerProcess;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  data = tempDir('colloquy-e2e-lazy-');
  server = await startServerProcess(['--data-dir', data.path]);
});

test.afterAll(async () => {
  await server?.stop();
  data?.remove();
});

async function longArticle(postId: string, {attributes = '', script = 'colloquy.js'} = {}) {
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${server.origin}/api/v1/posts/${encodeURIComponent(postId)}/comments`, {
      method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({author: {name: 'Reader'}, body: `Comment ${i}`}),
    });
    expect(res.status).toBe(201);
  }
  const tag = script.endsWith('.iife.js') ? `<script src="${server.origin}/${script}"></script>` : `<script type="module" src="${server.origin}/${script}"></script>`;
  return startStaticSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A long read</title>${tag}</head>
<body><h1>A long read</h1><div style="height: 5000px">Many words.</div>
<colloquy-comments api="${server.origin}" post-id="${postId}" ${attributes}></colloquy-comments><footer>The end.</footer></body></html>`,
  {'Content-Security-Policy': `script-src ${server.origin}; connect-src ${server.origin}`});
}

/** Every request the page makes to the comment server, by path. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(server.origin)) seen.push(new URL(request.url()).pathname);
  });
  return seen;
}

for (const script of ['colloquy.js', 'colloquy.iife.js']) {
  test(`${script} loads nothing but itself until the thread nears the viewport, holding its place meanwhile`, async ({page}) => {
    const postId = `/lazy/${script}/${Date.now()}`;
    const site = await longArticle(postId, {script});
    try {
      const requests = recordRequests(page);
      await page.goto(site.url);
      const widget = page.locator('colloquy-comments');
      await page.waitForTimeout(1000);
      expect(requests).toEqual([`/${script}`]);
      await expect(widget).not.toHaveAttribute('state');
      // A placeholder of a typical thread's height (24rem) while it waits.
      expect(await widget.evaluate((el) => el.getBoundingClientRect().height)).toBe(24 * 16);

      await page.mouse.wheel(0, 4400); // within 800px of the thread
      await expect(widget).toHaveAttribute('state', 'ready');
      expect(requests).toContain('/colloquy-app.js');
      expect(requests.some((path) => path.startsWith('/api/v1/posts/'))).toBe(true);
      // The Markdown parser never loads: the server sent HTML.
      expect(requests.some((path) => path.includes('markdown'))).toBe(false);
      await expect(widget.locator('[part="body"]').first()).toHaveText('Comment 0');
      await expect(widget).not.toHaveAttribute('data-colloquy-placeholder');
      await expect(widget.getByRole('textbox', {name: 'Comment', exact: true})).toBeVisible(); // the form loads after the thread
      const height = await widget.evaluate((el) => el.getBoundingClientRect().height);

      // On the next visit the placeholder has the thread's own height, so nothing below it moves.
      await page.goto(site.url); // not a reload, which would scroll back down to the thread
      await page.waitForTimeout(500);
      await expect(widget).not.toHaveAttribute('state');
      expect(Math.abs(await widget.evaluate((el) => el.getBoundingClientRect().height) - height)).toBeLessThanOrEqual(1);
    } finally {
      await site.close();
    }
  });
}

test('a link to one comment starts the thread at once, however far down it is', async ({page}) => {
  const postId = `/lazy/permalink/${Date.now()}`;
  const site = await longArticle(postId);
  try {
    const requests = recordRequests(page);
    await page.goto(`${site.url}#comment-1`);
    await expect(page.locator('colloquy-comments')).toHaveAttribute('state', 'ready');
    expect(requests).toContain('/colloquy-app.js');
  } finally {
    await site.close();
  }
});

test('loading="eager" starts the thread at once', async ({page}) => {
  const postId = `/lazy/eager/${Date.now()}`;
  const site = await longArticle(postId, {attributes: 'loading="eager"'});
  try {
    await page.goto(site.url);
    await expect(page.locator('colloquy-comments')).toHaveAttribute('state', 'ready');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  } finally {
    await site.close();
  }
});

for (const script of ['colloquy.js', 'colloquy.iife.js']) {
  test(`an index page with ${script}: its comment counts load the count element alone and ask the server once`, async ({page}) => {
    const posts = [`/index/${script}/a/${Date.now()}`, `/index/${script}/b/${Date.now()}`, `/index/${script}/c/${Date.now()}`];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.origin}/api/v1/posts/${encodeURIComponent(posts[1]!)}/comments`, {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({author: {name: 'Reader'}, body: `Comment ${i}`}),
      });
      expect(res.status).toBe(201);
    }
    const tag = script.endsWith('.iife.js') ? `<script src="${server.origin}/${script}"></script>` : `<script type="module" src="${server.origin}/${script}"></script>`;
    const site = await startStaticSite(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Blog</title>${tag}</head><body><ul>
${posts.map((id) => `<li><a href="${id}">A post</a> · <colloquy-count api="${server.origin}" post-id="${id}" href="${id}#comments">Kommentare</colloquy-count></li>`).join('\n')}
</ul></body></html>`, {'Content-Security-Policy': `script-src ${server.origin}; connect-src ${server.origin}`});
    try {
      const requests = recordRequests(page);
      await page.goto(site.url);
      const counts = page.locator('colloquy-count');
      await expect(counts.nth(1)).toHaveText('2 Kommentare');
      await expect(counts.nth(0)).toHaveText('0 Kommentare');
      await expect(counts.nth(1).getByRole('link')).toHaveAttribute('href', `${new URL(posts[1]!, site.url).href}#comments`);
      expect(requests.filter((path) => path === '/api/v1/counts')).toHaveLength(1);
      expect(requests).toContain('/colloquy-count.js');
      expect(requests).not.toContain('/colloquy-app.js'); // no thread here: the widget never loads
    } finally {
      await site.close();
    }
  });
}

test('a count a page adds later (a client-rendered list) is still filled in, and the widget still never loads', async ({page}) => {
  const postId = `/index/later/${Date.now()}`;
  const res = await fetch(`${server.origin}/api/v1/posts/${encodeURIComponent(postId)}/comments`, {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({author: {name: 'Reader'}, body: 'hello'}),
  });
  expect(res.status).toBe(201);
  const site = await startStaticSite(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blog</title>
<script type="module" src="${server.origin}/colloquy.js"></script></head><body><ul id="posts"></ul></body></html>`,
  {'Content-Security-Policy': `script-src ${server.origin}; connect-src ${server.origin}`});
  try {
    const requests = recordRequests(page);
    await page.goto(site.url);
    await page.waitForTimeout(500);
    expect(requests).toEqual(['/colloquy.js']); // nothing to count yet: nothing loads
    await page.evaluate(([api, id]) => {
      const count = document.createElement('colloquy-count');
      count.setAttribute('api', api!);
      count.setAttribute('post-id', id!);
      count.textContent = 'Comments';
      document.getElementById('posts')!.append(count);
    }, [server.origin, postId]);
    await expect(page.locator('colloquy-count')).toHaveText('1 comment');
    expect(requests).toContain('/colloquy-count.js');
    expect(requests).not.toContain('/colloquy-app.js');
  } finally {
    await site.close();
  }
});
