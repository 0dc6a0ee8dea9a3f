import {createHash, createHmac, randomBytes} from 'node:crypto';

import {sql, type Kysely, type Selectable, type Transaction} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import {ProblemError} from '../problem-error.js';
import {isPlainText, LIMITS, markdownToHtml, type Comment, type CommentStatus, type CountsResponse, type MoreReplies, type NewComment, type Order, type RepliesPage, type ThreadPage} from '../protocol.js';
import type {CommentsTable, Database, PostsTable, StoredStatus} from '../schema.js';
import {CursorCodec, type Cursor} from './cursor.js';
import {Secrets} from './secrets.js';
import {decide, DEFAULT_MODERATION, isClosed, type ModerationSettings, type PostState, type Verdict} from '../moderation.js';
import type {Screening} from '../spam/screen.js';
import {bodyHashOf} from './spam.js';

const COLUMNS = ['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body', 'body_html', 'status', 'created_ms', 'edited_ms'] as const;
type CommentRow = Pick<Selectable<CommentsTable>, (typeof COLUMNS)[number]>;
type ParentRow = Pick<Selectable<CommentsTable>, 'id' | 'root_id' | 'depth'>;

/** A stored comment, and whether an earlier request with the same idempotency key made it. */
export interface AddResult {
  readonly comment: Comment;
  readonly replayed: boolean;
  /** The secret that lets its author edit or delete it; only its hash is stored. */
  readonly ownerToken: string;
  /** Until when its author may edit it. */
  readonly editableUntil: Date;
  /** How it was stored (spam shows to its author as pending), and why it waits; for notifications. */
  readonly stored: 'published' | 'pending' | 'spam';
  readonly heldFor: string | null;
}

/** What the store adds to a new comment's row beyond what the author sent. */
interface RowExtras {
  readonly tokenHash: string;
  readonly idempotencyKey?: string;
  readonly status: 'published' | 'pending' | 'spam';
  readonly heldFor: string | null;
  readonly authorKey: string | null;
  readonly bodyHash: string | null;
  readonly networkKey: string | null;
  /** The body rendered in Colloquy's Markdown dialect. */
  readonly bodyHtml: string;
}

/** What a write stored, before the owner's token is added. */
interface Stored {
  readonly comment: Comment;
  readonly replayed: boolean;
}

export interface StoreOptions {
  /** How long after posting an author may edit a comment. Default 15 minutes. */
  readonly editWindowMs?: number;
  /** The site's moderation mode and when threads close; posts may override the mode. */
  readonly moderation?: ModerationSettings;
}

/** The one definition of what readers see in a thread: published comments, and tombstones kept for their replies. */
export const VISIBLE_TO_READERS: readonly StoredStatus[] = ['published', 'deleted'];
/** Comments that hold their parent's place when it is deleted. */
const KEEPS_PARENT: readonly StoredStatus[] = ['published', 'pending', 'deleted'];
/** What an author may still edit. */
const EDITABLE: readonly StoredStatus[] = ['published', 'pending'];
/** What an author sees of their own in `own-comments`. */
// Spam shows to its author as waiting, like anything held: a spammer learns nothing from the answer.
const OWN_VISIBLE: readonly StoredStatus[] = ['published', 'pending', 'spam'];

