import {randomUUID} from 'node:crypto';

import {sql} from 'kysely';
import pg from 'pg';

import {openDb, type Db} from '../../server/src/db.js';

/**
 * Empty databases of their own, for tests that must start from nothing (a first start, an upgrade
 * from an old schema): a SQLite file in `dir`, or a new database on the test PostgreSQL server.
 * `drop()` removes every PostgreSQL database made.
 */
export function freshDatabases() {
  const made: string[] = [];
  return {
    /** A URL (PostgreSQL), a copy of the database named `template` if given, or nothing (SQLite in memory): what `openDb` takes. */
    async create(pgUrl: string | undefined, template?: string): Promise<string | undefined> {
      if (!pgUrl) return undefined;
      const name = `colloquy_${randomUUID().replaceAll('-', '')}`;
      await withClient(pgUrl, (client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`));
      made.push(name);
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      return url.href;
    },
    async open(pgUrl: string | undefined): Promise<Db> {
      const url = await this.create(pgUrl);
      return openDb(url ? {databaseUrl: url} : {});
    },
    async drop(pgUrl: string | undefined): Promise<void> {
      if (!pgUrl) return;
      for (const name of made.splice(0)) {
        await withClient(pgUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({connectionString: url});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every table, column, index, constraint and trigger of the database, as sorted lines: two
 * databases with the same schema give the same list.
 */
export async function schemaOf(db: Db): Promise<string[]> {
  if (db.kind === 'sqlite') {
    const {rows} = await sql<{type: string; name: string; sql: string | null}>`
      SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`.execute(db.kysely);
    return rows.map((row) => `${row.type} ${row.name}: ${row.sql ?? ''}`);
  }
  const {rows} = await sql<{line: string}>`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || pg_get_triggerdef(oid)
      FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'function ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    ORDER BY line`.execute(db.kysely);
  return rows.map((row) => row.line);
}

/** The names of the migrations the database records as done. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables({withInternalKyselyTables: true});
  if (!tables.some((table) => table.name === 'schema_migrations')) return [];
  const {rows} = await sql<{name: string}>`SELECT name FROM schema_migrations ORDER BY name`.execute(db.kysely);
  return rows.map((row) => row.name);
}
