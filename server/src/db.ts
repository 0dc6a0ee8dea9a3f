import {log, describeError} from './log.js';

/** Runs SQL with `$1` parameters; the same SQL runs on PGlite and PostgreSQL (15+). */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A database connection: PGlite in a folder (or in memory), or a PostgreSQL pool. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Waits for running queries, then closes; PGlite flushes its folder. */
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…`: use PostgreSQL. Wins over `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder; in memory when absent. */
  dataDir?: string;
}

/**
 * The database cannot be reached right now (restarting, down, out of connections). The request may
 * be retried: the app answers 503 with `Retry-After`. A write that fails this way may or may not
 * have committed; a retry with the same idempotency key settles which.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** Opens the database the options name. Drivers load on demand, so the unused one costs nothing. */
export async function openDb({databaseUrl, dataDir}: DbOptions = {}): Promise<Db> {
  return databaseUrl ? openPostgres(databaseUrl) : openPglite(dataDir);
}

async function openPglite(dataDir?: string): Promise<Db> {
  const {PGlite} = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir);
  const query = async <Row>(sql: string, params?: readonly unknown[]) =>
    (await pglite.query<Row>(sql, params as unknown[] | undefined)).rows;
  return {
    kind: 'pglite',
    query,
    transaction: (work) => pglite.transaction((tx) =>
      work({query: async <Row>(sql: string, params?: readonly unknown[]) =>
        (await tx.query<Row>(sql, params as unknown[] | undefined)).rows})),
    close: () => pglite.close(),
  };
}

// Socket failures, and the SQLSTATEs of a server that is shutting down, starting, or full:
// 08 connection exceptions, 57P01–57P05 shutdown and crash, 53300 too many connections.
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
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

/** Re-throws an outage as `DatabaseUnavailableError`, anything else as it is. */
function rethrow(error: unknown): never {
  if (isUnavailable(error)) throw new DatabaseUnavailableError('The database is unavailable.', {cause: error});
  throw error;
}

async function openPostgres(connectionString: string): Promise<Db> {
  const {default: pg} = await import('pg');
  // A request waits at most 5 s for a connection: during an outage it fails fast with a 503
  // instead of piling up. Broken connections are discarded, so the pool heals when the database is back.
  const pool = new pg.Pool({connectionString, max: 10, connectionTimeoutMillis: 5_000, keepAlive: true});
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', (error) => log('warn', 'db.idle_client_failed', describeError(error)));
  const query = async <Row>(sql: string, params?: readonly unknown[]) => {
    try {
      return (await pool.query(sql, params as unknown[] | undefined)).rows as Row[];
    } catch (error) {
      return rethrow(error);
    }
  };
  await query('SELECT 1'); // fail at start, not at the first reader, when the URL is wrong
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await pool.connect().catch(rethrow);
      // A checked-out client whose connection drops emits 'error' too; the pool listens only to idle ones.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work({query: async <Row>(sql: string, params?: readonly unknown[]) =>
          (await client.query(sql, params as unknown[] | undefined)).rows as Row[]});
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken ??= rollbackError));
        return rethrow(error);
      } finally {
        client.off('error', onError);
        client.release(broken); // a broken connection is destroyed, not returned to the pool
      }
    },
    close: () => pool.end(),
  };
}
