import {defineConfig} from '@playwright/test';

import {CHROMIUM_ARGS, CHROMIUM_PATH} from './tests/chromium.js';

// End-to-end tests start their own servers (they restart them), so there is no webServer here.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 2,
  timeout: 60_000,
  expect: {timeout: 15_000}, // CI machines are slow and busy; a passing check returns at once anyway
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['json', {outputFile: '.ci/out/playwright.json'}]] : 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS},
  },
});