export const DEFAULT_EDIT_WINDOW_MS = 15 * 60_000;

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
  readonly #secrets: Secrets;
  readonly editWindowMs: number;

  readonly moderation: ModerationSettings;

  constructor(db: Db, {editWindowMs = DEFAULT_EDIT_WINDOW_MS, moderation = DEFAULT_MODERATION}: StoreOptions = {}) {
    this.#db = db.kysely;
    this.#kind = db.kind;
    this.#secrets = new Secrets(db.kysely);
    this.editWindowMs = editWindowMs;
    this.moderation = moderation;
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
      const [roots, {total, closed}] = await Promise.all([
        this.#db.selectFrom('comments').select(COLUMNS)
          .where('post_id', '=', postId).where('parent_id', 'is', null).where('status', 'in', VISIBLE_TO_READERS)
          .$if(after !== undefined, (q) => q.where((eb) =>
            eb(eb.refTuple('created_ms', 'id'), newest ? '<' : '>', eb.tuple(Date.parse(after!.createdAt), after!.id))))
          .orderBy('created_ms', direction).orderBy('id', direction)
          .limit(limit + 1)
          .execute(),
        this.#postSummary(postId),
      ]);
      const hasMore = roots.length > limit;
      if (hasMore) roots.pop();
      // Each root's first replies, in the order written (so every reply's parent comes with it), and
      // how many it has: one hot thread cannot make a page huge.
      const replies = roots.length === 0 ? [] : await this.#db.selectFrom((db) => db.selectFrom('comments')
        .select([...COLUMNS, 'root_id',
          sql<number>`ROW_NUMBER() OVER (PARTITION BY root_id ORDER BY created_ms, id)`.as('place'),
          sql<number>`COUNT(*) OVER (PARTITION BY root_id)`.as('replies')])
        .where('root_id', 'in', roots.map((r) => r.id)).where('status', 'in', VISIBLE_TO_READERS)
        .as('ranked'))
        .selectAll().where('place', '<=', LIMITS.repliesPerThread)
        .orderBy('created_ms').orderBy('id')
        .execute();
      const moreReplies: Record<string, MoreReplies> = {};
      for (const reply of replies) {
        const count = Number(reply.replies);
        if (Number(reply.place) === LIMITS.repliesPerThread && count > LIMITS.repliesPerThread) {
          moreReplies[String(reply.root_id)] = {remaining: count - LIMITS.repliesPerThread,
            cursor: codec.encode(cursorOf(reply), repliesScope(postId, String(reply.root_id)))};
        }
      }
      const last = roots.at(-1);
      return {
        postId,
        order,
        total,
        comments: [...roots, ...replies].map(toComment),
        nextCursor: hasMore && last ? codec.encode(cursorOf(last), scope) : null,
        closed,
        ...(Object.keys(moreReplies).length ? {moreReplies} : {}),
      };
    });
  }

  /** The next replies of root comment `rootId`, in the order written, after `cursor` (from a page or an earlier answer). */
  replies(postId: string, rootId: string, {limit = LIMITS.repliesPageSizeDefault, cursor}: {limit?: number; cursor?: string} = {}): Promise<RepliesPage> {
    return duringOutage(async () => {
      const id = commentIdOf(rootId);
      const root = id === undefined ? undefined : await this.#db.selectFrom('comments').select('id')
        .where('id', '=', id).where('post_id', '=', postId).where('parent_id', 'is', null).where('status', 'in', VISIBLE_TO_READERS)
        .executeTakeFirst();
      if (!root) throw new ProblemError('not_found', 'There is no such thread on this post.');
      const scope = repliesScope(postId, rootId);
      const codec = await this.#cursorCodec();
      const after = cursor === undefined ? undefined : codec.decode(cursor, scope);
      if (cursor !== undefined && !after) {
        throw new ProblemError('invalid_request', 'The cursor is not valid.', [{field: 'cursor', detail: 'The cursor is not one this server made.', reason: 'format'}]);
      }
      const inThread = this.#db.selectFrom('comments').where('root_id', '=', root.id).where('status', 'in', VISIBLE_TO_READERS)
        .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('created_ms', 'id'), '>', eb.tuple(Date.parse(after!.createdAt), after!.id))));
      const [rows, counted] = await Promise.all([
        inThread.select(COLUMNS).orderBy('created_ms').orderBy('id').limit(limit).execute(),
        inThread.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      ]);
      const remaining = Number(counted.count) - rows.length;
      const last = rows.at(-1);
      return {postId, rootId, comments: rows.map(toComment),
        more: remaining > 0 && last ? {remaining, cursor: codec.encode(cursorOf(last), scope)} : null};
    });
  }

  /**
   * Stores a comment. With an idempotency key, a repeat of the same request
   * returns the first comment instead of adding another, even when the two
   * race on different server instances (the key's row lock serialises them).
   */
  add(postId: string, input: NewComment, idempotencyKey?: string, screening?: Screening | Promise<Screening>): Promise<AddResult> {
    return duringOutage(async () => {
      // The owner token, the post's moderation and the spam screening (its own queries) are read side by side.
      const [ownerToken, verdict, screened] = await Promise.all([
        this.#ownerToken(postId, idempotencyKey), this.#moderate(postId, input, idempotencyKey), screening]);
      const extras = {tokenHash: hashToken(ownerToken), ...(idempotencyKey === undefined ? {} : {idempotencyKey}),
        ...combine(verdict, screened), authorKey: verdict.authorKey,
        bodyHash: screened?.bodyHash ?? bodyHashOf(input.body), networkKey: screened?.networkKey ?? null,
        bodyHtml: markdownToHtml(input.body)};
      const {comment, replayed} = this.#kind === 'postgres'
        ? await this.#addInOneStatement(postId, input, extras)
        : await this.#db.transaction().execute(async (tx) => {
          if (idempotencyKey === undefined) return {comment: await this.#insert(tx, postId, input, extras), replayed: false};
          const fingerprint = fingerprintOf(postId, input);
          const claimed = await tx.insertInto('idempotency_keys')
            .values({key: idempotencyKey, fingerprint, created_ms: Date.now()})
            .onConflict((oc) => oc.column('key').doNothing())
            .returning('key')
            .execute();
          if (claimed.length === 0) return this.#replay(tx, idempotencyKey, fingerprint);
          return {comment: await this.#insert(tx, postId, input, extras), replayed: false};
        });
      return {comment, replayed, ownerToken, editableUntil: new Date(Date.parse(comment.createdAt) + this.editWindowMs),
        stored: extras.status, heldFor: extras.heldFor};
    });
  }

  /**
   * An author's edit of their comment's body, within the edit window. Repeating it changes nothing
   * more. Refused as `not_found`, `token_invalid`, `comment_deleted` or `edit_window_closed`.
   */
  edit(postId: string, commentId: string, ownerToken: string, body: string): Promise<Comment> {
    return duringOutage(async () => {
      const id = commentIdOf(commentId);
      const tokenHash = hashToken(ownerToken);
      const now = Date.now();
      // One statement decides, so an edit racing a delete or the window's end is either whole or refused.
      const edited = id === undefined ? undefined : await this.#db.updateTable('comments')
        .set({body, body_html: markdownToHtml(body), edited_ms: now})
        .where('id', '=', id).where('post_id', '=', postId).where('token_hash', '=', tokenHash)
        .where('status', 'in', EDITABLE).where('created_ms', '>=', now - this.editWindowMs)
        .where('body', '<>', body)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (edited) return toComment(edited);
      const row = await this.#owned(postId, id, tokenHash);
      if (!EDITABLE.includes(row.status)) throw new ProblemError('comment_deleted', 'This comment was deleted.');
      if (row.body !== body) {
        throw new ProblemError('edit_window_closed', `Comments can be edited for ${Math.round(this.editWindowMs / 60_000)} minutes after posting.`);
      }
      return toComment(row); // the same body again: nothing to change
    });
  }

  /**
   * An author's delete. A comment with replies becomes a tombstone that keeps their place; one
   * without goes, and so does any tombstone above it left with no replies. Personal data and text go
   * at once either way. Deleting again answers the same; returns whether a tombstone stays.
   */
  remove(postId: string, commentId: string, ownerToken: string): Promise<'tombstone' | 'removed'> {
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      const id = commentIdOf(commentId);
      const tokenHash = hashToken(ownerToken);
      // Lock the comment first, as a reply's insert does (its parent, then the post): no deadlock,
      // and a reply committed before this sees the tombstone kept for it.
      const row = await this.#owned(postId, id, tokenHash, tx);
      if (!EDITABLE.includes(row.status)) return row.status === 'deleted' ? 'tombstone' : 'removed';
      const keep = await tx.selectFrom('comments').select('id')
        .where('parent_id', '=', row.id).where('status', 'in', KEEPS_PARENT).limit(1).executeTakeFirst();
      await tx.updateTable('comments')
        .set({status: keep ? 'deleted' : 'removed', body: '', body_html: '', author_name: '', author_email: null, author_url: null})
        .where('id', '=', row.id).execute();
      if (row.status === 'published') {
        await tx.updateTable('posts').set((eb) => ({comment_count: eb('comment_count', '-', 1)})).where('post_id', '=', postId).execute();
      }
      if (!keep) await this.#removeEmptyTombstonesAbove(tx, row.parent_id);
      return keep ? 'tombstone' : 'removed';
    }));
  }

  /** This reader's comments on a post, found by the owner tokens they hold: published ones and ones awaiting moderation. */
  own(postId: string, ownerTokens: readonly string[]): Promise<Comment[]> {
    return duringOutage(async () => {
      if (ownerTokens.length === 0) return [];
      const rows = await this.#db.selectFrom('comments').select(COLUMNS)
        .where('post_id', '=', postId).where('token_hash', 'in', ownerTokens.map(hashToken)).where('status', 'in', OWN_VISIBLE)
        .orderBy('created_ms').orderBy('id')
        .execute();
      return rows.map(toComment);
    });
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

  /**
   * Imports what `work` adds, once per `key`, in one transaction with the key's claim: a kill part
   * way stores none of it and the next run does it all. False when the key was claimed already.
   */
  importOnce(key: string, work: (add: (postId: string, input: ImportedComment) => Promise<Comment>) => Promise<void>): Promise<boolean> {
    return duringOutage(() => this.#db.transaction().execute(async (tx) => {
      // On PostgreSQL a concurrent claim of the key waits here until the first commits, then finds it taken.
      const claimed = await tx.insertInto('meta').values({key, value: new Date().toISOString()})
        .onConflict((oc) => oc.column('key').doNothing()).returning('key').execute();
      if (claimed.length === 0) return false;
      await work((postId, input) => this.#insert(tx, postId, input, {createdMs: input.createdAt.getTime()}));
      return true;
    }));
  }

  /** The cursor codec, keyed by a secret made once per database and shared by every instance on it. */
  async #cursorCodec(): Promise<CursorCodec> {
    return new CursorCodec(await this.#secrets.get('cursor_secret'));
  }

  /**
   * A comment's owner token. With an idempotency key it is derived from it, so a retried request
   * gets the same token back though only its hash is stored; otherwise it is random.
   */
  async #ownerToken(postId: string, idempotencyKey?: string): Promise<string> {
    if (idempotencyKey === undefined) return randomBytes(32).toString('base64url');
    const secret = await this.#secrets.get('owner_token_secret');
    return createHmac('sha256', secret).update(`owner-token\0${postId}\0${idempotencyKey}`).digest('base64url');
  }

  /** The comment an owner token names, locked on PostgreSQL inside a transaction; else the problem saying why not. */
  async #owned(postId: string, id: number | undefined, tokenHash: string, tx?: Transaction<Database>) {
    const db = tx ?? this.#db;
    const row = id === undefined ? undefined : await db.selectFrom('comments').select([...COLUMNS, 'token_hash'])
      .where('id', '=', id).where('post_id', '=', postId)
      .$if(tx !== undefined && this.#kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row || row.status === 'removed' && row.token_hash !== tokenHash) {
      throw new ProblemError('not_found', 'There is no such comment on this post.');
    }
    if (row.token_hash === null || row.token_hash !== tokenHash) {
      throw new ProblemError('token_invalid', 'Only the author of this comment can change it, from the browser that posted it.');
    }
    return row;
  }

  /** Walks up from a removed comment: a tombstone left with nothing below it goes too. */
  async #removeEmptyTombstonesAbove(tx: Transaction<Database>, parentId: number | null): Promise<void> {
    while (parentId !== null) {
      const parent = await tx.selectFrom('comments').select(['id', 'parent_id', 'status']).where('id', '=', parentId).executeTakeFirst();
      if (parent?.status !== 'deleted') return;
      const other = await tx.selectFrom('comments').select('id')
        .where('parent_id', '=', parent.id).where('status', 'in', KEEPS_PARENT).limit(1).executeTakeFirst();
      if (other) return;
      await tx.updateTable('comments').set({status: 'removed'}).where('id', '=', parent.id).execute();
      parentId = parent.parent_id;
    }
  }

  /** A post's visible count, and whether it takes comments now. */
  async #postSummary(postId: string): Promise<{total: number; closed: boolean}> {
    const row = await this.#db.selectFrom('posts').select(['comment_count', 'closed', 'opened_ms', 'moderation'])
      .where('post_id', '=', postId).executeTakeFirst();
    const closed = isClosed(row && toPostState(row), this.moderation, Date.now());
    return {total: Number(row?.comment_count ?? 0), closed};
  }

  /**
   * PostgreSQL: claim the key, lock and count the post, and insert the comment in one statement, so
   * the post stays locked for no network round trip (a transaction would hold it across five while
   * this process serves readers). Only when it writes nothing does a second query find out why.
   */
  async #addInOneStatement(postId: string, input: NewComment, extras: RowExtras): Promise<Stored> {
    const {idempotencyKey} = extras;
    const fingerprint = fingerprintOf(postId, input);
    for (let attempt = 0; attempt < 3; attempt++) {
      const parentId = input.parentId === null ? null : commentIdOf(input.parentId);
      const row = parentId === undefined ? undefined : await this.#insertStatement(postId, input, parentId, extras, fingerprint);
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
  async #insertStatement(postId: string, input: NewComment, parentId: number | null, extras: RowExtras,
    fingerprint: string): Promise<CommentRow | undefined> {
    const now = Date.now();
    const key = extras.idempotencyKey;
    const counted = extras.status === 'published' ? 1 : 0;
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
        INSERT INTO posts AS p (post_id, comment_count, last_created_ms, opened_ms)
        SELECT ${postId}, ${counted}::int, ${now}::bigint, ${now}::bigint
        WHERE (${key ?? null}::text IS NULL OR EXISTS (SELECT FROM claim))
          AND (${parentId}::int IS NULL OR EXISTS (SELECT FROM parent))
        ON CONFLICT (post_id) DO UPDATE SET
          comment_count = p.comment_count + ${counted}::int,
          last_created_ms = GREATEST(p.last_created_ms, EXCLUDED.last_created_ms)
        RETURNING last_created_ms
      )
      INSERT INTO comments (post_id, parent_id, root_id, depth, author_name, author_email, author_url, body, body_html,
        status, created_ms, idempotency_key, token_hash, author_key, held_for, body_hash, network_key)
      SELECT ${postId}, parent.id, COALESCE(parent.root_id, parent.id), COALESCE(parent.depth + 1, 0),
        ${input.author.name}, ${input.author.email ?? null}::text, ${input.author.url ?? null}::text, ${input.body}, ${extras.bodyHtml},
        ${extras.status}, post.last_created_ms, ${key ?? null}::text, ${extras.tokenHash}, ${extras.authorKey}::text,
        ${extras.heldFor}::text, ${extras.bodyHash}::text, ${extras.networkKey}::text
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

  /**
   * Decides before the write (outside the post's lock) whether the thread takes comments and whether
   * the site's moderation publishes this one or holds it. A retry of a comment stored before the
   * thread closed gets its comment.
   */
  async #moderate(postId: string, input: NewComment, idempotencyKey: string | undefined): Promise<Verdict & {authorKey: string | null}> {
    const row = await this.#db.selectFrom('posts').select(['moderation', 'closed', 'opened_ms'])
      .where('post_id', '=', postId).executeTakeFirst();
    const post = row && toPostState(row);
    if (isClosed(post, this.moderation, Date.now())) {
      const stored = idempotencyKey === undefined ? undefined
        : await this.#db.selectFrom('comments').select('id').where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      if (!stored) throw new ProblemError('comments_closed', 'Comments are closed on this post.');
    }
    const authorKey = input.author.email ? await this.#authorKey(input.author.email, input.author.name) : null;
    const mode = post?.moderation ?? this.moderation.mode;
    const knownAuthor = mode === 'first' && authorKey !== null && Boolean(await this.#db.selectFrom('comments').select('id')
      .where('author_key', '=', authorKey).where('status', '=', 'published').limit(1).executeTakeFirst());
    return {...decide(mode, {knownAuthor}), authorKey};
  }

  /** Who an author is for moderation: a keyed hash of their email and name, so a stolen table names nobody. */
  async #authorKey(email: string, name: string): Promise<string> {
    const secret = await this.#secrets.get('author_key_secret');
    return createHmac('sha256', secret).update(`author\0${email.toLowerCase()}\0${name.toLowerCase()}`).digest('base64url');
  }

  async #replay(db: Kysely<Database>, key: string, fingerprint: string): Promise<Stored> {
    const row = await db.selectFrom('idempotency_keys').select('fingerprint').where('key', '=', key).executeTakeFirst();
    const comment = await db.selectFrom('comments').select(COLUMNS).where('idempotency_key', '=', key).executeTakeFirst();
    if (!row || row.fingerprint !== fingerprint || !comment) {
      throw new ProblemError('idempotency_key_reused',
        'This Idempotency-Key was already used for a different comment; send a new key.');
    }
    return {comment: toComment(comment), replayed: true};
  }

  async #insert(tx: Transaction<Database>, postId: string, input: NewComment, extras: Partial<RowExtras> & {createdMs?: number}): Promise<Comment> {
    const {createdMs, idempotencyKey, tokenHash, status = 'published', heldFor = null, authorKey = null, bodyHash = null, networkKey = null,
      bodyHtml = markdownToHtml(input.body)} = extras;
    const counted = status === 'published' ? 1 : 0;
    const parent = input.parentId === null ? undefined : await this.#parentFor(tx, postId, input.parentId);
    // Lock the post first: writers to one post queue here, so each takes its date and ID only once
    // the previous one has committed, and a reader's cursor is never passed by a late commit. The
    // same statement counts the comment and hands out its date, which never goes backwards within a
    // post even if a clock does (imports keep their own dates). Only published comments count.
    const now = createdMs ?? Date.now();
    const post = await tx.insertInto('posts').values({post_id: postId, comment_count: counted, last_created_ms: now, opened_ms: now})
      .onConflict((oc) => oc.column('post_id').doUpdateSet((eb) => ({
        comment_count: eb('posts.comment_count', '+', counted),
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
      body_html: bodyHtml,
      status,
      created_ms: created,
      idempotency_key: idempotencyKey ?? null,
      token_hash: tokenHash ?? null,
      author_key: authorKey,
      held_for: heldFor,
      body_hash: bodyHash,
      network_key: networkKey,
    }).returning(COLUMNS).executeTakeFirstOrThrow();
    return toComment(row);
  }
}

