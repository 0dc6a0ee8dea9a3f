import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import type {TestProject} from 'vitest/node';

import {serverConfig} from '../../server/src/config.js';
import {startServer} from '../../server/src/server.js';

/** Component tests talk to a real reference server; only faults are injected, at `fetch`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'colloquy-browser-'));
  // Tests post faster and more alike than people: the spam rules would hold them (they are tested on their own).
  const server = await startServer(serverConfig({port: 0, dataDir,
    commentsPerMinute: 100_000, minComposeSeconds: 0, spamRules: {repeatsHold: 1e9, repeatsSpam: 1e9, perPostMinute: 1e9}}));
  project.provide('apiUrl', server.url.replace(/\/$/, ''));
  return async () => {
    await server.close();
    rmSync(dataDir, {recursive: true, force: true});
  };
}
