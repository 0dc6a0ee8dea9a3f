import {createRequire} from 'node:module';

import {expect, test} from '@playwright/test';

import {startServerProcess, tempDir, type ServerProcess} from './servers.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: ServerProcess;
let data: ReturnType<typeof tempDir>;

test.beforeAll(async () => {
  data = tempDir('colloquy-e2e-axe-');
  server = await startServerProcess(['--demo', '--data-dir', data.path]);
});

test.afterAll(async () => {
  await server?.stop();
  data?.remove();
});

// The demo runs under a strict CSP; axe is injected by the test, so only this test's page bypasses it.
test.use({bypassCSP: true});

for (const [width, scheme] of [[320, 'light'], [320, 'dark'], [1280, 'light'], [1280, 'dark']] as const) {
  test(`the demo page has no axe violations at ${width} px in ${scheme} mode, before and after opening a reply`, async ({page}) => {
    await page.setViewportSize({width, height: 900});
    await page.emulateMedia({colorScheme: scheme});
    await page.goto(server.url);
    const widget = page.locator('colloquy-comments');
    await expect(widget).toHaveAttribute('state', 'ready');
    await page.addScriptTag({path: AXE});
    const run = () => page.evaluate(async () => {
      const axe = (window as unknown as {axe: {run(context: Element): Promise<{violations: {id: string; nodes: {target: unknown}[]}[]}>}}).axe;
      const result = await axe.run(document.querySelector('colloquy-comments')!);
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
    expect(await run()).toEqual([]);
    await widget.getByRole('button', {name: /^Reply/}).first().click();
    await expect(widget.locator('colloquy-composer').first()).toBeVisible();
    expect(await run()).toEqual([]);
  });
}

test('the admin page has no axe violations signed out, on the queue, in the comments, on spam, and in the log', async ({page}) => {
  const password = /password (\S+);/.exec(server.output())![1]!;
  await page.goto(`${server.url}admin`);
  const run = async () => {
    await page.addScriptTag({path: AXE});
    return page.evaluate(async () => {
      const axe = (window as unknown as {axe: {run(context: Document): Promise<{violations: {id: string; nodes: {target: unknown}[]}[]}>}}).axe;
      const result = await axe.run(document);
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
  };
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(await run()).toEqual([]);
  await page.getByLabel('User').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await expect(page.getByRole('button', {name: /Queue/})).toBeVisible();
  expect(await run()).toEqual([]);
  await page.getByRole('button', {name: 'All comments'}).click();
  await expect(page.locator('article').first()).toBeVisible();
  expect(await run()).toEqual([]);
  await page.getByRole('navigation').getByRole('button', {name: 'Spam'}).click();
  await page.getByLabel('Email', {exact: true}).fill('spammer@example.org');
  await page.getByRole('button', {name: 'Ban email'}).click();
  await expect(page.getByRole('button', {name: /Lift the email ban/})).toBeVisible();
  expect(await run()).toEqual([]);
  await page.getByRole('button', {name: 'Log'}).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('row', {name: /ban email/})).toBeVisible();
  expect(await run()).toEqual([]);
});
