#!/usr/bin/env node
import {resolve} from 'node:path';

import {ConfigError, readConfig, USAGE} from './config.js';
import {startServer} from './server.js';

/** The `colloquy-server` command: reads flags and environment, serves until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`colloquy-server: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(USAGE);
    return;
  }

  const server = await startServer(config);
  const store = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${resolve(config.dataDir)}`;
  console.log(`[colloquy-server] ${store}; allowed origins: ${config.allowedOrigins.join(', ')}`);
  console.log(`[colloquy-server] listening on ${server.url}${config.demo ? ' (demo page at /)' : ''}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[colloquy-server] ${signal}: finishing requests, then closing the database`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[colloquy-server] shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('[colloquy-server] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
