import {randomUUID} from 'node:crypto';

import {Kysely, PostgresDialect} from 'kysely';
import pg from 'pg';
import {inject} from 'vitest';

import {createApp} from '../../server/src/app.js';
import {ChangeFeed} from '../../server/src/changes.js';
import {openDb, type Db} from '../../server/src/db.js';
import {migrate} from '../../server/src/migrate.js';
import type {ReadCache} from '../../server/src/read-cache.js';
import {readCacheFor} from '../../server/src/server.js';
import type {Database} from '../../server/src/schema.js';
import type {AdminOptions} from '../../server/src/routes/admin.js';
import type {ScreeningOptions} from '../../server/src/spam/screen.js';
import type {SpamRules} from '../../server/src/spam/signals.js';
import {AdminSessions} from '../../server/src/store/admin-sessions.js';
import {CommentStore, type StoreOptions} from '../../server/src/store/comments.js';
import {importFile} from '../../server/src/import/run.js';
import {ModerationStore} from '../../server/src/store/moderation.js';
import {PeopleStore} from '../../server/src/store/people.js';
import {RateLimits} from '../../server/src/store/rate-limits.js';
import {Secrets} from '../../server/src/store/secrets.js';
import {SpamStore} from '../../server/src/store/spam.js';

/** The databases every store and API test runs on: SQLite always, PostgreSQL when the setup found one. */
export const DATABASES = [
  {name: 'SQLite', url: undefined as string | undefined, available: true},
  {name: 'PostgreSQL', url: inject('pgUrl') ?? undefined, available: inject('pgUrl') !== null},
];

export interface Harness {
  readonly db: Db;
  readonly store: CommentStore;
  readonly app: ReturnType<typeof createApp>;
  readonly cache: ReadCache;
}

/** Opens and migrates a database (in memory for SQLite), with an app over it. */
export async function openHarness(url: string | undefined, allowedOrigins: readonly string[] = ['*'],
  storeOptions: StoreOptions = {}): Promise<Harness> {
  const db = await openDb(url ? {databaseUrl: url} : {});
  await migrate(db);
  const store = new CommentStore(db, storeOptions);
  const cache = readCacheFor(db, 16);
  return {db, store, cache, app: createApp({store, allowedOrigins, cache})};
}

/** A post ID no other test uses, so tests share a database without seeing each other. */
export function freshPostId(label = 'post'): string {
  return `/${label}/${randomUUID()}`;
}

export const commentsPath = (postId: string, query = '') => `/api/v1/posts/${encodeURIComponent(postId)}/comments${query}`;

/** POSTs JSON (or a raw string) the way a browser would. */
export function postJson(app: Harness['app'], path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', ...headers},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const aComment = (overrides: Record<string, unknown> = {}) => ({
  author: {name: 'Ada', email: 'ada@example.org', url: 'https://ada.example.org'},
  body: 'Hello **world**',
  ...overrides,
});

/** A store over a PostgreSQL that is not there: every query is refused, as in an outage. */
export function outageStore(): CommentStore {
  return new CommentStore(outageDb());
}

/** A database handle on a PostgreSQL that is not there. */
export function outageDb(): Db {
  const pool = new pg.Pool({connectionString: 'postgres://colloquy@127.0.0.1:1/nothing', connectionTimeoutMillis: 1_000});
  return {kind: 'postgres', kysely: new Kysely<Database>({dialect: new PostgresDialect({pool})}), changes: new ChangeFeed(), close: () => pool.end()};
}

/** The admin page's parts over `db`, for `createApp({admin})`. */
export function adminOn(db: Db, users: ReadonlyMap<string, string>, trustProxy = true): AdminOptions {
  const secrets = new Secrets(db.kysely);
  return {users, sessions: new AdminSessions(db), moderation: new ModerationStore(db), limits: new RateLimits(db), secrets,
    spam: new SpamStore(db, secrets), trustProxy, people: new PeopleStore(db), importFile: (input, options) => importFile(db, input, options)};
}

/** Spam screening over `db`, for `createApp({screening})`; clients name their address in X-Forwarded-For. */
export function screeningOn(db: Db, rules: Partial<SpamRules> = {}, admin?: AdminOptions): ScreeningOptions {
  // Sharing the admin page's spam store, as one server does: banned terms it sets apply at once.
  const secrets = admin?.secrets ?? new Secrets(db.kysely);
  return {limits: new RateLimits(db), spam: admin?.spam ?? new SpamStore(db, secrets), secrets, moderation: new ModerationStore(db),
    trustProxy: true, rules};
}

/**
 * Limits count in fixed windows (a minute, a quarter of an hour): a test that must see several hits
 * in one window first waits out the end of the current one when it is near.
 */
export async function awayFromWindowEdge(windowMs: number, marginMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
