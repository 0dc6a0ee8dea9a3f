import {Migrator, sql} from 'kysely';

import type {Db} from './db.js';
import {HISTORY} from './migrations/index.js';
import {renderMissingBodies} from './store/rendered-bodies.js';

/** Where the migrator records which migrations a database has had. */
export const MIGRATION_TABLE = 'schema_migrations';

/**
 * The database was upgraded by a newer Colloquy: this version refuses to start on it, so it is never
 * served, or half migrated, by code that does not know its schema.
 */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
}

/**
 * Brings the database up to date: the schema (HISTORY), then what this version derives from stored
 * rows (bodies' HTML). Safe with several instances starting together on one PostgreSQL (Kysely's
 * migrator takes an advisory lock there). Returns how many migrations ran.
 */
export async function migrate(db: Db, {to, onPending}: {
  to?: string;
  /** Told how many migrations this database lacks, before any runs (when it lacks any). */
  onPending?: (count: number) => void;
} = {}): Promise<number> {
  const applied = await appliedMigrations(db);
  refuseNewerSchema(applied);
  if (applied.length < HISTORY.length) onPending?.(HISTORY.length - applied.length);
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

async function appliedMigrations(db: Db): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables({withInternalKyselyTables: true});
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return []; // a new database
  const {rows} = await sql<{name: string}>`SELECT name FROM ${sql.table(MIGRATION_TABLE)}`.execute(db.kysely);
  return rows.map((row) => row.name);
}

function refuseNewerSchema(applied: readonly string[]): void {
  const known = new Set(HISTORY.map(([name]) => name));
  const unknown = applied.filter((name) => !known.has(name)).sort();
  if (unknown.length === 0) return;
  const newest = HISTORY.at(-1)![0];
  throw new NewerSchemaError(`this database was upgraded by a newer version of Colloquy (it has migration ${unknown.join(', ')}; ` +
    `this version knows up to ${newest}). Run that version or a later one, or restore a backup made before the upgrade.`);
}
