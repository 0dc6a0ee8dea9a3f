import type {Kysely, Migration} from 'kysely';

/**
 * A comment carries the idempotency key that made it, so storing one needs no second write to the
 * key's row while the post is locked. Keys are cleared with their claims after a day.
 */
export const commentIdempotencyKey = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('comments').addColumn('idempotency_key', 'text').execute();
    await db.schema.createIndex('comments_by_idempotency_key').on('comments').column('idempotency_key').unique().execute();
  },
});
