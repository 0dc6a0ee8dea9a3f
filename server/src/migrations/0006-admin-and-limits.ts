import type {Kysely, Migration} from 'kysely';

/** Site owners sign in (sessions any instance can check), and limits that hold across instances. */
export const adminAndLimits = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('admin_sessions')
      .addColumn('id_hash', 'text', (col) => col.primaryKey())
      .addColumn('user_name', 'text', (col) => col.notNull())
      .addColumn('csrf', 'text', (col) => col.notNull())
      .addColumn('expires_ms', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createTable('rate_limits')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('window_start_ms', 'bigint', (col) => col.notNull())
      .addColumn('count', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('rate_limits_by_window').on('rate_limits').column('window_start_ms').execute();
  },
});
