import {mkdirSync} from 'node:fs';
import {join} from 'node:path';

import {Kysely, type DatabaseConnection} from 'kysely';

import {describeError, log} from './log.js';
import {ChangeFeed} from './changes.js';
import type {Database} from './schema.js';

/** The database: embedded SQLite in a folder (or in memory), or a PostgreSQL pool. One typed query layer over both. */
export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  readonly kysely: Kysely<Database>;
  /** The writes this process committed, announced by the stores that made them. */
  readonly changes: ChangeFeed;
  /**
   * PostgreSQL only (SQLite has one server process): hears which posts other processes changed. A
   * trigger announces each changed post on POST_CHANGES_CHANNEL inside the writing transaction, so
   * the news arrives once it has committed; this process's own writes are left out (its `changes`
   * told of them already). `onLost` says news may have been missed; `onReady` that it flows again.
   */
  readonly listen?: (handlers: ChangeHandlers) => {close(): Promise<void>};
  /**
   * SQLite only: whether another process (an import, the sqlite3 shell) committed since this was
   * last asked. A cheap synchronous check (the file's change counter), for caches of what was read.
   */
  readonly changedElsewhere?: () => boolean;
  /** SQLite only: a consistent copy of the database in `file`, made while it serves (SQLite's online backup). */
  readonly backup?: (file: string) => Promise<void>;
  /** Waits for running queries, then closes. */
  close(): Promise<void>;
}

export interface ChangeHandlers {
  onChange(postId: string): void;
  onReady(): void;
  onLost(): void;
}

/** The PostgreSQL NOTIFY channel on which writes name the post they changed (migration 0002 keeps its own copy of the name). */
export const POST_CHANGES_CHANNEL = 'colloquy_post_changed';

export interface DbOptions {
  /** `postgres://…`: use PostgreSQL. Wins over `dataDir`. */
  databaseUrl?: string;
  /** The embedded database's folder; in memory when absent. */
  dataDir?: string;
  /**
   * SQLite: sync to disk at checkpoints rather than at every commit (still never corrupt, but a
   * power cut may lose the last commits). Only for work that can simply be run again, such as an
   * import, which skips what it already stored.
   */
  rerunnable?: boolean;
}

/** The embedded database's file inside its folder. */
export const SQLITE_FILE = 'colloquy.sqlite';

/**
 * The database cannot be reached right now (restarting, down, out of connections, locked). The
 * request may be retried: the app answers 503 with `Retry-After`. A write that fails this way may
 * or may not have committed; a retry with the same idempotency key settles which.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** Opens the database the options name. Drivers load on demand, so the unused one costs nothing. */
export async function openDb({databaseUrl, dataDir, rerunnable = false}: DbOptions = {}): Promise<Db> {
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(dataDir, rerunnable);
}

/** Runs database work, turning an outage into `DatabaseUnavailableError` and leaving every other error as it is. */
export async function duringOutage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUnavailable(error)) throw new DatabaseUnavailableError('The database is unavailable.', {cause: error});
    throw error;
  }
}

async function openSqlite(dataDir: string | undefined, rerunnable: boolean): Promise<Db> {
  const [{default: SQLite}, {CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver}] = await Promise.all([import('better-sqlite3'), import('kysely')]);
  if (dataDir) mkdirSync(dataDir, {recursive: true});
  const sqlite = new SQLite(dataDir ? join(dataDir, SQLITE_FILE) : ':memory:');
  // WAL lets readers run beside the writer; synchronous=FULL syncs the WAL on every commit, so a
  // comment answered 201 survives a power loss, not only a crash of the process.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(rerunnable ? 'synchronous = NORMAL' : 'synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's DDL is transactional, but Kysely's adapter says otherwise, so its migrator would run
  // migrations outside a transaction: a kill between a migration's tables and its record left a
  // database that would not start ("table already exists"). Saying so makes every upgrade commit
  // with its records, or not at all.
  class TransactionalSqliteAdapter extends SqliteAdapter {
    override get supportsTransactionalDdl(): boolean {
      return true;
    }
  }
  // Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to the busy
  // timeout for it: one that read first and wrote later could otherwise fail at once (SQLITE_BUSY)
  // when another process, such as `colloquy-server import` beside a running server, wrote between.
  class ImmediateSqliteDriver extends SqliteDriver {
    override async beginTransaction(connection: DatabaseConnection): Promise<void> {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    }
  }
  class Dialect extends SqliteDialect {
    override createAdapter() {
      return new TransactionalSqliteAdapter();
    }
    override createDriver() {
      return new ImmediateSqliteDriver({database: sqlite});
    }
  }
  const kysely = new Kysely<Database>({dialect: new Dialect({database: sqlite})});
  // PRAGMA data_version changes when another connection commits, never for this one's own writes.
  // Asked at most every 50 ms (a hot page is read thousands of times a second; another process's
  // write may take that long to show).
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let version = dataVersion.get();
  let checkedAt = 0;
  const changedElsewhere = () => {
    const now = performance.now();
    if (now - checkedAt < 50 || !sqlite.open) return false;
    checkedAt = now;
    const current = dataVersion.get();
    if (current === version) return false;
    version = current;
    return true;
  };
  const backup = async (file: string) => {
    await sqlite.backup(file);
  };
  return {kind: 'sqlite', kysely, changes: new ChangeFeed(), changedElsewhere, backup, close: () => kysely.destroy()};
}

