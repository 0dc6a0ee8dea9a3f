import {expect, test, type Page} from '@playwright/test';

import {startInbox, startWebhookReceiver} from '../server/notify-servers.js';
import {startServerProcess, tempDir} from './servers.js';

/** Posts through the widget's form, as a reader does. */
async function postComment(page: Page, name: string, email: string, body: string): Promise<void> {
  const form = page.locator('colloquy-comments colloquy-composer').last();
  await form.getByLabel('Comment', {exact: true}).fill(body); // the form opens from its one line
  await form.getByLabel('Name', {exact: true}).fill(name);
  await form.getByLabel(/^Email/).fill(email);
  await form.getByRole('button', {name: 'Post comment'}).click();
}

test('with `first` moderation: a new author\'s comment waits, only they see it, the owner approves it on the admin page, everyone sees it', async ({browser}) => {
  const data = tempDir('colloquy-e2e-mod-');
  const inbox = await startInbox();
  const receiver = await startWebhookReceiver();
  const server = await startServerProcess(['--demo', '--moderation', 'first', '--data-dir', data.path,
    '--notify-email', 'owner@example.org', '--smtp-url', inbox.url, '--webhook-url', receiver.url, '--webhook-secret', 'e2e-secret-0123456789']);
  const password = /password (\S+);/.exec(server.output())?.[1];
  expect(password, server.output()).toBeDefined();
  const [author, reader, owner] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  try {
    const authorPage = await author.newPage();
    await authorPage.goto(server.url);
    await expect(authorPage.locator('colloquy-comments')).toHaveAttribute('state', 'ready');
    await postComment(authorPage, 'Newcomer', 'new@example.org', 'My very first comment here');
    const mine = authorPage.locator('article.comment', {hasText: 'My very first comment here'});
    await expect(mine.locator('[part="pending"]')).toHaveText('Awaiting moderation');
    await authorPage.reload();
    await expect(mine.locator('[part="pending"]')).toHaveText('Awaiting moderation'); // still theirs after a reload

    // The owner's inbox and webhook receiver hear of it; the email's link opens the post's queue.
    await expect.poll(() => inbox.mails.length, {timeout: 15_000}).toBe(1);
    await expect.poll(() => receiver.deliveries.length, {timeout: 15_000}).toBe(1);
    expect(inbox.mails[0]!.decoded).toContain('My very first comment here');
    expect(JSON.parse(receiver.deliveries[0]!.body)).toMatchObject({event: 'comment.held', comment: {body: 'My very first comment here'}});
    const adminLink = /admin page: (\S+)/.exec(inbox.mails[0]!.decoded)![1]!;
    expect(adminLink).toBe(`${server.url}admin?post=welcome-to-colloquy`);

    const readerPage = await reader.newPage();
    await readerPage.goto(server.url);
    await expect(readerPage.locator('colloquy-comments')).toHaveAttribute('state', 'ready');
    await expect(readerPage.getByText('My very first comment here')).toHaveCount(0);

    // The owner signs in and approves, with the keyboard only.
    const ownerPage = await owner.newPage();
    const errors: string[] = [];
    ownerPage.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await ownerPage.goto(adminLink);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'none'");
    await ownerPage.getByLabel('User').fill('admin');
    await ownerPage.getByLabel('Password').fill(password!);
    await ownerPage.getByLabel('Password').press('Enter');
    await expect(ownerPage.getByRole('button', {name: /Queue \(1\)/})).toBeVisible();
    const held = ownerPage.locator('article', {hasText: 'My very first comment here'});
    await expect(held).toContainText('new@example.org');
    await expect(held).toContainText('held: first comment from this author');
    await held.getByRole('button', {name: 'Approve'}).focus();
    await ownerPage.keyboard.press('Enter');
    await expect(ownerPage.getByRole('status')).toContainText('approved');
    await expect(ownerPage.getByText('Nothing waits for you.')).toBeVisible();
    await ownerPage.getByRole('button', {name: 'Log'}).click();
    await expect(ownerPage.getByRole('row', {name: /admin approve/})).toBeVisible();
    expect(errors).toEqual([]);

    await readerPage.reload();
    await expect(readerPage.locator('[part="body"]', {hasText: 'My very first comment here'})).toBeVisible();
    // Approved once, the author's next comment publishes at once.
    await postComment(authorPage, 'Newcomer', 'new@example.org', 'And a second one');
    const second = authorPage.locator('article.comment', {hasText: 'And a second one'});
    await expect(second).toBeVisible();
    await expect(second.locator('[part="pending"]')).toHaveCount(0);
  } finally {
    await Promise.all([author.close(), reader.close(), owner.close()]);
    await server.stop();
    await inbox.close();
    await receiver.close();
    data.remove();
  }
});
