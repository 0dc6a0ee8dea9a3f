import {playwright} from '@vitest/browser-playwright';
import {defineConfig} from 'vitest/config';

import {CHROMIUM_ARGS, CHROMIUM_PATH} from './tests/chromium.js';

// Components run in Debian's Chromium, against a real reference server started by the global setup.
const browser = (name: string) => ({
  name,
  globalSetup: ['tests/browser/server.global.ts'],
  setupFiles: ['tests/browser/setup.ts'],
  browser: {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    instances: [{browser: 'chromium' as const, name: `${name} (chromium)`}],
    provider: playwright({launchOptions: {executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS}}),
  },
});

export default defineConfig({
  test: {
    // CI reads the JSON report to print its closing line.
    reporters: process.env.CI ? ['default', ['json', {outputFile: '.ci/out/vitest.json'}]] : ['default'],
    projects: [
      // Property tests walk every code point and 100,000-deep threads, and one test runs tsc: seconds each
      // on a loaded 2-core machine, more while the other projects run beside them.
      {test: {name: 'node', environment: 'node', include: ['tests/node/**/*.test.ts'], testTimeout: 60_000}},
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          globalSetup: ['tests/server/postgres.global.ts'],
          // PGlite's cold start takes seconds, more on a loaded 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {test: {...browser('browser'), include: ['tests/browser/**/*.test.ts'], exclude: ['tests/browser/**/*.timing.test.ts']}},
      // Tests that measure the main thread (long tasks) run last and alone, so a busy CI machine
      // running the other projects beside them does not stretch what they measure.
      {test: {...browser('timing'), include: ['tests/browser/**/*.timing.test.ts'], sequence: {groupOrder: 1}}},
    ],
  },
});