async function openPostgres(connectionString: string): Promise<Db> {
  const [{default: pg}, {PostgresDialect}] = await Promise.all([import('pg'), import('kysely')]);
  // A request waits at most 5 s for a connection: during an outage it fails fast with a 503 instead
  // of piling up. Broken connections are discarded, so the pool heals when the database is back.
  const pool = new pg.Pool({
    connectionString, max: 10, connectionTimeoutMillis: 5_000, keepAlive: true,
    // int8 (our millisecond times, counts) as numbers: they stay far below 2^53.
    types: {getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? Number : (pg.types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format)},
  } as import('pg').PoolConfig);
  // A client whose connection drops emits 'error', idle in the pool or checked out by a query or a
  // transaction; without a listener that event would end the process.
  pool.on('error', (error) => log('warn', 'db.idle_client_failed', describeError(error)));
  // The backends this process writes through: their notifications are this process's own writes.
  const ownBackends = new Set<number>();
  pool.on('connect', (client) => {
    client.on('error', (error) => log('warn', 'db.client_failed', describeError(error)));
    const pid = (client as unknown as {processID?: number}).processID;
    if (pid !== undefined) ownBackends.add(pid);
  });
  pool.on('remove', (client) => ownBackends.delete((client as unknown as {processID?: number}).processID ?? -1));
  const kysely = new Kysely<Database>({dialect: new PostgresDialect({pool})});
  await duringOutage(() => kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute()); // fail at start when the URL is wrong
  const feeds = new Set<{close(): Promise<void>}>();
  return {
    kind: 'postgres',
    kysely,
    changes: new ChangeFeed(),
    listen(handlers) {
      const feed = listenForChanges(pg, connectionString, handlers, ownBackends);
      feeds.add(feed);
      return feed;
    },
    async close() {
      await Promise.all([...feeds].map((feed) => feed.close()));
      await kysely.destroy();
    },
  };
}

/** A connection of its own that LISTENs for changed posts, reconnecting (with backoff) whenever it drops. */
function listenForChanges(pg: typeof import('pg').default, connectionString: string, handlers: ChangeHandlers, ownBackends: ReadonlySet<number>) {
  let current: import('pg').Client | undefined;
  let closed = false;
  let delay = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    if (closed) return;
    const client = new pg.Client({connectionString, keepAlive: true, connectionTimeoutMillis: 5_000});
    // 'error', 'end' and a failed connect can each report one loss: reconnect once per client.
    let lost = false;
    const reconnect = () => {
      if (closed || lost) return;
      lost = true;
      if (current === client) current = undefined;
      handlers.onLost();
      timer = setTimeout(connect, delay);
      timer.unref();
      delay = Math.min(delay * 2, 30_000);
    };
    client.on('error', (error) => {
      log('warn', 'db.change_feed_failed', describeError(error));
      reconnect();
    });
    client.on('end', reconnect);
    client.on('notification', (message) => {
      if (message.channel === POST_CHANGES_CHANNEL && message.payload !== undefined && !ownBackends.has(message.processId)) {
        handlers.onChange(message.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${POST_CHANGES_CHANNEL}`);
      if (closed) return void client.end().catch(() => undefined);
      current = client;
      delay = 250;
      handlers.onReady();
    } catch (error) {
      log('warn', 'db.change_feed_failed', describeError(error));
      client.end().catch(() => undefined);
      reconnect();
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await current?.end().catch(() => undefined);
    },
  };
}

// Socket failures, the SQLSTATEs of a PostgreSQL that is shutting down, starting or full (08 connection
// exceptions, 57P01–57P05 shutdown and crash, 53300 too many connections), and a locked SQLite file.
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'SQLITE_BUSY', 'SQLITE_LOCKED']);
const UNAVAILABLE_SQLSTATE = /^(?:08...|57P0[1-5]|53300)$/;
// node-postgres reports a dropped socket or a pool wait that timed out without a code.
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed/i;

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as {code?: unknown}).code;
  if (typeof code === 'string' && (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable); // connect tries each address
  return typeof code !== 'string' && UNAVAILABLE_MESSAGE.test(error.message);
}
