import type {Kysely, Migration} from 'kysely';

/**
 * Imported comments remember where they came from (a source, such as `disqus` or `wordpress:<site>`,
 * and the comment's ID there), so importing the same file again, or a newer export of the same
 * site, adds only what is new. No foreign key: a later rebuild of `comments` need not touch it.
 */
export const imports = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('imported_comments')
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('source_id', 'text', (col) => col.notNull())
      .addColumn('comment_id', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('imported_comments_pk', ['source', 'source_id'])
      .execute();
    await db.schema.createIndex('imported_comments_by_comment').on('imported_comments').column('comment_id').execute();
  },
});
