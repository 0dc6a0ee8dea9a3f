import {Migrator} from 'kysely';

import type {Db} from './db.js';
import {HISTORY} from './migrations/index.js';
import {renderMissingBodies} from './store/rendered-bodies.js';

/** Where the migrator records which migrations a database has had. */
export const MIGRATION_TABLE = 'schema_migrations';

/**
 * Brings the database up to date: the schema (HISTORY), then what this version derives from stored
 * rows (bodies' HTML). Safe with several instances starting together on one PostgreSQL (Kysely's
 * migrator takes an advisory lock there). Returns how many migrations ran.
 */
export async function migrate(db: Db, {to}: {to?: string} = {}): Promise<number> {
  const migrations = Object.fromEntries(HISTORY.map(([name, make]) => [name, make(db.kind)]));
  const migrator = new Migrator({
    db: db.kysely,
    provider: {getMigrations: async () => migrations},
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: 'schema_migrations_lock',
  });
  // `to` stops at a named migration: tests use it to build the databases older versions left.
  const {error, results} = to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(to);
  if (error) throw error;
  if (to === undefined) await renderMissingBodies(db.kysely);
  return results?.filter((r) => r.status === 'Success').length ?? 0;
}
