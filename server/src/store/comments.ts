import {createHash, createHmac, randomBytes} from 'node:crypto';

import {sql, type Kysely, type Selectable, type Transaction} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import {decide, DEFAULT_MODERATION, isClosed, type ModerationSettings, type Verdict} from '../moderation.js';
import {ProblemError} from '../problem-error.js';
import {LIMITS, markdownToHtml, type Comment, type NewComment} from '../protocol.js';
import type {CommentsTable, Database} from '../schema.js';
import type {Screening} from '../spam/screen.js';
import {CommentReads, toPostState} from './comment-reads.js';
import {authorKeyOf, COLUMNS, commentIdOf, EDITABLE, eraseComment, hashToken, toComment, type CommentRow} from './comment-rows.js';
import {bodyHashOf} from './spam.js';

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

export const DEFAULT_EDIT_WINDOW_MS = 15 * 60_000;

/** A comment from an import or the demo seed, with its own date. */
export interface ImportedComment extends NewComment {
  readonly createdAt: Date;
}

/**
 * Comments in SQL, through Kysely: what `CommentReads` reads, and the writes: new comments, authors'
 * edits and deletes, imports. Knows nothing of HTTP; inputs arrive validated by the protocol.
 */
export class CommentStore extends CommentReads {
  readonly editWindowMs: number;

