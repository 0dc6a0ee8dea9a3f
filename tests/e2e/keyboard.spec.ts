import {expect, test} from '@playwright/test';

import {startServerProcess, tempDir, type ServerProcess} from './servers.js';

let server: ServerProcess;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  data = tempDir('colloquy-e2e-keys-');
  server = await startServerProcess(['--demo', '--data-dir', data.path]);
});

test.afterAll(async () => {
  await server?.stop();
  data?.remove();
});

test('a keyboard-only reader can reply to a comment and is told it worked', async ({page}) => {
  await page.goto(server.url);
  const widget = page.locator('colloquy-comments');
  await expect(widget).toHaveAttribute('state', 'ready');

  // Tab from the top of the page until the first Reply button has focus.
  const firstReply = widget.getByRole('button', {name: 'Reply'}).first();
  for (let i = 0; i < 40 && !(await firstReply.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(firstReply).toBeFocused();
  await expect(firstReply).toHaveAttribute('aria-expanded', 'false');

  await page.keyboard.press('Enter');
  await expect(firstReply).toHaveAttribute('aria-expanded', 'true');
  const form = widget.locator('article.comment').first().locator('colloquy-composer');
  await expect(form.getByLabel('Comment', {exact: true})).toBeFocused(); // the comment box comes first
  await page.keyboard.type('Replying without a mouse.');
  await page.keyboard.press('Tab'); // name
  await expect(form.getByLabel('Name', {exact: true})).toBeFocused();
  await page.keyboard.type('Keys Only');
  await page.keyboard.press('Tab'); // email
  await page.keyboard.press('Tab'); // website
  await page.keyboard.press('Tab'); // the submit button
  await expect(form.getByRole('button', {name: 'Post reply'})).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(widget.locator('ol.replies [part="body"]', {hasText: 'Replying without a mouse.'})).toBeVisible();
  await expect(widget.getByRole('status').filter({hasText: 'Your reply was posted.'})).toBeAttached();
  await expect(firstReply).toBeFocused(); // focus comes back to where the reader was
});

test('every form field has a label and every button a name', async ({page}) => {
  await page.goto(server.url);
  const widget = page.locator('colloquy-comments');
  await expect(widget).toHaveAttribute('state', 'ready');
  const unnamed = await page.evaluate(() => {
    const all: Element[] = [];
    const walk = (root: Document | ShadowRoot) => root.querySelectorAll('*').forEach((el) => {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    });
    walk(document);
    return all.filter((el) => {
      if (el.matches('button')) return !el.textContent?.trim() && !el.getAttribute('aria-label');
      if (el.matches('input, textarea')) {
        const root = el.getRootNode() as ShadowRoot;
        return !root.querySelector(`label[for="${el.id}"]`);
      }
      return false;
    }).map((el) => el.outerHTML.slice(0, 80));
  });
  expect(unnamed).toEqual([]);
});
