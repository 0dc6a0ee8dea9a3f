import {sql, type Kysely, type Migration} from 'kysely';

import type {DbKind} from './kind.js';

/** The owner hears about comments: an outbox of emails and webhooks, sent and retried by any instance. */
export const notifications = (kind: DbKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('notifications')
      .addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (col) =>
        kind === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement())
      .addColumn('channel', 'text', (col) => col.notNull().check(sql`channel IN ('email', 'webhook')`))
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('next_ms', 'bigint', (col) => col.notNull())
      .addColumn('done_ms', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_ms', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('notifications_due').on('notifications').columns(['done_ms', 'next_ms']).execute();
  },
});
