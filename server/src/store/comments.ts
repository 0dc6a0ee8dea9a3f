import {createHash, randomBytes} from 'node:crypto';

import {sql, type Kysely, type Selectable, type Transaction} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import {ProblemError} from '../problem-error.js';
import {LIMITS, type Comment, type CountsResponse, type NewComment, type Order, type ThreadPage} from '../protocol.js';
import type {CommentsTable, Database} from '../schema.js';
import {CursorCodec, type Cursor} from './cursor.js';

const COLUMNS = ['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body', 'status', 'created_ms'] as const;
type CommentRow = Pick<Selectable<CommentsTable>, (typeof COLUMNS)[number]>;
type ParentRow = Pick<Selectable<CommentsTable>, 'id' | 'root_id' | 'depth'>;

/** A stored comment, and whether an earlier request with the same idempotency key made it. */
export interface AddResult {
  readonly comment: Comment;
  readonly replayed: boolean;
}

export interface ListOptions {
  readonly order?: Order;
  readonly limit?: number;
  /** A `nextCursor` from an earlier page; throws `ProblemError('invalid_request')` if it is not one. */
  readonly cursor?: string;
}

/** A comment from an import or the demo seed, with its own date. */
export interface ImportedComment extends NewComment {
  readonly createdAt: Date;
}

/**
 * Comments in SQL, through Kysely: the same queries on SQLite and PostgreSQL. Knows nothing of HTTP;
 * inputs arrive validated by the protocol. An unreachable database surfaces as `DatabaseUnavailableError`.
 */
export class CommentStore {
  readonly #db: Kysely<Database>;
  readonly #kind: Db['kind'];
  /** Loaded on first use and kept; forgotten if loading failed, so the next page tries again. */
  #cursors?: Promise<CursorCodec>;

  constructor(db: Db) {
    this.#db = db.kysely;
    this.#kind = db.kind;
  }

  /** One page of root threads of `postId`, each with all its replies. */
  list(postId: string, {order = 'oldest', limit = LIMITS.pageSizeDefault, cursor}: ListOptions = {}): Promise<ThreadPage> {
    return duringOutage(async () => {
      const scope = {postId, order};
      const codec = await this.#cursorCodec();
      const after = cursor === undefined ? undefined : codec.decode(cursor, scope);
      if (cursor !== undefined && !after) {
        throw new ProblemError('invalid_request', 'The cursor is not valid.', [{field: 'cursor', detail: 'The cursor is not one this server made.', reason: 'format'}]);
      }
      const newest = order === 'newest';
      const direction = newest ? 'desc' : 'asc';
      const [roots, total] = await Promise.all([
        this.#db.selectFrom('comments').select(COLUMNS)
          .where('post_id', '=', postId).where('parent_id', 'is', null).where('status', '=', 'published')
          .$if(after !== undefined, (q) => q.where((eb) =>
            eb(eb.refTuple('created_ms', 'id'), newest ? '<' : '>', eb.tuple(Date.parse(after!.createdAt), after!.id))))
          .orderBy('created_ms', direction).orderBy('id', direction)
          .limit(limit + 1)
          .execute(),
        this.#countOne(postId),
      ]);
      const hasMore = roots.length > limit;
      if (hasMore) roots.pop();
      const replies = roots.length === 0 ? [] : await this.#db.selectFrom('comments').select(COLUMNS)
        .where('root_id', 'in', roots.map((r) => r.id)).where('status', '=', 'published')
        .orderBy('created_ms').orderBy('id')
        .execute();
      const last = roots.at(-1);
      return {
        postId,
        order,
        total,
        comments: [...roots, ...replies].map(toComment),
        nextCursor: hasMore && last ? codec.encode(cursorOf(last), scope) : null,
      };
    });
  }

