import {expect, test} from '@playwright/test';

import {startServerProcess, tempDir} from './servers.js';

test('the demo: read the seeded thread, post a comment and a reply, restart, reload, both are there', async ({page}) => {
  const data = tempDir('colloquy-e2e-demo-');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  let server = await startServerProcess(['--demo', '--data-dir', data.path]);
  try {
    await page.goto(server.url);
    const widget = page.locator('colloquy-comments');
    await expect(widget).toHaveAttribute('state', 'ready');
    const heading = widget.getByRole('heading', {level: 2});
    const seeded = Number((await heading.textContent())!.match(/\d+/)![0]);
    expect(seeded).toBeGreaterThanOrEqual(20);
    // The article's byline counts the same comments, and links to them.
    await expect(page.locator('colloquy-count')).toHaveText(`${seeded} comments`);
    await expect(page.locator('colloquy-count a')).toHaveAttribute('href', `${server.url}#comments`);
    // Replies nest at least four levels below a root.
    await expect(widget.locator('ol.replies ol.replies ol.replies ol.replies article.comment').first()).toBeVisible();
    // Seeded Markdown renders; the raw <script> in a comment shows as text.
    await expect(widget.locator('[part="body"] pre code').first()).toBeVisible();
    await expect(widget.getByText('<script>alert("try me")</script>', {exact: false})).toBeVisible();
    // Initials avatars draw under the demo's strict CSP (no inline style attributes), each name its own hue.
    const avatars = await widget.locator('[part="author"]').evaluateAll((authors) => authors.slice(0, 6).map((a) => {
      const before = getComputedStyle(a, '::before');
      return {name: a.textContent!.trim(), content: before.content, background: before.backgroundColor};
    }));
    expect(avatars[0]!.content).toBe(`"${avatars[0]!.name.split(' ').map((w) => w[0]).join('').toUpperCase()}" / ""`);
    expect(new Set(avatars.map((a) => a.background)).size).toBeGreaterThan(2);

    // A new comment through the form at the bottom.
    const form = widget.locator('colloquy-composer').last();
    await form.getByLabel('Comment', {exact: true}).fill('Posted from **end to end**');
    await form.getByLabel('Name', {exact: true}).fill('E2E Reader');
    await form.getByRole('button', {name: 'Post comment'}).click();
    await expect(widget.locator('[part="body"]', {hasText: 'Posted from end to end'})).toBeVisible();
    await expect(heading).toHaveText(`${seeded + 1} comments`);

    // A reply to the first comment.
    const first = widget.locator('article.comment').first();
    await first.getByRole('button', {name: 'Reply'}).first().click();
    const replyForm = first.locator('colloquy-composer');
    await expect(replyForm.getByLabel('Name', {exact: true})).toHaveValue('E2E Reader'); // remembered
    await replyForm.getByLabel('Comment', {exact: true}).fill('A reply from end to end');
    await replyForm.getByRole('button', {name: 'Post reply'}).click();
    await expect(widget.locator('ol.replies [part="body"]', {hasText: 'A reply from end to end'})).toBeVisible();
    await expect(heading).toHaveText(`${seeded + 2} comments`);

    // Restart the server on the same data; the seed must not run twice.
    expect(await server.stop('SIGTERM')).toBe(0);
    server = await startServerProcess(['--demo', '--data-dir', data.path]);
    await page.goto(server.url);
    await expect(widget).toHaveAttribute('state', 'ready');
    await expect(heading).toHaveText(`${seeded + 2} comments`);
    await expect(widget.locator('[part="body"]', {hasText: 'Posted from end to end'})).toBeVisible();
    const reply = widget.locator('article.comment', {hasText: 'A reply from end to end'});
    await expect(reply).toBeVisible();
    // Still nested under the first root.
    await expect(widget.locator('section > ol > li').first().locator('ol.replies article.comment', {hasText: 'A reply from end to end'})).toHaveCount(1);
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
    data.remove();
  }
});
