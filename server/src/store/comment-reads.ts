import {sql, type Kysely, type Selectable} from 'kysely';

import type {ChangeFeed} from '../changes.js';
import {duringOutage, type Db} from '../db.js';
import {isClosed, type ModerationSettings, type PostState} from '../moderation.js';
import {ProblemError} from '../problem-error.js';
import {LIMITS, type Comment, type CountsResponse, type MoreReplies, type Order, type RepliesPage, type ThreadPage} from '../protocol.js';
import type {Database, PostsTable} from '../schema.js';
import {COLUMNS, commentIdOf, hashToken, OWN_VISIBLE, toComment, VISIBLE_TO_READERS, type CommentRow} from './comment-rows.js';
import {CursorCodec, type Cursor} from './cursor.js';
import {Secrets} from './secrets.js';

export interface ListOptions {
  readonly order?: Order;
  readonly limit?: number;
  /** A `nextCursor` from an earlier page; throws `ProblemError('invalid_request')` if it is not one. */
  readonly cursor?: string;
}

/**
 * What readers and authors read: thread pages, a thread's further replies, an author's own comments,
 * counts. The same queries on SQLite and PostgreSQL; an unreachable database surfaces as
 * `DatabaseUnavailableError`. `CommentStore` adds the writes.
 */
export class CommentReads {
  protected readonly db: Kysely<Database>;
  protected readonly kind: Db['kind'];
  protected readonly secrets: Secrets;
  /** Where the writes announce what they changed, once committed. */
  readonly changes: ChangeFeed;
  readonly moderation: ModerationSettings;

  constructor(db: Db, moderation: ModerationSettings) {
    this.db = db.kysely;
    this.changes = db.changes;
    this.kind = db.kind;
    this.secrets = new Secrets(db.kysely);
    this.moderation = moderation;
  }

  /** One page of root threads of `postId`, each with all its replies. */
  list(postId: string, {order = 'oldest', limit = LIMITS.pageSizeDefault, cursor}: ListOptions = {}): Promise<ThreadPage> {
    return duringOutage(async () => {
      const scope = {postId, order};
      const codec = await this.cursorCodec();
      const after = cursor === undefined ? undefined : codec.decode(cursor, scope);
      if (cursor !== undefined && !after) {
        throw new ProblemError('invalid_request', 'The cursor is not valid.', [{field: 'cursor', detail: 'The cursor is not one this server made.', reason: 'format'}]);
      }
      const newest = order === 'newest';
      const direction = newest ? 'desc' : 'asc';
      const [roots, {total, closed}] = await Promise.all([
        this.db.selectFrom('comments').select(COLUMNS)
          .where('post_id', '=', postId).where('parent_id', 'is', null).where('status', 'in', VISIBLE_TO_READERS)
          .$if(after !== undefined, (q) => q.where((eb) =>
            eb(eb.refTuple('created_ms', 'id'), newest ? '<' : '>', eb.tuple(Date.parse(after!.createdAt), after!.id))))
          .orderBy('created_ms', direction).orderBy('id', direction)
          .limit(limit + 1)
          .execute(),
        this.postSummary(postId),
      ]);
      const hasMore = roots.length > limit;
      if (hasMore) roots.pop();
      // Each root's first replies, in the order written (so every reply's parent comes with it), and
      // how many it has: one hot thread cannot make a page huge.
      const replies = roots.length === 0 ? [] : await this.db.selectFrom((db) => db.selectFrom('comments')
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
      const root = id === undefined ? undefined : await this.db.selectFrom('comments').select('id')
        .where('id', '=', id).where('post_id', '=', postId).where('parent_id', 'is', null).where('status', 'in', VISIBLE_TO_READERS)
        .executeTakeFirst();
      if (!root) throw new ProblemError('not_found', 'There is no such thread on this post.');
      const scope = repliesScope(postId, rootId);
      const codec = await this.cursorCodec();
      const after = cursor === undefined ? undefined : codec.decode(cursor, scope);
      if (cursor !== undefined && !after) {
        throw new ProblemError('invalid_request', 'The cursor is not valid.', [{field: 'cursor', detail: 'The cursor is not one this server made.', reason: 'format'}]);
      }
      const inThread = this.db.selectFrom('comments').where('root_id', '=', root.id).where('status', 'in', VISIBLE_TO_READERS)
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

  /** This reader's comments on a post, found by the owner tokens they hold: published ones and ones awaiting moderation. */
  own(postId: string, ownerTokens: readonly string[]): Promise<Comment[]> {
    return duringOutage(async () => {
      if (ownerTokens.length === 0) return [];
      const rows = await this.db.selectFrom('comments').select(COLUMNS)
        .where('post_id', '=', postId).where('token_hash', 'in', ownerTokens.map(hashToken)).where('status', 'in', OWN_VISIBLE)
        .orderBy('created_ms').orderBy('id')
        .execute();
      return rows.map(toComment);
    });
  }

  /** Resolves when the database answers a query. */
  ping(): Promise<void> {
    return duringOutage(async () => {
      await this.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    });
  }

  /** Visible comments per post; posts without any count 0. */
  counts(postIds: readonly string[]): Promise<CountsResponse> {
    return duringOutage(async () => {
      const rows = await this.db.selectFrom('posts').select(['post_id', 'comment_count'])
        .where('post_id', 'in', [...postIds]).execute();
      const counts: Record<string, number> = Object.fromEntries(postIds.map((id) => [id, 0]));
      for (const row of rows) counts[row.post_id] = Number(row.comment_count);
      return {counts};
    });
  }

  /** The cursor codec, keyed by a secret made once per database and shared by every instance on it. */
  protected async cursorCodec(): Promise<CursorCodec> {
    return new CursorCodec(await this.secrets.get('cursor_secret'));
  }

  /** A post's visible count, and whether it takes comments now. */
  protected async postSummary(postId: string): Promise<{total: number; closed: boolean}> {
    const row = await this.db.selectFrom('posts').select(['comment_count', 'closed', 'opened_ms', 'moderation'])
      .where('post_id', '=', postId).executeTakeFirst();
    const closed = isClosed(row && toPostState(row), this.moderation, Date.now());
    return {total: Number(row?.comment_count ?? 0), closed};
  }

}

export function toPostState(row: Pick<Selectable<PostsTable>, 'moderation' | 'closed' | 'opened_ms'>): PostState {
  return {moderation: row.moderation, closed: Number(row.closed) === 1, openedMs: row.opened_ms === null ? null : Number(row.opened_ms)};
}

/** Cursors into one root thread's replies are good for that thread only. */
function repliesScope(postId: string, rootId: string) {
  return {postId, order: `replies:${rootId}`};
}

function cursorOf(row: CommentRow): Cursor {
  return {createdAt: new Date(Number(row.created_ms)).toISOString(), id: row.id};
}

