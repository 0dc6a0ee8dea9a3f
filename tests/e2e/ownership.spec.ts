import {expect, test} from '@playwright/test';

import {startServerProcess, tempDir} from './servers.js';

test('an author posts, edits and deletes; a deleted comment with a reply stays as a tombstone, across a reload', async ({page, browser}) => {
  const data = tempDir('colloquy-e2e-own-');
  const server = await startServerProcess(['--demo', '--data-dir', data.path]);
  try {
    await page.goto(server.url);
    const widget = page.locator('colloquy-comments');
    await expect(widget).toHaveAttribute('state', 'ready');
    const heading = widget.getByRole('heading', {level: 2});
    const seeded = Number((await heading.textContent())!.match(/\d+/)![0]);

    const form = widget.locator('colloquy-composer').last();
    await form.getByLabel('Comment', {exact: true}).fill('My frist comment');
    await form.getByLabel('Name', {exact: true}).fill('Owner');
    await form.getByRole('button', {name: 'Post comment'}).click();
    // The newest thread is the last (oldest first); its first comment is the author's.
    const mine = widget.locator('section > ol > li').last().locator('article.comment').first();
    await expect(mine).toContainText('My frist comment');

    // Edit the typo, with the keyboard.
    await mine.getByRole('button', {name: 'Edit your comment, Owner'}).click();
    const editor = mine.getByRole('textbox', {name: 'Your comment'});
    await expect(editor).toBeFocused();
    await editor.fill('My first comment');
    await editor.press('Control+Enter');
    await expect(mine.locator('[part="body"]')).toHaveText('My first comment');
    await expect(mine.locator('[part="edited"]')).toBeVisible();

    // Someone else replies, in another browser context (no owner token there).
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(server.url);
    const theirs = otherPage.locator('article.comment', {hasText: 'My first comment'});
    await expect(theirs.locator('[part="edited"]')).toBeVisible();
    await expect(theirs.getByRole('button', {name: /Edit|Delete/})).toHaveCount(0);
    await theirs.getByRole('button', {name: 'Reply'}).click();
    await theirs.getByLabel('Name', {exact: true}).fill('Replier');
    await theirs.getByLabel('Comment', {exact: true}).fill('Welcome!');
    await theirs.getByRole('button', {name: 'Post reply'}).click();
    await expect(otherPage.locator('[part="body"]', {hasText: 'Welcome!'})).toBeVisible();
    await other.close();

    // The author reloads (Edit and Delete are still theirs) and deletes: the reply keeps its place.
    await page.reload();
    await expect(widget).toHaveAttribute('state', 'ready');
    await expect(heading).toHaveText(`${seeded + 2} comments`);
    await mine.getByRole('button', {name: 'Delete your comment, Owner'}).click();
    await mine.getByRole('button', {name: 'Delete', exact: true}).click();
    await expect(widget.locator('[part="deleted"]')).toHaveText('Comment deleted');
    await expect(heading).toHaveText(`${seeded + 1} comments`);
    await page.reload();
    await expect(widget).toHaveAttribute('state', 'ready');
    await expect(widget.locator('[part="deleted"]')).toHaveText('Comment deleted');
    await expect(widget.locator('[part="body"]', {hasText: 'Welcome!'})).toBeVisible();
    await expect(widget.getByText('My first comment')).toHaveCount(0);
  } finally {
    await server.stop();
    data.remove();
  }
});
