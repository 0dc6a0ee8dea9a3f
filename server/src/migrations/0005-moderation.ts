import type {Kysely, Migration} from 'kysely';

import type {DbKind} from './kind.js';

/**
 * Site owners moderate: who wrote a comment (a keyed hash of their email, never the email in clear
 * for matching), why it was held, per-post moderation and closing, and a log of every action.
 */
export const moderation = (kind: DbKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('comments').addColumn('author_key', 'text').execute();
    await db.schema.alterTable('comments').addColumn('held_for', 'text').execute();
    await db.schema.createIndex('comments_by_author_key').on('comments').columns(['author_key', 'status']).execute();
    await db.schema.createIndex('comments_by_status').on('comments').columns(['status', 'created_ms']).execute();
    await db.schema.alterTable('posts').addColumn('moderation', 'text').execute();
    await db.schema.alterTable('posts').addColumn('closed', 'integer', (col) => col.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('posts').addColumn('opened_ms', 'bigint').execute();
    await db.schema.createTable('moderation_log')
      .addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (col) =>
        kind === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement())
      .addColumn('at_ms', 'bigint', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('comment_id', 'integer')
      .addColumn('post_id', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('moderation_log_by_time').on('moderation_log').column('at_ms').execute();
  },
});
