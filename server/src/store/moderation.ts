import {sql, type Kysely, type Transaction} from 'kysely';

import {duringOutage, POST_CHANGES_CHANNEL, type Db} from '../db.js';
import {ProblemError} from '../problem-error.js';
import {markdownToHtml} from '../protocol.js';
import type {Database, ModerationMode, StoredStatus} from '../schema.js';
import type {AdminComment, LogEntry} from '../admin/schemas.js';
import {commitAndAnnounce} from './committed.js';
import {countChange, eraseComment, hasReplies, QUEUE, recount} from './comment-rows.js';

export interface CommentFilter {
  readonly status?: StoredStatus | 'queue';
  readonly postId?: string;
  /** Part of the author's name or email. */
  readonly author?: string;
  /** Part of the text. */
  readonly text?: string;
  /** Older than this comment ID (paging). */
  readonly before?: number;
  readonly limit?: number;
}

/** What a moderator can do to one comment. */
export type ModerationAction = 'approve' | 'reject' | 'spam' | 'delete';


/**
 * The site owner's view of the comments: the queue, filters, approve, reject, spam, edit, delete,
 * per-post settings, and a log of every action, written in the same transaction as the action.
 */
export class ModerationStore {
  readonly #database: Db;
  readonly #db: Kysely<Database>;
  readonly #kind: Db['kind'];

  constructor(db: Db) {
    this.#database = db;
    this.#db = db.kysely;
    this.#kind = db.kind;
  }

  /** Runs `work` in a transaction and announces the posts it says it changed, once committed. */
  #write<T>(work: (tx: Transaction<Database>) => Promise<T>, posts: (result: T) => readonly string[]): Promise<T> {
    return commitAndAnnounce(this.#database, work, posts);
  }

