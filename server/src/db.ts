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

async function openPostgres(connectionString: string): Promise<Db> {
  const {default: pg} = await import('pg');
  const pool = new pg.Pool({connectionString, max: 10});
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', (error) => console.error('[colloquy-server] idle PostgreSQL client failed:', error.message));
  const query = async <Row>(sql: string, params?: readonly unknown[]) =>
    (await pool.query(sql, params as unknown[] | undefined)).rows as Row[];
  await query('SELECT 1'); // fail at start, not at the first reader, when the URL is wrong
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({query: async <Row>(sql: string, params?: readonly unknown[]) =>
          (await client.query(sql, params as unknown[] | undefined)).rows as Row[]});
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
