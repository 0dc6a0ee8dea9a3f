import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {afterAll, describe, expect, inject, it} from 'vitest';

import type {ThreadPage} from '../../server/src/protocol.js';
import {node, start} from './command.js';

describe('colloquy-server (the command)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, {recursive: true, force: true})));

  it('prints its usage with --help', () => {
    const [cmd, argv] = node(['--help']);
    const result = spawnSync(cmd, argv, {encoding: 'utf8'});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--database-url');
  });

  it('lists its commands, and refuses one it does not have with exit code 2', () => {
    const [cmd, argv] = node(['--help']);
    const help = spawnSync(cmd, argv, {encoding: 'utf8'});
    expect(help.stdout).toMatch(/Commands:\n\s+serve\s.+\n\s+import\s.+\n\s+export\s.+\n\s+backup\s.+\n\s+remap\s.+\n\s+person\s.+\n\s+hash-password\s/);
    const [cmd2, argv2] = node(['frobnicate']);
    const result = spawnSync(cmd2, argv2, {encoding: 'utf8'});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('there is no command "frobnicate"');
  });

  it.each(['import', 'export', 'backup', 'remap', 'person', 'hash-password'])('prints the %s command\'s own help with --help', (name) => {
    const [cmd, argv] = node([name, '--help']);
    const result = spawnSync(cmd, argv, {encoding: 'utf8'});
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: .*colloquy-server ${name}`));
  });

  it('hashes a password from standard input, and takes serve\'s options after "serve"', () => {
    const [cmd, argv] = node(['hash-password']);
    const hashed = spawnSync(cmd, argv, {encoding: 'utf8', input: 'correct horse\n'});
    expect(hashed.status).toBe(0);
    expect(hashed.stdout).toMatch(/^scrypt\$/);
    const [cmd2, argv2] = node(['serve', '--port', 'eighty']);
    const refused = spawnSync(cmd2, argv2, {encoding: 'utf8'});
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--port must be a number/);
  });

  it.each([
    [['--port', 'eighty']], [['--port', '70000']], [['--read-cache-mb', 'lots']], [['--read-cache-mb', '99999']], [['--database-url', 'mysql://x']], [['--allowed-origins', 'blog.example.com']], [['--nope']],
  ])('refuses %j with exit code 2 and says why', (args) => {
    const [cmd, argv] = node(args);
    const result = spawnSync(cmd, argv, {encoding: 'utf8'});
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/colloquy-server: .+\n\nUsage/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, finishes requests under way and keeps every acknowledged comment', async (signal) => {
    const dataDir = tempDir();
    const first = start(['--data-dir', dataDir]);
    const url = await first.url;
    const postId = `/cli/${signal}`;
    const endpoint = `${url}/api/v1/posts/${encodeURIComponent(postId)}/comments`;
    const send = (i: number) => fetch(endpoint, {
      method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({author: {name: 'Load'}, body: `comment ${i}`}),
    }).then((res) => (res.status === 201 ? i : -1), () => -1);

    const inFlight = Array.from({length: 40}, (_, i) => send(i));
    await Promise.race(inFlight); // the server is answering; the rest are under way or queued
    first.child.kill(signal);
    const acknowledged = (await Promise.all(inFlight)).filter((i) => i >= 0);
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain(`${signal}: finishing requests`);
    expect(acknowledged.length).toBeGreaterThan(0);

    const second = start(['--data-dir', dataDir]);
    try {
      const page = (await (await fetch(`${await second.url}/api/v1/posts/${encodeURIComponent(postId)}/comments?limit=100`)).json()) as ThreadPage;
      const stored = new Set(page.comments.map((c) => Number(c.body.split(' ')[1])));
      for (const i of acknowledged) expect(stored, `comment ${i} was acknowledged`).toContain(i);
    } finally {
      second.child.kill('SIGTERM');
      await second.exit;
    }
  });

  it('keeps every acknowledged comment when killed with SIGKILL under load, in the SQLite folder', async () => {
    const dataDir = tempDir();
    const first = start(['--data-dir', dataDir]);
    const url = await first.url;
    const postId = '/cli/SIGKILL';
    const endpoint = `${url}/api/v1/posts/${encodeURIComponent(postId)}/comments`;
    const acknowledged: number[] = [];
    let killed = false;
    // Eight writers post without pause; the process is killed while their requests are in flight.
    const writers = Array.from({length: 8}, async (_, w) => {
      for (let n = 0; !killed; n++) {
        const i = w * 10_000 + n;
        const ok = await fetch(endpoint, {method: 'POST', headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({author: {name: 'Load'}, body: `comment ${i}`})}).then((res) => res.status === 201, () => false);
        if (ok) acknowledged.push(i);
      }
    });
    while (acknowledged.length < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    expect(await first.exit).toBeNull(); // killed, not exited

    const second = start(['--data-dir', dataDir]);
    try {
      const stored = new Set<number>();
      let cursor: string | null = null;
      do {
        const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = (await (await fetch(`${await second.url}/api/v1/posts/${encodeURIComponent(postId)}/comments${query}`)).json()) as ThreadPage;
        for (const c of page.comments) stored.add(Number(c.body.split(' ')[1]));
        cursor = page.nextCursor;
      } while (cursor);
      expect(acknowledged.filter((i) => !stored.has(i))).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exit;
    }
  });

  it.skipIf(!inject('pgUrl'))('runs on PostgreSQL with DATABASE_URL, keeping comments across restarts', async () => {
    const postId = `/cli/postgres/${crypto.randomUUID()}`;
    const env = {...process.env, DATABASE_URL: inject('pgUrl')!};
    for (const body of ['first run', 'second run']) {
      const server = start([], env);
      const endpoint = `${await server.url}/api/v1/posts/${encodeURIComponent(postId)}/comments`;
      expect(server.output()).toContain('PostgreSQL');
      const res = await fetch(endpoint, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({author: {name: 'PG'}, body})});
      expect(res.status).toBe(201);
      const page = (await (await fetch(endpoint)).json()) as ThreadPage;
      expect(page.comments.map((c) => c.body)).toEqual(body === 'first run' ? ['first run'] : ['first run', 'second run']);
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
  });

  it('seeds the demo thread once, however often it starts', async () => {
    const dataDir = tempDir();
    const counts: number[] = [];
    for (let run = 0; run < 2; run++) {
      const server = start(['--data-dir', dataDir, '--demo']);
      const res = await fetch(`${await server.url}/api/v1/counts?post=welcome-to-colloquy`);
      counts.push(((await res.json()) as {counts: Record<string, number>}).counts['welcome-to-colloquy']!);
      const page = await fetch(await server.url);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<colloquy-comments');
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    }
    expect(counts[0]).toBeGreaterThanOrEqual(20);
    expect(counts[1]).toBe(counts[0]);
  });
});
