import {sql, type Kysely, type Migration} from 'kysely';

import type {DbKind} from './kind.js';

/** Comments, posts, idempotency keys and a key-value table. */
export const initial = (kind: DbKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('comments')
      .addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (col) =>
        kind === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()) // IDs never reused
      .addColumn('post_id', 'text', (col) => col.notNull())
      .addColumn('parent_id', 'integer', (col) => col.references('comments.id'))
      .addColumn('root_id', 'integer', (col) => col.references('comments.id'))
      .addColumn('depth', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('author_name', 'text', (col) => col.notNull())
      .addColumn('author_email', 'text')
      .addColumn('author_url', 'text')
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('published').check(sql`status IN ('published', 'pending')`))
      .addColumn('created_ms', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('comments_roots_by_post').on('comments').columns(['post_id', 'created_ms', 'id'])
      .where(sql.ref('parent_id'), 'is', null).execute();
    await db.schema.createIndex('comments_by_root').on('comments').columns(['root_id', 'created_ms', 'id']).execute();
    await db.schema.createTable('posts')
      .addColumn('post_id', 'text', (col) => col.primaryKey())
      .addColumn('comment_count', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_created_ms', 'bigint')
      .execute();
    await db.schema.createTable('idempotency_keys')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('fingerprint', 'text', (col) => col.notNull())
      .addColumn('comment_id', 'integer', (col) => col.references('comments.id'))
      .addColumn('created_ms', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('idempotency_keys_by_age').on('idempotency_keys').column('created_ms').execute();
    await db.schema.createTable('meta')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .execute();
  },
});
