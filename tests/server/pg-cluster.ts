import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A throwaway PostgreSQL cluster on a free loopback port, from Debian's `postgresql` package. */
export interface PgCluster {
  readonly url: string;
  /** `pg_ctl stop` / `start` / `restart` with a shutdown mode, as an operator would (without blocking the event loop). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the cluster and deletes its folder. */
  destroy(): void;
}

/** The newest installed PostgreSQL's `bin` folder, or `undefined` when there is none. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export async function startCluster(bin: string, {maxConnections = 200} = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb and pg_ctl refuse to run as root: hand the folder to the postgres user.
  const asRoot = process.getuid?.() === 0;
  const command = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map(shellQuote).join(' ')]] : [cmd, args];
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=${maxConnections}`;
  const pgCtlArgs = (...args: string[]) => command(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const pgCtl = async (...args: string[]) => {
    await promisify(execFile)(...pgCtlArgs(...args));
  };
  execFileSync(...command(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']), {stdio: 'pipe'});
  const start = () => pgCtl('-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start');
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = 'fast') => pgCtl('-m', mode, '-w', 'stop'),
    start,
    restart: (mode = 'fast') => pgCtl('-l', join(dir, 'log'), '-m', mode, '-w', '-t', '60', '-o', options, 'restart'),
    destroy() {
      try {
        execFileSync(...pgCtlArgs('-m', 'immediate', 'stop'), {stdio: 'pipe'});
      } catch {
        // already stopped
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    },
  };
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
