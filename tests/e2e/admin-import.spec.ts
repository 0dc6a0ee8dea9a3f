import {createRequire} from 'node:module';
import {join} from 'node:path';

import {expect, test, type Page} from '@playwright/test';

import {startServerProcess, startStaticSite, tempDir} from './servers.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DISQUS = join(import.meta.dirname, '../server/fixtures/import/disqus.xml');
const POST = '/2019/05/self-hosting/';

// axe is injected by the test into the admin page, whose CSP would refuse it.
test.use({bypassCSP: true});

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({path: AXE});
  return page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run(context: Document): Promise<{violations: {id: string; nodes: {target: unknown}[]}[]}>}}).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

test('the owner checks a Disqus export, imports it, finds the threads in the widget, and erases one commenter', async ({browser}) => {
  const data = tempDir('colloquy-e2e-import-');
  const server = await startServerProcess(['--demo', '--data-dir', data.path]);
  const blog = await startStaticSite(`<!doctype html><html lang="en"><title>Self-hosting</title>
    <script type="module" src="${server.url}colloquy.js"></script>
    <colloquy-comments api="${server.origin}" post-id="${POST}" loading="eager"></colloquy-comments>`, {});
  const [owner, reader] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const page = await owner.newPage();
    await page.goto(`${server.url}admin`);
    await page.getByLabel('User').fill('admin');
    await page.getByLabel('Password').fill(/password (\S+);/.exec(server.output())![1]!);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await page.getByRole('navigation').getByRole('button', {name: 'Import'}).click();

    // First a check that writes nothing, showing where each thread goes.
    await page.getByLabel('Export file').setInputFiles(DISQUS);
    await expect(page.getByRole('button', {name: 'Import', exact: true}).last()).toBeDisabled();
    await page.getByRole('button', {name: /^Check/}).click();
    await expect(page.getByRole('heading', {name: 'What the import would do'})).toBeVisible();
    await expect(page.getByText(/Would import 7 published/)).toBeVisible();
    await expect(page.getByRole('row', {name: new RegExp(`${POST} 9`)})).toBeVisible();
    await expect(page.getByRole('row', {name: /none: its comments are skipped/})).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    expect((await (await fetch(`${server.url}api/v1/counts?post=${encodeURIComponent(POST)}`)).json()).counts[POST]).toBe(0);

    await page.locator('colloquy-admin-import').getByRole('button', {name: 'Import', exact: true}).click();
    await expect(page.getByRole('heading', {name: 'Imported'})).toBeVisible();
    await expect(page.getByText(/Imported 7 published/)).toBeVisible();

    // A reader of the blog sees the thread as it was: replies in place, the deleted parent a tombstone.
    const readerPage = await reader.newPage();
    await readerPage.goto(blog.url);
    const widget = readerPage.locator('colloquy-comments');
    await expect(widget).toHaveAttribute('state', 'ready');
    await expect(widget.locator('article.comment')).toHaveCount(8);
    const ada = widget.locator('article.comment', {hasText: 'Ada Quill'}).first();
    await expect(ada.locator('[part="body"]').first()).toContainText('I moved my blog off Disqus last year and wrote about it.');
    await expect(ada.locator('[part="body"] a').first()).toHaveAttribute('href', 'https://quill.example.org/other');
    await expect(widget.getByText('Comment deleted')).toHaveCount(1);
    await expect(widget.getByText(/alert/)).toHaveCount(0);

    // An erasure request: Ada's comment goes, Ben's reply to it stays under "Comment deleted".
    await page.getByRole('navigation').getByRole('button', {name: 'People'}).click();
    await page.getByLabel('Email address').fill('ada@example.net');
    await page.getByRole('button', {name: 'Find'}).click();
    await expect(page.getByRole('heading', {name: '1 comment stored with ada@example.net'})).toBeVisible();
    await expect(page.getByRole('link', {name: 'Download as JSON'})).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', {name: 'Erase…'}).click();
    await page.getByRole('button', {name: 'Erase everything'}).click();
    await expect(page.getByText('Erased 1 comment; 1 kept as "Comment deleted" for their replies.')).toBeVisible();
    await readerPage.reload();
    await expect(widget).toHaveAttribute('state', 'ready');
    await expect(widget.getByText('Comment deleted')).toHaveCount(2);
    await expect(widget.getByText('Ada Quill')).toHaveCount(0);
    await expect(widget.getByText(/Same here & no regrets/)).toBeVisible();
  } finally {
    await Promise.all([owner.close(), reader.close()]);
    await blog.close();
    await server.stop();
    data.remove();
  }
});
