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

test('a keyboard-only reader skips the thread to the form, previews, posts with Ctrl+Enter, and replies then leaves with Escape', async ({page}) => {
  await page.goto(server.url);
  const widget = page.locator('colloquy-comments');
  await expect(widget).toHaveAttribute('state', 'ready');

  // The first stop inside the widget is the skip link to the form, whatever the thread's length.
  const skip = widget.getByRole('button', {name: 'Write a comment'});
  for (let i = 0; i < 20 && !(await skip.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Shift+Tab'); // one step back leaves the widget: nothing of it comes first
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('COLLOQUY-COMMENTS');
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  const form = widget.locator('section > colloquy-composer');
  const box = form.getByRole('textbox', {name: 'Comment', exact: true});
  await expect(box).toBeFocused();
  await expect(form.getByLabel('Name', {exact: true})).toBeVisible(); // the one line opened into the whole form
  await page.keyboard.type('Previewed **first**, then posted by keys.');

  // Back to the tabs (one stop), across to Preview with an arrow key, and back.
  await page.keyboard.press('Shift+Tab');
  const write = form.getByRole('tab', {name: 'Write'});
  await expect(write).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const preview = form.getByRole('tab', {name: 'Preview'});
  await expect(preview).toBeFocused();
  await expect(preview).toHaveAttribute('aria-selected', 'true');
  await expect(form.getByRole('tabpanel').locator('strong')).toHaveText('first');
  await page.keyboard.press('ArrowLeft');
  await expect(write).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Previewed **first**, then posted by keys.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keys Only');
  await page.keyboard.press('Control+Enter');
  await expect(widget.locator('[part="body"]', {hasText: 'Previewed first, then posted by keys.'})).toBeVisible();
  await expect(box).toHaveValue('');

  // A reply form closes on Escape, keeps its text, and gives focus back to its Reply button.
  const reply = widget.locator('article.comment').first().getByRole('button', {name: /^Reply to/});
  await reply.focus();
  await page.keyboard.press('Enter');
  const replyBox = widget.locator('article.comment').first().locator('colloquy-composer').getByRole('textbox', {name: 'Comment', exact: true});
  await expect(replyBox).toBeFocused();
  await page.keyboard.type('Not yet');
  await page.keyboard.press('Escape');
  await expect(replyBox).toHaveCount(0);
  await expect(reply).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(replyBox).toHaveValue('Not yet');
});

test('on a touch phone the form\'s hint leaves out the keyboard shortcut; with a keyboard it names it', async ({browser}) => {
  for (const [touch, shown] of [[true, false], [false, true]] as const) {
    const context = await browser.newContext({viewport: {width: 375, height: 800}, hasTouch: touch, isMobile: touch});
    const page = await context.newPage();
    await page.goto(server.url);
    const widget = page.locator('colloquy-comments');
    await expect(widget).toHaveAttribute('state', 'ready');
    const form = widget.locator('section > colloquy-composer');
    await form.getByRole('textbox', {name: 'Comment', exact: true}).focus();
    await expect(form.locator('#body-hint')).toBeVisible();
    await expect(form.locator('#body-hint .shortcut')).toBeVisible({visible: shown});
    await context.close();
  }
});