  /**
   * Stores a comment. With an idempotency key, a repeat of the same request
   * returns the first comment instead of adding another, even when the two
   * race on different server instances (the key's row lock serialises them).
   */
  add(postId: string, input: NewComment, idempotencyKey?: string): Promise<AddResult> {
    if (this.#kind === 'postgres') return duringOutage(() => this.#addInOneStatement(postId, input, idempotencyKey));
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      if (idempotencyKey === undefined) return {comment: await this.#insert(tx, postId, input), replayed: false};
      const fingerprint = fingerprintOf(postId, input);
      const claimed = await tx.insertInto('idempotency_keys')
        .values({key: idempotencyKey, fingerprint, created_ms: Date.now()})
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .execute();
      if (claimed.length === 0) return this.#replay(tx, idempotencyKey, fingerprint);
      return {comment: await this.#insert(tx, postId, input, {idempotencyKey}), replayed: false};
    }));
  }

  /** Stores a comment with its own date (imports, the demo seed). */
  import(postId: string, input: ImportedComment): Promise<Comment> {
    return duringOutage(() => this.#db.transaction().execute((tx) => this.#insert(tx, postId, input, {createdMs: input.createdAt.getTime()})));
  }

  /**
   * Forgets idempotency keys older than `maxAgeHours`: clients retry within
   * minutes, and the table would otherwise grow with every comment. Returns how many went.
   */
  purgeIdempotencyKeys(maxAgeHours = 24): Promise<number> {
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      const cutoff = Date.now() - maxAgeHours * 3_600_000;
      const result = await tx.deleteFrom('idempotency_keys').where('created_ms', '<', cutoff).executeTakeFirst();
      // Free the purged keys on the comments they made (only a day's comments still hold one).
      await tx.updateTable('comments').set({idempotency_key: null})
        .where('idempotency_key', 'is not', null)
        .where('idempotency_key', 'not in', (eb) => eb.selectFrom('idempotency_keys').select('key'))
        .execute();
      return Number(result.numDeletedRows);
    }));
  }

  /** Resolves when the database answers a query. */
  ping(): Promise<void> {
    return duringOutage(async () => {
      await this.#db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    });
  }

  /** Visible comments per post; posts without any count 0. */
  counts(postIds: readonly string[]): Promise<CountsResponse> {
    return duringOutage(async () => {
      const rows = await this.#db.selectFrom('posts').select(['post_id', 'comment_count'])
        .where('post_id', 'in', [...postIds]).execute();
      const counts: Record<string, number> = Object.fromEntries(postIds.map((id) => [id, 0]));
      for (const row of rows) counts[row.post_id] = Number(row.comment_count);
      return {counts};
    });
  }

  /** Claims a value in the shared `meta` table once: true for the first caller on this database, false after. */
  claim(key: string, value: string): Promise<boolean> {
    return duringOutage(async () => {
      const rows = await this.#db.insertInto('meta').values({key, value})
        .onConflict((oc) => oc.column('key').doNothing()).returning('key').execute();
      return rows.length > 0;
    });
  }

  /** The cursor codec, keyed by a secret made once per database and shared by every instance on it. */
  #cursorCodec(): Promise<CursorCodec> {
    this.#cursors ??= (async () => {
      await this.claim('cursor_secret', randomBytes(32).toString('base64url'));
      const row = await this.#db.selectFrom('meta').select('value').where('key', '=', 'cursor_secret').executeTakeFirstOrThrow();
      return new CursorCodec(Buffer.from(row.value, 'base64url'));
    })();
    this.#cursors.catch(() => (this.#cursors = undefined));
    return this.#cursors;
  }

  async #countOne(postId: string): Promise<number> {
    const row = await this.#db.selectFrom('posts').select('comment_count').where('post_id', '=', postId).executeTakeFirst();
    return Number(row?.comment_count ?? 0);
  }

  /**
   * PostgreSQL: claim the key, lock and count the post, and insert the comment in one statement, so
   * the post stays locked for no network round trip (a transaction would hold it across five while
   * this process serves readers). Only when it writes nothing does a second query find out why.
   */
  async #addInOneStatement(postId: string, input: NewComment, idempotencyKey?: string): Promise<AddResult> {
    const fingerprint = fingerprintOf(postId, input);
    for (let attempt = 0; attempt < 3; attempt++) {
      const parentId = input.parentId === null ? null : commentIdOf(input.parentId);
      const row = parentId === undefined ? undefined : await this.#insertStatement(postId, input, parentId, idempotencyKey, fingerprint);
      if (row) return {comment: toComment(row), replayed: false};
      // Nothing written: the key was claimed before, or the parent cannot take this reply.
      if (idempotencyKey !== undefined) {
        const claimed = await this.#db.selectFrom('idempotency_keys').select('key').where('key', '=', idempotencyKey).executeTakeFirst();
        if (claimed) return this.#replay(this.#db, idempotencyKey, fingerprint);
      }
      if (input.parentId !== null) await this.#parentFor(this.#db, postId, input.parentId);
      // Neither any more (a claim rolled back, a parent committed just after this statement began): again.
    }
    throw new Error('The comment was not stored after three attempts.');
  }

  /** The row it inserted, or undefined if the key was already claimed or the parent is gone or too deep. */
  async #insertStatement(postId: string, input: NewComment, parentId: number | null, key: string | undefined,
    fingerprint: string): Promise<CommentRow | undefined> {
    const now = Date.now();
    const {rows} = await sql<CommentRow>`
      WITH parent AS (
        SELECT id, root_id, depth FROM comments
        WHERE id = ${parentId}::int AND post_id = ${postId} AND status = 'published' AND depth < ${LIMITS.maxDepth}
        FOR SHARE
      ), claim AS (
        INSERT INTO idempotency_keys (key, fingerprint, created_ms)
        SELECT ${key ?? null}::text, ${fingerprint}, ${now}::bigint
        WHERE ${key ?? null}::text IS NOT NULL AND (${parentId}::int IS NULL OR EXISTS (SELECT FROM parent))
        ON CONFLICT (key) DO NOTHING
        RETURNING key
      ), post AS (
        INSERT INTO posts AS p (post_id, comment_count, last_created_ms)
        SELECT ${postId}, 1, ${now}::bigint
        WHERE (${key ?? null}::text IS NULL OR EXISTS (SELECT FROM claim))
          AND (${parentId}::int IS NULL OR EXISTS (SELECT FROM parent))
        ON CONFLICT (post_id) DO UPDATE SET
          comment_count = p.comment_count + 1,
          last_created_ms = GREATEST(p.last_created_ms, EXCLUDED.last_created_ms)
        RETURNING last_created_ms
      )
      INSERT INTO comments (post_id, parent_id, root_id, depth, author_name, author_email, author_url, body,
        status, created_ms, idempotency_key)
      SELECT ${postId}, parent.id, COALESCE(parent.root_id, parent.id), COALESCE(parent.depth + 1, 0),
        ${input.author.name}, ${input.author.email ?? null}::text, ${input.author.url ?? null}::text, ${input.body},
        'published', post.last_created_ms, ${key ?? null}::text
      FROM post LEFT JOIN parent ON true
      RETURNING ${sql.join(COLUMNS.map((c) => sql.ref(c)))}`.execute(this.#db);
    return rows[0];
  }

  /** The parent a reply names, if it is on this post and can take a reply; otherwise the problem that says why not. */
  async #parentFor(db: Kysely<Database>, postId: string, parentIdText: string): Promise<ParentRow> {
    const parentId = commentIdOf(parentIdText);
    const parent = parentId === undefined ? undefined : await db.selectFrom('comments').select(['id', 'root_id', 'depth'])
      .where('id', '=', parentId).where('post_id', '=', postId).where('status', '=', 'published')
      // PostgreSQL: the parent cannot go away before this reply commits. SQLite writes one at a time anyway.
      .$if(this.#kind === 'postgres', (q) => q.forShare())
      .executeTakeFirst();
    if (!parent) {
      throw new ProblemError('parent_not_found', 'The comment you are replying to is not on this post.',
        [{field: 'parentId', detail: `No comment ${parentIdText} on this post.`, reason: 'not_found'}]);
    }
    if (parent.depth + 1 > LIMITS.maxDepth) {
      throw new ProblemError('thread_too_deep', `Replies nest at most ${LIMITS.maxDepth} levels deep.`,
        [{field: 'parentId', detail: `Replies nest at most ${LIMITS.maxDepth} levels deep; reply higher up the thread.`, reason: 'too_deep'}]);
    }
    return parent;
  }

  async #replay(db: Kysely<Database>, key: string, fingerprint: string): Promise<AddResult> {
    const row = await db.selectFrom('idempotency_keys').select('fingerprint').where('key', '=', key).executeTakeFirst();
    const comment = await db.selectFrom('comments').select(COLUMNS).where('idempotency_key', '=', key).executeTakeFirst();
    if (!row || row.fingerprint !== fingerprint || !comment) {
      throw new ProblemError('idempotency_key_reused',
        'This Idempotency-Key was already used for a different comment; send a new key.');
    }
    return {comment: toComment(comment), replayed: true};
  }

  async #insert(tx: Transaction<Database>, postId: string, input: NewComment,
    {createdMs, idempotencyKey}: {createdMs?: number; idempotencyKey?: string} = {}): Promise<Comment> {
    const parent = input.parentId === null ? undefined : await this.#parentFor(tx, postId, input.parentId);
    // Lock the post first: writers to one post queue here, so each takes its date and ID only once
    // the previous one has committed, and a reader's cursor is never passed by a late commit. The
    // same statement counts the comment and hands out its date, which never goes backwards within a
    // post even if a clock does (imports keep their own dates). Every new comment is published today;
    // when comments can wait for moderation, only published ones may be counted here.
    const now = createdMs ?? Date.now();
    const post = await tx.insertInto('posts').values({post_id: postId, comment_count: 1, last_created_ms: now})
      .onConflict((oc) => oc.column('post_id').doUpdateSet((eb) => ({
        comment_count: eb('posts.comment_count', '+', 1),
        last_created_ms: eb.case().when('posts.last_created_ms', '>', now).then(eb.ref('posts.last_created_ms')).else(now).end(),
      })))
      .returning('last_created_ms')
      .executeTakeFirstOrThrow();
    const created = createdMs ?? Number(post.last_created_ms);
    const row = await tx.insertInto('comments').values({
      post_id: postId,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      author_name: input.author.name,
      author_email: input.author.email ?? null,
      author_url: input.author.url ?? null,
      body: input.body,
      status: 'published',
      created_ms: created,
      idempotency_key: idempotencyKey ?? null,
    }).returning(COLUMNS).executeTakeFirstOrThrow();
    return toComment(row);
  }
}

function toComment(row: CommentRow): Comment {
  return {
    id: String(row.id),
    postId: row.post_id,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author_url ? {name: row.author_name, url: row.author_url} : {name: row.author_name},
    body: row.body,
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    status: row.status,
  };
}

/** Our IDs are int4; anything else cannot name a comment (and must not reach SQL as one). */
function commentIdOf(text: string): number | undefined {
  const id = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  return id > 0 && id < 2 ** 31 ? id : undefined;
}

function cursorOf(row: CommentRow): Cursor {
  return {createdAt: new Date(Number(row.created_ms)).toISOString(), id: row.id};
}

// Same post and same validated comment: the same request, whatever the JSON's key order.
function fingerprintOf(postId: string, input: NewComment): string {
  const canonical = JSON.stringify([postId, input.parentId, input.author.name, input.author.email ?? null,
    input.author.url ?? null, input.body]);
  return createHash('sha256').update(canonical).digest('base64url');
}
