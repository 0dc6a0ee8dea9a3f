#!/usr/bin/env node
import {randomBytes} from 'node:crypto';
import {resolve} from 'node:path';

import {hashPassword} from './admin/passwords.js';
import {ConfigError, readConfig, USAGE} from './config.js';
import {startServer} from './server.js';

/** The `colloquy-server` command: reads flags and environment, serves until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  if (process.argv[2] === 'hash-password') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    if (!password) {
      console.error('colloquy-server: type a password on standard input, such as: echo "$PASSWORD" | colloquy-server hash-password');
      process.exit(2);
    }
    console.log(await hashPassword(password));
    return;
  }
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

  // The demo gets an admin password of its own, shown once, so the admin page can be tried at once.
  const demoPassword = config.demo && !config.adminPasswordHash && !config.adminPassword ? randomBytes(12).toString('base64url') : undefined;
  if (demoPassword) config = {...config, adminPassword: demoPassword};
  const server = await startServer(config);
  const store = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${resolve(config.dataDir)}`;
  console.log(`[colloquy-server] ${store}; allowed origins: ${config.allowedOrigins.join(', ')}`);
  console.log(`[colloquy-server] listening on ${server.url}${config.demo ? ' (demo page at /)' : ''}`);
  if (demoPassword) {
    console.log(`[colloquy-server] admin page: ${server.url}admin (user ${config.adminUser ?? 'admin'}, password ${demoPassword}; ` +
      'made for this run: set ADMIN_PASSWORD_HASH to choose your own)');
  } else if (config.adminPasswordHash || config.adminPassword) {
    console.log(`[colloquy-server] admin page: ${server.url}admin`);
  }

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
