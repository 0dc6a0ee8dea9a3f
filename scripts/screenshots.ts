// `npm run screenshots`: pictures of the demo for the README, made from the code as it is, so they
// stay current. Starts the built server with its demo on a throwaway folder and photographs the
// widget in Debian's Chromium (or CHROMIUM_PATH): light and dark at 1280 px, a phone at 375 px,
// and right to left (Persian).

import {join} from 'node:path';

import {chromium, type Page} from 'playwright';

import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../tests/chromium.js';
import {startServerProcess, tempDir} from '../tests/e2e/servers.js';

const OUT = join(import.meta.dirname, '../docs/screenshots');

interface Shot {
  readonly file: string;
  readonly width: number;
  readonly scheme: 'light' | 'dark';
  readonly lang?: string;
  /** Open the form first, to show it whole. */
  readonly openForm?: boolean;
}

const SHOTS: readonly Shot[] = [
  {file: 'light.png', width: 1280, scheme: 'light'},
  {file: 'dark.png', width: 1280, scheme: 'dark'},
  {file: 'phone.png', width: 375, scheme: 'light', openForm: true},
  {file: 'rtl.png', width: 1280, scheme: 'light', lang: 'fa'},
];

/** How much of the widget each picture shows, from its top, in CSS pixels. */
const HEIGHT = 900;

const data = tempDir('colloquy-screenshots-');
const server = await startServerProcess(['--demo', '--data-dir', data.path]);
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({viewport: {width: shot.width, height: HEIGHT}, colorScheme: shot.scheme, deviceScaleFactor: 1});
    await page.goto(server.url);
    await photograph(page, shot);
    await page.close();
    console.log(`docs/screenshots/${shot.file}`);
  }
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}

async function photograph(page: Page, shot: Shot): Promise<void> {
  const widget = page.locator('colloquy-comments');
  if (shot.lang) await widget.evaluate((el, lang) => el.setAttribute('lang', lang), shot.lang);
  await page.waitForFunction(() => document.querySelector('colloquy-comments')?.getAttribute('state') === 'ready');
  await widget.evaluate((el) => el.scrollIntoView());
  if (shot.openForm) {
    const box = widget.getByRole('textbox').last();
    await box.fill('Thanks for this. **Markdown** works here, and a preview too.');
    await box.evaluate((el) => el.scrollIntoView({block: 'end'}));
  }
  // Relative dates and fonts settle; the pointer stays away from everything.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({path: join(OUT, shot.file), animations: 'disabled'});
}
