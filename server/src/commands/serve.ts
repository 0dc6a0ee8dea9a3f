import {randomBytes} from 'node:crypto';
import {resolve} from 'node:path';

import {readConfig, SERVE_USAGE} from '../config.js';
import {startServer} from '../server.js';
import type {Command} from './command.js';

/** `colloquy-server [serve]`: listens until SIGTERM or SIGINT, then finishes requests and closes the database. */
export const serve: Command = {
  summary: 'Serve the API, the widget and the admin page (the default)',
  usage: SERVE_USAGE,
  async run(argv, env) {
    let config = readConfig(argv, env);
    if (config === 'help') {
      console.log(SERVE_USAGE);
      return 0;
    }
    // The demo gets an admin password of its own, shown once, so the admin page can be tried at once.
    const demoPassword = config.demo && !config.adminPasswordHash && !config.adminPassword ? randomBytes(12).toString('base64url') : undefined;
    if (demoPassword) config = {...config, adminPassword: demoPassword};
    const server = await startServer(config);
    const store = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${resolve(config.dataDir)}`;
    console.log(`[colloquy-server] ${store}; allowed origins: ${config.allowedOrigins.join(', ')}`);
    if (demoPassword) {
      console.log(`[colloquy-server] admin page: ${server.url}admin (user ${config.adminUser}, password ${demoPassword}; ` +
        'made for this run: set ADMIN_PASSWORD_HASH to choose your own)');
    } else if (config.adminPasswordHash || config.adminPassword) {
      console.log(`[colloquy-server] admin page: ${server.url}admin`);
    }
    // Last: scripts and tests wait for this line, and find every line above it already written.
    console.log(`[colloquy-server] listening on ${server.url}${config.demo ? ' (demo page at /)' : ''}`);
    return new Promise<number>((done) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`[colloquy-server] ${signal}: finishing requests, then closing the database`);
        server.close().then(() => done(0), (error: unknown) => {
          console.error('[colloquy-server] shutdown failed:', error);
          done(1);
        });
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
  },
};
