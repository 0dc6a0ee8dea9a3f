import type {Db} from './db.js';

/**
 * Schema changes, applied in order, each once. Append only: a released
 * migration never changes. SQL must run on PostgreSQL 15 (Debian's) and on PGlite.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE comments (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     post_id text NOT NULL,
     parent_id integer REFERENCES comments (id),
     -- The thread's root comment; NULL on roots. Lets a page fetch whole threads with one query.
     root_id integer REFERENCES comments (id),
     depth integer NOT NULL DEFAULT 0,
     author_name text NOT NULL,
     author_email text,
     author_url text,
     body text NOT NULL,
     status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending')),
     created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
   );
   CREATE INDEX comments_roots_by_post ON comments (post_id, created_at, id) WHERE parent_id IS NULL;
   CREATE INDEX comments_by_root ON comments (root_id, created_at, id);
   CREATE INDEX comments_by_post ON comments (post_id);
   CREATE TABLE idempotency_keys (
     key text PRIMARY KEY,
     fingerprint text NOT NULL,
     comment_id integer REFERENCES comments (id),
     created_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);`,
  // One row per post. Every write locks its post's row first, so comments on one post get their
  // dates and IDs in commit order (a reader's cursor is never passed by a late commit), and the
  // visible count is kept in the write's own transaction instead of counted on every read.
  `CREATE TABLE posts (
     post_id text PRIMARY KEY,
     comment_count integer NOT NULL DEFAULT 0,
     last_created_at timestamptz
   );
   INSERT INTO posts (post_id, comment_count, last_created_at)
     SELECT post_id, count(*) FILTER (WHERE status = 'published'), max(created_at) FROM comments GROUP BY post_id;`,
];

// Any constant: it names the lock that keeps two starting instances from migrating at once.
const MIGRATION_LOCK = 720_451_001;

/** Brings the schema up to date; safe to call from several instances starting together. */
export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const [row] = await tx.query<{version: number}>('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
    const current = row?.version ?? 0;
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      for (const statement of splitStatements(MIGRATIONS[version - 1]!)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    return MIGRATIONS.length - current;
  });
}

// Extended-protocol queries take one statement each; our migrations hold no `;` inside strings.
function splitStatements(sql: string): string[] {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
}
