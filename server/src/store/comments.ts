import {createHash, randomBytes} from 'node:crypto';

import type {Db, Queryable} from '../db.js';
import {LIMITS, type Comment, type CountsResponse, type NewComment, type Order, type ThreadPage} from '../protocol.js';
import {CursorCodec, type Cursor} from './cursor.js';
import {ProblemError} from '../problem-error.js';

interface CommentRow {
  id: number;
  post_id: string;
  parent_id: number | null;
  author_name: string;
  author_url: string | null;
  body: string;
  status: 'published' | 'pending';
  created_at: Date;
}

const COLUMNS = 'id, post_id, parent_id, author_name, author_url, body, status, created_at';

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

/** Comments in SQL. Knows nothing of HTTP; inputs arrive validated by the protocol. */
export class CommentStore {
  /** Loaded on first use and kept; forgotten if loading failed, so the next page tries again. */
  #cursors?: Promise<CursorCodec>;

  constructor(private readonly db: Db) {}

  /** One page of root threads of `postId`, each with all its replies. */
  async list(postId: string, {order = 'oldest', limit = LIMITS.pageSizeDefault, cursor}: ListOptions = {}): Promise<ThreadPage> {
    const scope = {postId, order};
    const codec = await this.cursorCodec();
    const after = cursor === undefined ? undefined : codec.decode(cursor, scope);
    if (cursor !== undefined && !after) {
      throw new ProblemError('invalid_request', 'The cursor is not valid.', [{field: 'cursor', detail: 'The cursor is not one this server made.'}]);
    }
    const newest = order === 'newest';
    const params: unknown[] = [postId, limit + 1];
    let page = '';
    if (after) {
      params.push(after.createdAt, after.id);
      page = `AND (created_at, id) ${newest ? '<' : '>'} ($3::timestamptz, $4::int)`;
    }
    const direction = newest ? 'DESC' : 'ASC';
    // The count does not depend on the page: on PostgreSQL it runs on another connection meanwhile.
    const [roots, total] = await Promise.all([
      this.db.query<CommentRow>(
        `SELECT ${COLUMNS} FROM comments
         WHERE post_id = $1 AND parent_id IS NULL AND status = 'published' ${page}
         ORDER BY created_at ${direction}, id ${direction} LIMIT $2`,
        params,
      ),
      this.countOne(postId),
    ]);
    const hasMore = roots.length > limit;
    if (hasMore) roots.pop();
    const replies = roots.length === 0 ? [] : await this.db.query<CommentRow>(
      `SELECT ${COLUMNS} FROM comments
       WHERE root_id = ANY($1::int[]) AND status = 'published'
       ORDER BY created_at, id`,
      [roots.map((r) => r.id)],
    );
    const last = roots.at(-1);
    return {
      postId,
      order,
      total,
      comments: [...roots, ...replies].map(toComment),
      nextCursor: hasMore && last ? codec.encode(cursorOf(last), scope) : null,
    };
  }

  /**
   * Stores a comment. With an idempotency key, a repeat of the same request
   * returns the first comment instead of adding another, even when the two
   * race on different server instances (the key's row lock serialises them).
   */
  async add(postId: string, input: NewComment, idempotencyKey?: string): Promise<AddResult> {
    return this.db.transaction(async (tx) => {
      if (idempotencyKey !== undefined) {
        const fingerprint = fingerprintOf(postId, input);
        const claimed = await tx.query(
          'INSERT INTO idempotency_keys (key, fingerprint) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
          [idempotencyKey, fingerprint],
        );
        if (claimed.length === 0) return this.replay(tx, idempotencyKey, fingerprint);
        const comment = await insertComment(tx, postId, input);
        await tx.query('UPDATE idempotency_keys SET comment_id = $2 WHERE key = $1', [idempotencyKey, Number(comment.id)]);
        return {comment, replayed: false};
      }
      return {comment: await insertComment(tx, postId, input), replayed: false};
    });
  }

  /** Stores a comment with its own date (imports, the demo seed). */
  async import(postId: string, input: ImportedComment): Promise<Comment> {
    return this.db.transaction((tx) => insertComment(tx, postId, input, input.createdAt));
  }

