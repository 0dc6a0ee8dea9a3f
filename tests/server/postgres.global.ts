import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import type {TestProject} from 'vitest/node';

/**
 * Gives the server tests a real PostgreSQL: `TEST_PG_URL` if set, else a
 * throwaway cluster from Debian's `postgresql` package on a free loopback port.
 * With `COLLOQUY_REQUIRE_PG=1` (CI), having none is an error, not a skip.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.TEST_PG_URL) {
    project.provide('pgUrl', process.env.TEST_PG_URL);
    return undefined;
  }
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.COLLOQUY_REQUIRE_PG === '1') throw new Error('PostgreSQL is required (COLLOQUY_REQUIRE_PG=1) but initdb was not found.');
    console.warn('[colloquy] no PostgreSQL found (apt-get install postgresql): PostgreSQL tests are skipped.');
    project.provide('pgUrl', null);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-pg-'));
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) => {
    // initdb refuses to run as root: hand the folder to the postgres user.
    if (process.getuid?.() === 0) {
      execFileSync('chown', ['postgres:postgres', dir]);
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map(shellQuote).join(' ')], {stdio: 'pipe'});
    } else {
      execFileSync(cmd, args, {stdio: 'pipe'});
    }
  };
  asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-t', '60', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`, 'start']);
  project.provide('pgUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      asPostgres(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  };
}

function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