  constructor(db: Db, {editWindowMs = DEFAULT_EDIT_WINDOW_MS, moderation = DEFAULT_MODERATION}: StoreOptions = {}) {
    super(db, moderation);
    this.editWindowMs = editWindowMs;
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
      const {comment, replayed} = this.kind === 'postgres'
        ? await this.#addInOneStatement(postId, input, extras)
        : await this.db.transaction().execute(async (tx) => {
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
      if (!replayed) this.changes.emit({postId, visible: comment.status === 'published'});
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
      const edited = id === undefined ? undefined : await this.db.updateTable('comments')
        .set({body, body_html: markdownToHtml(body), edited_ms: now})
        .where('id', '=', id).where('post_id', '=', postId).where('token_hash', '=', tokenHash)
        .where('status', 'in', EDITABLE).where('created_ms', '>=', now - this.editWindowMs)
        .where('body', '<>', body)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (edited) {
        this.changes.emit({postId, visible: edited.status === 'published'});
        return toComment(edited);
      }
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
  async remove(postId: string, commentId: string, ownerToken: string): Promise<'tombstone' | 'removed'> {
    const outcome = await duringOutage(() => this.db.transaction().execute(async (tx) => {
      const id = commentIdOf(commentId);
      const tokenHash = hashToken(ownerToken);
      // Lock the comment first, as a reply's insert does (its parent, then the post): no deadlock,
      // and a reply committed before this sees the tombstone kept for it.
      const row = await this.#owned(postId, id, tokenHash, tx);
      if (!EDITABLE.includes(row.status)) return {result: row.status === 'deleted' ? 'tombstone' : 'removed', changed: false} as const;
      return {result: (await eraseComment(tx, row)) === 'deleted' ? 'tombstone' : 'removed', changed: true} as const;
    }));
    if (outcome.changed) this.changes.emit({postId, visible: true});
    return outcome.result;
  }

  /** Stores a comment with its own date (imports, the demo seed). */
  import(postId: string, input: ImportedComment): Promise<Comment> {
    return duringOutage(() => this.db.transaction().execute((tx) => this.#insert(tx, postId, input, {createdMs: input.createdAt.getTime()})));
  }

  /**
   * Forgets idempotency keys older than `maxAgeHours`: clients retry within
   * minutes, and the table would otherwise grow with every comment. Returns how many went.
   */
  purgeIdempotencyKeys(maxAgeHours = 24): Promise<number> {
    return duringOutage(() => this.db.transaction().execute(async (tx) => {
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

  /**
   * Imports what `work` adds, once per `key`, in one transaction with the key's claim: a kill part
   * way stores none of it and the next run does it all. False when the key was claimed already.
   */
  async importOnce(key: string, work: (add: (postId: string, input: ImportedComment) => Promise<Comment>) => Promise<void>): Promise<boolean> {
    const posts = new Set<string>();
    const done = await duringOutage(() => this.db.transaction().execute(async (tx) => {
      // On PostgreSQL a concurrent claim of the key waits here until the first commits, then finds it taken.
      const claimed = await tx.insertInto('meta').values({key, value: new Date().toISOString()})
        .onConflict((oc) => oc.column('key').doNothing()).returning('key').execute();
      if (claimed.length === 0) return false;
      await work((postId, input) => {
        posts.add(postId);
        return this.#insert(tx, postId, input, {createdMs: input.createdAt.getTime()});
      });
      return true;
    }));
    this.changes.emit(...[...posts].map((postId) => ({postId, visible: true})));
    return done;
  }

  /**
   * A comment's owner token. With an idempotency key it is derived from it, so a retried request
   * gets the same token back though only its hash is stored; otherwise it is random.
   */
  async #ownerToken(postId: string, idempotencyKey?: string): Promise<string> {
    if (idempotencyKey === undefined) return randomBytes(32).toString('base64url');
    const secret = await this.secrets.get('owner_token_secret');
    return createHmac('sha256', secret).update(`owner-token\0${postId}\0${idempotencyKey}`).digest('base64url');
  }

  /** The comment an owner token names, locked on PostgreSQL inside a transaction; else the problem saying why not. */
  async #owned(postId: string, id: number | undefined, tokenHash: string, tx?: Transaction<Database>) {
    const db = tx ?? this.db;
    const row = id === undefined ? undefined : await db.selectFrom('comments').select([...COLUMNS, 'token_hash'])
      .where('id', '=', id).where('post_id', '=', postId)
      .$if(tx !== undefined && this.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row || row.status === 'removed' && row.token_hash !== tokenHash) {
      throw new ProblemError('not_found', 'There is no such comment on this post.');
    }
    if (row.token_hash === null || row.token_hash !== tokenHash) {
      throw new ProblemError('token_invalid', 'Only the author of this comment can change it, from the browser that posted it.');
    }
    return row;
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
        const claimed = await this.db.selectFrom('idempotency_keys').select('key').where('key', '=', idempotencyKey).executeTakeFirst();
        if (claimed) return this.#replay(this.db, idempotencyKey, fingerprint);
      }
      if (input.parentId !== null) await this.#parentFor(this.db, postId, input.parentId);
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
      RETURNING ${sql.join(COLUMNS.map((c) => sql.ref(c)))}`.execute(this.db);
    return rows[0];
  }

  /** The parent a reply names, if it is on this post and can take a reply; otherwise the problem that says why not. */
  async #parentFor(db: Kysely<Database>, postId: string, parentIdText: string): Promise<ParentRow> {
    const parentId = commentIdOf(parentIdText);
    const parent = parentId === undefined ? undefined : await db.selectFrom('comments').select(['id', 'root_id', 'depth'])
      .where('id', '=', parentId).where('post_id', '=', postId).where('status', '=', 'published')
      // PostgreSQL: the parent cannot go away before this reply commits. SQLite writes one at a time anyway.
      .$if(this.kind === 'postgres', (q) => q.forShare())
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
    const row = await this.db.selectFrom('posts').select(['moderation', 'closed', 'opened_ms'])
      .where('post_id', '=', postId).executeTakeFirst();
    const post = row && toPostState(row);
    if (isClosed(post, this.moderation, Date.now())) {
      const stored = idempotencyKey === undefined ? undefined
        : await this.db.selectFrom('comments').select('id').where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      if (!stored) throw new ProblemError('comments_closed', 'Comments are closed on this post.');
    }
    const authorKey = input.author.email ? authorKeyOf(await this.secrets.get('author_key_secret'), input.author.email, input.author.name) : null;
    const mode = post?.moderation ?? this.moderation.mode;
    const knownAuthor = mode === 'first' && authorKey !== null && Boolean(await this.db.selectFrom('comments').select('id')
      .where('author_key', '=', authorKey).where('status', '=', 'published').limit(1).executeTakeFirst());
    return {...decide(mode, {knownAuthor}), authorKey};
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

/** Spam signals outrank the moderation mode: a known author's comment that looks like spam still waits. */
function combine(verdict: Verdict, screening: Screening | undefined): {status: RowExtras['status']; heldFor: string | null} {
  if (!screening || screening.action === 'publish') return {status: verdict.status, heldFor: verdict.heldFor};
  const reasons = [...screening.reasons, ...(verdict.heldFor ? [verdict.heldFor] : [])].join('; ');
  return {status: screening.action === 'spam' ? 'spam' : 'pending', heldFor: reasons};
}

// Same post and same validated comment: the same request, whatever the JSON's key order.
function fingerprintOf(postId: string, input: NewComment): string {
  const canonical = JSON.stringify([postId, input.parentId, input.author.name, input.author.email ?? null,
    input.author.url ?? null, input.body]);
  return createHash('sha256').update(canonical).digest('base64url');
}

