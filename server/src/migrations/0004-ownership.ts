import {sql, type Kysely, type Migration} from 'kysely';

import type {DbKind} from './kind.js';

// The statuses as this migration knew them: its own copy, so a status added later cannot change it.
const STATUSES = sql.raw(`'published', 'pending', 'deleted', 'removed', 'spam', 'rejected'`);

/**
 * Authors own their comments: a hash of each comment's owner token, when it was edited, and the
 * statuses deletes and moderation need. SQLite cannot change a CHECK in place, so the table is
 * rebuilt there (inside the migration's transaction, as every migration runs; the index the old table
 * gets just before it goes kept that linear; it was quadratic in the comments until that was added).
 *
 * Servers before 0003 linked a claimed idempotency key to its comment from the key's row; since 0003
 * the comment names its key. Those links move to the comments first: a retry after the upgrade then
 * gets its comment back, and on SQLite, dropping the old table no longer trips over the links'
 * foreign key (such a database could not upgrade before this step was added).
 */
export const ownership = (kind: DbKind): Migration => ({
  async up(db: Kysely<unknown>) {
    await sql`UPDATE comments SET idempotency_key =
      (SELECT k.key FROM idempotency_keys k WHERE k.comment_id = comments.id ORDER BY k.key LIMIT 1)
      WHERE idempotency_key IS NULL AND id IN (SELECT comment_id FROM idempotency_keys WHERE comment_id IS NOT NULL)`.execute(db);
    await sql`UPDATE idempotency_keys SET comment_id = NULL WHERE comment_id IS NOT NULL`.execute(db);
    if (kind === 'postgres') {
      await sql`ALTER TABLE comments DROP CONSTRAINT comments_status_check`.execute(db);
      await sql`ALTER TABLE comments ADD CONSTRAINT comments_status_check CHECK (status IN (${STATUSES}))`.execute(db);
      await sql`ALTER TABLE comments ADD COLUMN edited_ms bigint, ADD COLUMN token_hash text`.execute(db);
    } else {
      // The new table refers to itself; the rename below makes those references say "comments".
      await sql`CREATE TABLE comments_next (
        id integer PRIMARY KEY AUTOINCREMENT,
        post_id text NOT NULL,
        parent_id integer REFERENCES comments_next (id),
        root_id integer REFERENCES comments_next (id),
        depth integer NOT NULL DEFAULT 0,
        author_name text NOT NULL,
        author_email text,
        author_url text,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'published' CHECK (status IN (${STATUSES})),
        created_ms bigint NOT NULL,
        idempotency_key text,
        edited_ms bigint,
        token_hash text)`.execute(db);
      await sql`INSERT INTO comments_next (id, post_id, parent_id, root_id, depth, author_name, author_email, author_url,
        body, status, created_ms, idempotency_key)
        SELECT id, post_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status, created_ms,
        idempotency_key FROM comments`.execute(db);
      // Dropping a table deletes its rows first, and the foreign keys look for each row's replies:
      // without an index on parent_id that is a scan a row, hours for a big thread.
      await sql`CREATE INDEX comments_old_by_parent ON comments (parent_id)`.execute(db);
      await sql`DROP TABLE comments`.execute(db);
      await sql`ALTER TABLE comments_next RENAME TO comments`.execute(db);
      await db.schema.createIndex('comments_roots_by_post').on('comments').columns(['post_id', 'created_ms', 'id'])
        .where(sql.ref('parent_id'), 'is', null).execute();
      await db.schema.createIndex('comments_by_root').on('comments').columns(['root_id', 'created_ms', 'id']).execute();
      await db.schema.createIndex('comments_by_idempotency_key').on('comments').column('idempotency_key').unique().execute();
    }
    await db.schema.createIndex('comments_by_token_hash').on('comments').column('token_hash').execute();
    await db.schema.createIndex('comments_by_parent').on('comments').column('parent_id').execute();
  },
});
