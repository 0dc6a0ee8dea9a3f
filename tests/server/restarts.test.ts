import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {sql} from 'kysely';
import {afterAll, describe, expect, inject, it} from 'vitest';

import {openDb, type Db} from '../../server/src/db.js';
import {migrate} from '../../server/src/migrate.js';
import {HISTORY} from '../../server/src/migrations/index.js';
import type {CountsResponse, ThreadPage} from '../../server/src/protocol.js';
import {appliedMigrations, freshDatabases, schemaOf} from './databases.js';
import {start} from './command.js';

const NAMES = HISTORY.map(([name]) => name);
const pgUrl = inject('pgUrl') ?? undefined;
const DEMO_POST = 'welcome-to-colloquy';
/** How many times each start is killed, at instants spread over it. */
const KILLS = 6;
/** The schema an old server left, and how many comments it holds: enough that upgrading takes a while. */
const OLD_SCHEMA = '0003-comment-idempotency-key';
const OLD_COMMENTS = 20_000;
const OLD_POST = '/a/busy/post';

describe('colloquy-server starts, is killed, and starts again', () => {
  const dirs: string[] = [];
  const fresh = freshDatabases();
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-restart-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    dirs.forEach((dir) => rmSync(dir, {recursive: true, force: true}));
    await fresh.drop(pgUrl);
  });

  /** Where one server keeps its data: a SQLite folder, or a PostgreSQL database (copied from `template` when given). */
  const storage = async (kind: 'sqlite' | 'postgres', template?: string) => {
    if (kind === 'sqlite') {
      const dir = tempDir();
      if (template) cpSync(template, dir, {recursive: true});
      return {args: ['--data-dir', dir], env: process.env, open: () => openDb({dataDir: dir})};
    }
    const url = await fresh.create(pgUrl, template);
    return {args: [], env: {...process.env, DATABASE_URL: url}, open: () => openDb({databaseUrl: url!})};
  };

  it('refuses to start on a database written by a newer version, and says why', async () => {
    const dir = tempDir();
    const db = await openDb({dataDir: dir});
    await migrate(db);
    await sql`INSERT INTO schema_migrations (name, timestamp) VALUES ('9999-from-the-future', ${new Date().toISOString()})`.execute(db.kysely);
    await db.close();
    const server = start(['--data-dir', dir]);
    expect(await server.exit).toBe(1);
    expect(server.output()).toMatch(/could not start: this database was upgraded by a newer version of Colloquy \(it has migration 9999-from-the-future/);
    expect(server.output()).not.toMatch(/listening/);
  });

  it.skipIf(!pgUrl)('several instances starting at once on one new PostgreSQL database: one migrates, the others wait, then all serve', async () => {
    const {env} = await storage('postgres');
    const servers = Array.from({length: 3}, () => start(['--demo'], env));
    try {
      const urls = await Promise.all(servers.map((server) => server.url));
      expect(servers.filter((server) => /"event":"db\.migrated"/.test(server.output()))).toHaveLength(1);
      const posts = await Promise.all(urls.map((url, i) => post(url, `/together`, `from instance ${i}`)));
      expect(posts).toEqual([201, 201, 201]);
      for (const url of urls) {
        const counts = (await (await fetch(`${url}/api/v1/counts?post=${encodeURIComponent('/together')}&post=${DEMO_POST}`)).json()) as CountsResponse;
        expect(counts.counts['/together']).toBe(3);
        expect(counts.counts[DEMO_POST]).toBe(DEMO_COMMENTS); // seeded once
      }
    } finally {
      for (const server of servers) server.child.kill('SIGTERM');
      await Promise.all(servers.map((server) => server.exit));
    }
    const db = await openDb({databaseUrl: env.DATABASE_URL!});
    expect(await appliedMigrations(db)).toEqual(NAMES);
    await db.close();
  });

  describe.each([
    {name: 'SQLite', kind: 'sqlite' as const, available: true},
    {name: 'PostgreSQL', kind: 'postgres' as const, available: !!pgUrl},
  ])('on $name', ({kind, available}) => {
    it.skipIf(!available)(`killed at ${KILLS} instants of a first start, it starts again whole: schema, demo thread and new posts`, async () => {
      await killAndRestart({
        prepare: () => storage(kind),
        args: ['--demo'],
        // Killed before its one transaction committed, a database holds at most Kysely's own bookkeeping tables.
        before: [],
        check: async (url) => {
          const counts = (await (await fetch(`${url}/api/v1/counts?post=${DEMO_POST}`)).json()) as CountsResponse;
          expect(counts.counts[DEMO_POST]).toBe(DEMO_COMMENTS);
        },
      });
    });

    it.skipIf(!available)(`killed at ${KILLS} instants of an upgrade of ${OLD_COMMENTS.toLocaleString('en')} comments, it keeps every one and starts again`, async () => {
      const template = await oldDatabase(kind);
      await killAndRestart({
        prepare: () => storage(kind, template),
        args: [],
        before: NAMES.slice(0, NAMES.indexOf(OLD_SCHEMA) + 1),
        atKill: async (db) => {
          const {rows} = await sql<{n: number | string}>`SELECT count(*) AS n FROM comments`.execute(db.kysely);
          expect(Number(rows[0]!.n)).toBe(OLD_COMMENTS);
        },
        check: async (url, db) => {
          const page = (await (await fetch(`${url}/api/v1/posts/${encodeURIComponent(OLD_POST)}/comments?limit=1`)).json()) as ThreadPage;
          expect(page.total).toBe(OLD_COMMENTS + 1); // the old comments and the one posted after the restart
          const {rows} = await sql<{n: number | string}>`SELECT count(*) AS n FROM comments WHERE body_html IS NULL`.execute(db.kysely);
          expect(Number(rows[0]!.n)).toBe(0); // every old body rendered, however often the rendering was cut short
        },
      });
    });
  });

  /** A database as an old server left it, many comments deep: a folder (SQLite) or a template database (PostgreSQL). */
  async function oldDatabase(kind: 'sqlite' | 'postgres'): Promise<string> {
    const place = await storage(kind);
    const db = await place.open();
    await migrate(db, {to: OLD_SCHEMA});
    const now = Date.now() - 86_400_000;
    await db.kysely.transaction().execute(async (tx) => {
      for (let first = 0; first < OLD_COMMENTS; first += 500) {
        const rows = Array.from({length: 500}, (_, i) => ({post_id: OLD_POST, parent_id: null, root_id: null, depth: 0,
          author_name: `Reader ${first + i}`, author_email: null, author_url: null, status: 'published' as const,
          body: `Comment **${first + i}**, with [a link](https://example.org/${first + i}) and \`code\`.`, created_ms: now + first + i}));
        await tx.insertInto('comments').values(rows as never).execute();
      }
      await tx.insertInto('posts').values({post_id: OLD_POST, comment_count: OLD_COMMENTS, last_created_ms: now + OLD_COMMENTS} as never).execute();
    });
    await db.close();
    return kind === 'sqlite' ? place.args[1]! : new URL(place.env.DATABASE_URL!).pathname.slice(1);
  }

  /**
   * Times one whole start, then kills starts at instants spread over that time (from the moment it
   * says it is migrating), and after each kill checks the database is at a migration boundary, its
   * schema exactly that boundary's, before a full start that must serve and accept posts.
   */
  async function killAndRestart({prepare, args, before, atKill, check}: {
    prepare: () => Promise<{args: string[]; env: NodeJS.ProcessEnv; open: () => Promise<Db>}>;
    args: string[];
    before: readonly string[];
    atKill?: (db: Db) => Promise<void>;
    check: (url: string, db: Db) => Promise<void>;
  }) {
    const timed = await prepare();
    const whole = start([...timed.args, ...args], timed.env);
    await whole.seen(/"event":"db\.migrating"/);
    const began = performance.now();
    await whole.url;
    const span = (performance.now() - began) * 1.2;
    whole.child.kill('SIGKILL');
    await whole.exit;

    const schemas = new Map<string, string[]>();
    for (let k = 0; k < KILLS; k++) {
      const place = await prepare();
      const server = start([...place.args, ...args], place.env);
      await server.seen(/"event":"db\.migrating"/);
      await new Promise((resolve) => setTimeout(resolve, ((k + Math.random()) / KILLS) * span));
      server.child.kill('SIGKILL');
      await server.exit;

      const db = await place.open();
      try {
        const applied = await appliedMigrations(db);
        expect([before, NAMES], `killed ${k}`).toContainEqual(applied);
        const schema = (await schemaOf(db)).filter((line) => !/schema_migrations/.test(line));
        expect(schema, `killed ${k}: the schema is exactly the one its records name`).toEqual(await schemaAt(db.kind, applied, schemas));
        await atKill?.(db);
      } finally {
        await db.close();
      }

      const again = start([...place.args, ...args], place.env);
      try {
        const url = await again.url;
        expect(await post(url, OLD_POST, 'after the restart')).toBe(201);
        const db = await place.open();
        try {
          await check(url, db);
        } finally {
          await db.close();
        }
      } finally {
        again.child.kill('SIGTERM');
        expect(await again.exit).toBe(0);
      }
    }
  }

  /** The schema of a new database brought to the end of `applied` (Kysely's bookkeeping left out). */
  async function schemaAt(kind: Db['kind'], applied: readonly string[], memo: Map<string, string[]>): Promise<string[]> {
    const key = `${kind}:${applied.length}`;
    if (!memo.has(key)) {
      const db = kind === 'sqlite' ? await openDb({}) : await fresh.open(pgUrl);
      if (applied.length) await migrate(db, {to: applied.at(-1)!});
      memo.set(key, (await schemaOf(db)).filter((line) => !/schema_migrations/.test(line)));
      await db.close();
    }
    return memo.get(key)!;
  }
});

/** The comments `--demo` seeds: all of them, or none while the seeding is not committed. */
const DEMO_COMMENTS = 26;

async function post(url: string, postId: string, body: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/posts/${encodeURIComponent(postId)}/comments`, {method: 'POST',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({author: {name: 'Restart'}, body})});
  return res.status;
}