  /**
   * Forgets idempotency keys older than `maxAgeHours`: clients retry within
   * minutes, and the table would otherwise grow with every comment. Returns how many went.
   */
  async purgeIdempotencyKeys(maxAgeHours = 24): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) RETURNING key', [maxAgeHours]);
    return rows.length;
  }

  /** Resolves when the database answers a query. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Visible comments per post; posts without any count 0. */
  async counts(postIds: readonly string[]): Promise<CountsResponse> {
    const rows = await this.db.query<{post_id: string; n: number}>(
      'SELECT post_id, comment_count AS n FROM posts WHERE post_id = ANY($1::text[])', [postIds]);
    const counts: Record<string, number> = Object.fromEntries(postIds.map((id) => [id, 0]));
    for (const row of rows) counts[row.post_id] = row.n;
    return {counts};
  }

  /** The cursor codec, keyed by a secret made once per database and shared by every instance on it. */
  private cursorCodec(): Promise<CursorCodec> {
    this.#cursors ??= (async () => {
      await this.db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        ['cursor_secret', randomBytes(32).toString('base64url')]);
      const [row] = await this.db.query<{value: string}>('SELECT value FROM meta WHERE key = $1', ['cursor_secret']);
      return new CursorCodec(Buffer.from(row!.value, 'base64url'));
    })();
    this.#cursors.catch(() => (this.#cursors = undefined));
    return this.#cursors;
  }

  private async countOne(postId: string): Promise<number> {
    const [row] = await this.db.query<{n: number}>('SELECT comment_count AS n FROM posts WHERE post_id = $1', [postId]);
    return row?.n ?? 0;
  }

  private async replay(tx: Queryable, key: string, fingerprint: string): Promise<AddResult> {
    const [row] = await tx.query<{fingerprint: string; comment_id: number | null}>(
      'SELECT fingerprint, comment_id FROM idempotency_keys WHERE key = $1', [key]);
    if (!row || row.fingerprint !== fingerprint || row.comment_id === null) {
      throw new ProblemError('idempotency_key_reused',
        'This Idempotency-Key was already used for a different comment; send a new key.');
    }
    const [comment] = await tx.query<CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE id = $1`, [row.comment_id]);
    if (!comment) throw new Error(`idempotency key ${key} names missing comment ${row.comment_id}`);
    return {comment: toComment(comment), replayed: true};
  }
}

async function insertComment(tx: Queryable, postId: string, input: NewComment, createdAt?: Date): Promise<Comment> {
  let parent: {id: number; root_id: number | null; depth: number} | undefined;
  if (input.parentId !== null) {
    // Our IDs are int4; anything else cannot name a comment (and must not reach SQL as one).
    const parentId = /^[1-9]\d{0,9}$/.test(input.parentId) ? Number(input.parentId) : 0;
    [parent] = parentId > 0 && parentId < 2 ** 31
      ? await tx.query<{id: number; root_id: number | null; depth: number}>(
        "SELECT id, root_id, depth FROM comments WHERE id = $1 AND post_id = $2 AND status = 'published' FOR SHARE",
        [parentId, postId])
      : [];
    if (!parent) {
      throw new ProblemError('parent_not_found', 'The comment you are replying to is not on this post.',
        [{field: 'parentId', detail: `No comment ${input.parentId} on this post.`}]);
    }
    if (parent.depth + 1 > LIMITS.maxDepth) {
      throw new ProblemError('thread_too_deep', `Replies nest at most ${LIMITS.maxDepth} levels deep.`,
        [{field: 'parentId', detail: `Replies nest at most ${LIMITS.maxDepth} levels deep; reply higher up the thread.`}]);
    }
  }
  // Lock the post first: writers to one post queue here, so each takes its date and ID only once
  // the previous one has committed. Dates never go backwards within a post, even if the clock does.
  const [post] = await tx.query<{last_created_at: Date | null}>(
    `INSERT INTO posts (post_id) VALUES ($1)
     ON CONFLICT (post_id) DO UPDATE SET post_id = excluded.post_id
     RETURNING last_created_at`,
    [postId],
  );
  const [row] = await tx.query<CommentRow>(
    `INSERT INTO comments (post_id, parent_id, root_id, depth, author_name, author_email, author_url, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
       coalesce($9::timestamptz, greatest(date_trunc('milliseconds', clock_timestamp()), $10::timestamptz)))
     RETURNING ${COLUMNS}`,
    [postId, parent?.id ?? null, parent ? (parent.root_id ?? parent.id) : null, parent ? parent.depth + 1 : 0,
      input.author.name, input.author.email ?? null, input.author.url ?? null, input.body, createdAt?.toISOString() ?? null,
      post?.last_created_at ?? null],
  );
  await tx.query(
    `UPDATE posts SET last_created_at = greatest(last_created_at, $2::timestamptz),
       comment_count = comment_count + (CASE WHEN $3 = 'published' THEN 1 ELSE 0 END)
     WHERE post_id = $1`,
    [postId, row!.created_at, row!.status],
  );
  return toComment(row!);
}

function toComment(row: CommentRow): Comment {
  return {
    id: String(row.id),
    postId: row.post_id,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: row.author_url ? {name: row.author_name, url: row.author_url} : {name: row.author_name},
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
    status: row.status,
  };
}

function cursorOf(row: CommentRow): Cursor {
  return {createdAt: new Date(row.created_at).toISOString(), id: row.id};
}

// Same post and same validated comment: the same request, whatever the JSON's key order.
function fingerprintOf(postId: string, input: NewComment): string {
  const canonical = JSON.stringify([postId, input.parentId, input.author.name, input.author.email ?? null,
    input.author.url ?? null, input.body]);
  return createHash('sha256').update(canonical).digest('base64url');
}
