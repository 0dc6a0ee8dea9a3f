import {sql, type Kysely, type Migration} from 'kysely';

/**
 * Spam stays out: a hash of each body (repeats), a keyed hash of the network it came from (bans;
 * cleared after 30 days), bans by email or network (hashed), and the owner's banned terms.
 */
export const spam = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('comments').addColumn('body_hash', 'text').execute();
    await db.schema.alterTable('comments').addColumn('network_key', 'text').execute();
    await db.schema.createIndex('comments_by_body_hash').on('comments').columns(['body_hash', 'created_ms']).execute();
    await db.schema.createIndex('comments_by_network_key').on('comments').columns(['network_key', 'created_ms']).execute();
    await db.schema.createTable('bans')
      .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('email', 'network')`))
      .addColumn('value_hash', 'text', (col) => col.notNull())
      .addColumn('note', 'text')
      .addColumn('created_ms', 'bigint', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('bans_pk', ['kind', 'value_hash'])
      .execute();
    await db.schema.createTable('banned_terms')
      .addColumn('term', 'text', (col) => col.primaryKey())
      .addColumn('created_ms', 'bigint', (col) => col.notNull())
      .execute();
  },
});
