import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

import {ConfigError, readConfig, SERVE_OPTIONS, SERVE_USAGE, serverConfig} from '../../server/src/config.js';

describe('the server\'s options, from one table', () => {
  it('gives the same defaults to the command line and to programs that start the server', () => {
    expect(readConfig([], {})).toEqual(serverConfig());
    expect(serverConfig()).toMatchObject({port: 8787, host: '127.0.0.1', dataDir: './data', allowedOrigins: ['*'], readCacheMb: 16,
      editWindowMinutes: 15, moderation: 'none', adminUser: 'admin', commentsPerMinute: 5, minComposeSeconds: 2.5, proofOfWork: 0,
      trustProxy: false, demo: false});
    expect(serverConfig()).not.toHaveProperty('databaseUrl');
  });

  it('reads a flag before its environment variable, and the variable before the default; an empty variable is unset', () => {
    expect(readConfig(['--port', '1'], {PORT: '2'})).toMatchObject({port: 1});
    expect(readConfig([], {PORT: '2'})).toMatchObject({port: 2});
    expect(readConfig([], {PORT: ''})).toMatchObject({port: 8787});
    expect(readConfig([], {TRUST_PROXY: '1', NOTIFY_EVERY: 'true'})).toMatchObject({trustProxy: true, notifyEvery: true});
    expect(readConfig(['--trust-proxy'], {})).toMatchObject({trustProxy: true});
    expect(readConfig([], {PUBLIC_URL: 'https://c.example.com'})).toMatchObject({publicUrl: 'https://c.example.com/'});
    expect(readConfig([], {ALLOWED_ORIGINS: 'https://a.example, https://b.example/'})).toMatchObject({allowedOrigins: ['https://a.example', 'https://b.example']});
    expect(readConfig([], {ADMIN_PASSWORD: 'secret'})).toMatchObject({adminPassword: 'secret'});
  });

  it.each([
    [['--port', 'eighty'], {}, /^--port must be a number from 0 to 65535, not "eighty"\.$/],
    [[], {PORT: '70000'}, /^PORT must be a number/],
    [[], {MODERATION: 'some'}, /^MODERATION must be one of none, first, all/],
    [[], {TRUST_PROXY: 'maybe'}, /^TRUST_PROXY must be 1 or 0/],
    [[], {DATABASE_URL: 'mysql://x'}, /^DATABASE_URL must be a URL starting with postgres:\/\//],
    [['--notify-email', 'a@example.org'], {}, /needs --smtp-url/],
    [['--webhook-url', 'https://hooks.example.com'], {WEBHOOK_SECRET: 'short'}, /needs --webhook-secret/],
    [['--admin-password-hash', 'plain'], {}, /hash-password/],
    [['stray'], {}, /Unexpected argument 'stray'/],
  ] as const)('refuses %j with %j, naming where the value came from', (argv, env, message) => {
    expect(() => readConfig(argv, env)).toThrow(ConfigError);
    expect(() => readConfig(argv, env)).toThrow(message);
  });

  it('describes every option in its usage, with its variable and default', () => {
    for (const row of Object.values(SERVE_OPTIONS)) {
      expect(SERVE_USAGE).toContain(row.flag ? `--${row.flag}` : `${row.env}=`);
      if (row.flag && row.env) expect(SERVE_USAGE.replace(/\s+/g, ' ')).toContain(`env ${row.env}`);
      if ('arg' in row && row.arg && row.default) expect(SERVE_USAGE.replace(/\s+/g, ' ')).toContain(`default ${row.default}`);
    }
  });

  it('matches the README\'s table of options, row for row', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| Flag | Environment | Default |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`--([a-z-]+)`/g)].map((m) => m[1])));
    const variables = new Set(rows.flatMap((row) => [...row.split('|')[2]!.matchAll(/`([A-Z_]+)/g)].map((m) => m[1])));
    const flags = Object.values(SERVE_OPTIONS).flatMap((row) => (row.flag ? [row.flag] : []));
    expect([...documented].sort()).toEqual(flags.sort());
    for (const row of Object.values(SERVE_OPTIONS)) if (row.env) expect(variables.has(row.env) || readme.includes(`\`${row.env}\``), row.env).toBe(true);
  });
});
