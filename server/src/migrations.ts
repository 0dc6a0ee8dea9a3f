import {Migrator, sql, type Kysely, type Migration} from 'kysely';

import {POST_CHANGES_CHANNEL, type Db} from './db.js';
import {markdownToHtml} from './protocol.js';
import {STORED_STATUSES, type Database} from './schema.js';

/**
 * Schema changes, applied in the order of their names (Kysely sorts them), each once, on SQLite and on PostgreSQL (15+) alike. Append only:
 * a released migration never changes. Written with Kysely's schema builder, so no SQL dialect leaks
 * out; the only difference between the databases is how an ID counts up.
 */
function migrations(kind: Db['kind']): Record<string, Migration> {
  return {
    '0001-initial': {
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
    },
    // PostgreSQL announces every change to a post's comments itself, inside the writing transaction,
    // so other instances drop their cached pages once it commits, whatever wrote (see Db.listen).
    // SQLite has one server process, which knows its own writes.
    '0002-post-change-notify': {
      async up(db: Kysely<unknown>) {
        if (kind !== 'postgres') return;
        await sql.raw(`CREATE FUNCTION colloquy_notify_post_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM pg_notify('${POST_CHANGES_CHANNEL}', CASE WHEN TG_OP = 'DELETE' THEN OLD.post_id ELSE NEW.post_id END);
            RETURN NULL;
          END $$`).execute(db);
        await sql.raw(`CREATE TRIGGER comments_notify_post_change AFTER INSERT OR UPDATE OR DELETE ON comments
          FOR EACH ROW EXECUTE FUNCTION colloquy_notify_post_change()`).execute(db);
      },
    },
    // A comment carries the idempotency key that made it, so storing one needs no second write to
    // the key's row while the post is locked. Keys are cleared with their claims after a day.
    '0003-comment-idempotency-key': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('comments').addColumn('idempotency_key', 'text').execute();
        await db.schema.createIndex('comments_by_idempotency_key').on('comments').column('idempotency_key').unique().execute();
      },
    },
    // Authors own their comments: a hash of each comment's owner token, when it was edited, and the
    // statuses deletes and moderation need. SQLite cannot change a CHECK in place, so the table is
    // rebuilt there (in one transaction: SQLite's DDL is transactional, and Kysely runs none itself).
    '0004-ownership': {
      async up(db: Kysely<unknown>) {
        const statuses = sql.raw(STORED_STATUSES.map((s) => `'${s}'`).join(', '));
        if (kind === 'postgres') {
          await sql`ALTER TABLE comments DROP CONSTRAINT comments_status_check`.execute(db);
          await sql`ALTER TABLE comments ADD CONSTRAINT comments_status_check CHECK (status IN (${statuses}))`.execute(db);
          await sql`ALTER TABLE comments ADD COLUMN edited_ms bigint, ADD COLUMN token_hash text`.execute(db);
        } else {
          await db.transaction().execute(async (tx) => {
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
              status text NOT NULL DEFAULT 'published' CHECK (status IN (${statuses})),
              created_ms bigint NOT NULL,
              idempotency_key text,
              edited_ms bigint,
              token_hash text)`.execute(tx);
            await sql`INSERT INTO comments_next (id, post_id, parent_id, root_id, depth, author_name, author_email, author_url,
              body, status, created_ms, idempotency_key)
              SELECT id, post_id, parent_id, root_id, depth, author_name, author_email, author_url, body, status, created_ms,
              idempotency_key FROM comments`.execute(tx);
            await sql`DROP TABLE comments`.execute(tx);
            await sql`ALTER TABLE comments_next RENAME TO comments`.execute(tx);
            await tx.schema.createIndex('comments_roots_by_post').on('comments').columns(['post_id', 'created_ms', 'id'])
              .where(sql.ref('parent_id'), 'is', null).execute();
            await tx.schema.createIndex('comments_by_root').on('comments').columns(['root_id', 'created_ms', 'id']).execute();
            await tx.schema.createIndex('comments_by_idempotency_key').on('comments').column('idempotency_key').unique().execute();
          });
        }
        await db.schema.createIndex('comments_by_token_hash').on('comments').column('token_hash').execute();
        await db.schema.createIndex('comments_by_parent').on('comments').column('parent_id').execute();
      },
    },
    // Site owners moderate: who wrote a comment (a keyed hash of their email, never the email in
    // clear for matching), why it was held, per-post moderation and closing, and a log of every action.
    '0005-moderation': {
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
    },
    // Site owners sign in (sessions any instance can check) and limits that hold across instances.
    '0006-admin-and-limits': {
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
    },
    // Spam stays out: a hash of each body (repeats), a keyed hash of the network it came from (bans;
    // cleared after 30 days), bans by email or network (hashed), and the owner's banned terms.
    '0007-spam': {
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
    },
    // The owner hears about comments: an outbox of emails and webhooks, sent and retried by any instance.
    '0008-notifications': {
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
    },
    // Bodies rendered once, when written, and sent as `html`: readers' browsers need no Markdown parser.
    '0009-rendered-bodies': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('comments').addColumn('body_html', 'text').execute();
        await renderStoredBodies(db as Kysely<Database>);
      },
    },
  };
}

/** Renders every stored body that has no HTML yet, a batch at a time (a big import must not sit in memory). */
async function renderStoredBodies(db: Kysely<Database>): Promise<void> {
  for (let after = 0; ;) {
    const rows = await db.selectFrom('comments').select(['id', 'body']).where('id', '>', after).where('body_html', 'is', null)
      .orderBy('id').limit(500).execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      await db.updateTable('comments').set({body_html: row.body ? markdownToHtml(row.body) : ''}).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
}

/**
 * Brings the schema up to date. Safe with several instances starting together on one PostgreSQL
 * (Kysely's migrator takes an advisory lock there). Returns how many migrations ran.
 */
export async function migrate(db: Db, {to}: {to?: string} = {}): Promise<number> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: {getMigrations: async () => migrations(db.kind)},
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  // `to` stops at a named migration: tests use it to check that data written by an older schema survives.
  const {error, results} = to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(to);
  if (error) throw error;
  return results?.filter((r) => r.status === 'Success').length ?? 0;
}