function toComment(row: CommentRow): Comment {
  // Only readers' and authors' statuses reach here; spam shows to its author as waiting.
  const status: CommentStatus = row.status === 'spam' ? 'pending' : row.status as CommentStatus;
  // A tombstone says nothing of what it was, even when a moderator hid it and its text is kept for them.
  const tombstone = status === 'deleted';
  return {
    id: String(row.id),
    postId: row.post_id,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    author: tombstone ? {name: ''} : row.author_url ? {name: row.author_name, url: row.author_url} : {name: row.author_name},
    body: tombstone ? '' : row.body,
    // Plain text needs no HTML: readers' browsers show its paragraphs as they are (and the page is smaller).
    ...(row.body_html !== null && !tombstone && !isPlainText(row.body) ? {html: row.body_html} : {}),
    createdAt: new Date(Number(row.created_ms)).toISOString(),
    ...(row.edited_ms !== null && !tombstone ? {editedAt: new Date(Number(row.edited_ms)).toISOString()} : {}),
    status,
  };
}

/** Spam signals outrank the moderation mode: a known author's comment that looks like spam still waits. */
function combine(verdict: Verdict, screening: Screening | undefined): {status: RowExtras['status']; heldFor: string | null} {
  if (!screening || screening.action === 'publish') return {status: verdict.status, heldFor: verdict.heldFor};
  const reasons = [...screening.reasons, ...(verdict.heldFor ? [verdict.heldFor] : [])].join('; ');
  return {status: screening.action === 'spam' ? 'spam' : 'pending', heldFor: reasons};
}

function toPostState(row: Pick<Selectable<PostsTable>, 'moderation' | 'closed' | 'opened_ms'>): PostState {
  return {moderation: row.moderation, closed: Number(row.closed) === 1, openedMs: row.opened_ms === null ? null : Number(row.opened_ms)};
}

/** Owner tokens are stored as SHA-256: they are 256-bit random or HMAC values, so no slow hash is needed. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Our IDs are int4; anything else cannot name a comment (and must not reach SQL as one). */
function commentIdOf(text: string): number | undefined {
  const id = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  return id > 0 && id < 2 ** 31 ? id : undefined;
}

/** Cursors into one root thread's replies are good for that thread only. */
function repliesScope(postId: string, rootId: string) {
  return {postId, order: `replies:${rootId}`};
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