  /** Comments matching `filter`, newest first. */
  list({status, postId, author, text, before, limit = 50}: CommentFilter = {}): Promise<AdminComment[]> {
    return duringOutage(async () => {
      const like = this.#kind === 'postgres' ? 'ilike' : 'like';
      const rows = await this.#db.selectFrom('comments').selectAll()
        .$if(status === 'queue', (q) => q.where('status', 'in', QUEUE))
        .$if(status !== undefined && status !== 'queue', (q) => q.where('status', '=', status as StoredStatus))
        .$if(postId !== undefined, (q) => q.where('post_id', '=', postId!))
        .$if(Boolean(author), (q) => q.where((eb) => eb.or([
          eb('author_name', like, likePattern(author!)), eb('author_email', like, likePattern(author!))])))
        .$if(Boolean(text), (q) => q.where(sql`body`, like, likePattern(text!)))
        .$if(before !== undefined, (q) => q.where('id', '<', before!))
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(limit, 1), 200))
        .execute();
      return rows.map((row) => ({
        id: String(row.id),
        postId: row.post_id,
        parentId: row.parent_id === null ? null : String(row.parent_id),
        author: {name: row.author_name, email: row.author_email, url: row.author_url},
        body: row.body,
        createdAt: new Date(Number(row.created_ms)).toISOString(),
        editedAt: row.edited_ms === null ? null : new Date(Number(row.edited_ms)).toISOString(),
        status: row.status,
        heldFor: row.held_for,
      }));
    });
  }

  /** How many comments wait, for the queue's badge. */
  queueSize(): Promise<number> {
    return duringOutage(async () => {
      const row = await this.#db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', QUEUE).executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  /**
   * Applies a moderator's decision. Approving publishes (and counts) a comment; rejecting or marking
   * as spam hides it, leaving a tombstone where it has replies; deleting erases it as its author
   * would. Returns the post it was on, whose cached pages must go.
   */
  act(commentId: number, action: ModerationAction, actor: string): Promise<{postId: string}> {
    return this.#write(async (tx) => {
      const row = await tx.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'status'])
        .where('id', '=', commentId)
        .$if(this.#kind === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row || row.status === 'removed') throw new ProblemError('not_found', 'There is no such comment.');
      let next: StoredStatus;
      if (action === 'delete') {
        next = await eraseComment(tx, row);
      } else {
        // Approving publishes; hiding leaves a tombstone where a published comment has replies, its text kept for the owner.
        next = action === 'approve' ? 'published'
          : row.status === 'published' && await hasReplies(tx, row.id) ? 'deleted' : action === 'spam' ? 'spam' : 'rejected';
        const heldFor = action === 'approve' ? null : action === 'spam' ? 'marked as spam' : 'rejected';
        await tx.updateTable('comments').set({status: next, held_for: heldFor}).where('id', '=', row.id).execute();
        await recount(tx, row.post_id, countChange(row.status, next));
      }
      await this.#log(tx, actor, action, {commentId: row.id, postId: row.post_id, detail: `${row.status} → ${next}`});
      return {postId: row.post_id};
    }, (result) => [result.postId]);
  }

  /** A moderator's edit of a comment's text. */
  edit(commentId: number, body: string, actor: string): Promise<{postId: string}> {
    return this.#write(async (tx) => {
      const row = await tx.updateTable('comments').set({body, body_html: markdownToHtml(body), edited_ms: Date.now()})
        .where('id', '=', commentId).where('status', 'not in', ['removed', 'deleted'])
        .returning(['id', 'post_id']).executeTakeFirst();
      if (!row) throw new ProblemError('not_found', 'There is no such comment, or it was deleted.');
      await this.#log(tx, actor, 'edit', {commentId: row.id, postId: row.post_id, detail: null});
      return {postId: row.post_id};
    }, (result) => [result.postId]);
  }

  /** Sets a post's own moderation mode (null: the site's) and whether its thread is closed. */
  setPost(postId: string, settings: {moderation?: ModerationMode | null; closed?: boolean}, actor: string): Promise<void> {
    return this.#write(async (tx) => {
      const values = {
        ...(settings.moderation !== undefined ? {moderation: settings.moderation} : {}),
        ...(settings.closed !== undefined ? {closed: settings.closed ? 1 : 0} : {}),
      };
      await tx.insertInto('posts').values({post_id: postId, comment_count: 0, last_created_ms: null, opened_ms: Date.now(), ...values})
        .onConflict((oc) => oc.column('post_id').doUpdateSet(values))
        .execute();
      if (this.#kind === 'postgres') await sql`SELECT pg_notify(${POST_CHANGES_CHANNEL}, ${postId})`.execute(tx);
      const detail = [settings.moderation !== undefined ? `moderation: ${settings.moderation ?? 'site default'}` : '',
        settings.closed !== undefined ? (settings.closed ? 'closed' : 'opened') : ''].filter(Boolean).join(', ');
      await this.#log(tx, actor, 'post', {commentId: null, postId, detail});
    }, () => [postId]);
  }

  /** A post's settings as stored (null mode: the site's). */
  post(postId: string): Promise<{moderation: ModerationMode | null; closed: boolean}> {
    return duringOutage(async () => {
      const row = await this.#db.selectFrom('posts').select(['moderation', 'closed']).where('post_id', '=', postId).executeTakeFirst();
      return {moderation: row?.moderation ?? null, closed: Number(row?.closed ?? 0) === 1};
    });
  }

  /** The newest recorded actions first. */
  log(limit = 100): Promise<LogEntry[]> {
    return duringOutage(async () => {
      const rows = await this.#db.selectFrom('moderation_log').selectAll().orderBy('id', 'desc').limit(Math.min(limit, 500)).execute();
      return rows.map((row) => ({
        at: new Date(Number(row.at_ms)).toISOString(),
        actor: row.actor,
        action: row.action,
        commentId: row.comment_id === null ? null : String(row.comment_id),
        postId: row.post_id,
        detail: row.detail,
      }));
    });
  }

  /**
   * Holds what a network published since `sinceMs`: once it floods, its first comments were part of
   * the flood too. Returns the posts whose threads changed.
   */
  holdFrom(networkKey: string, sinceMs: number, reason: string): Promise<string[]> {
    return this.#write(async (tx) => {
      const rows = await tx.updateTable('comments').set({status: 'pending', held_for: reason})
        .where('network_key', '=', networkKey).where('created_ms', '>=', sinceMs).where('status', '=', 'published')
        .returning(['id', 'post_id']).execute();
      const perPost = new Map<string, number>();
      for (const row of rows) perPost.set(row.post_id, (perPost.get(row.post_id) ?? 0) + 1);
      for (const [postId, held] of perPost) {
        await recount(tx, postId, held * countChange('published', 'pending'));
        await this.#log(tx, 'spam filter', 'hold', {commentId: null, postId, detail: `${held} comment(s): ${reason}`});
      }
      return [...perPost.keys()];
    }, (posts) => posts);
  }

  /** Records an action taken by someone other than a moderator (a sign-in, the spam filter). */
  record(actor: string, action: string, detail: string | null = null): Promise<void> {
    return duringOutage(async () => {
      await this.#log(this.#db, actor, action, {commentId: null, postId: null, detail});
    });
  }

  async #log(db: Kysely<Database> | Transaction<Database>, actor: string, action: string,
    {commentId, postId, detail}: {commentId: number | null; postId: string | null; detail: string | null}): Promise<void> {
    await db.insertInto('moderation_log').values({at_ms: Date.now(), actor, action, comment_id: commentId, post_id: postId, detail}).execute();
  }
}

/** `%text%` with LIKE's own wildcards taken literally. */
export function likePattern(text: string): ReturnType<typeof sql<string>> {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<string>`${`%${escaped}%`} ESCAPE '\\'`;
}
