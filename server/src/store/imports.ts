import {sql, type Kysely, type Transaction} from 'kysely';

import {duringOutage, type Db} from '../db.js';
import {LIMITS} from '../protocol.js';
import type {Database, StoredStatus} from '../schema.js';
import {KEEPS_PARENT} from './comment-rows.js';
import {commitAndAnnounce} from './committed.js';

/** A comment ready to store: everything the row holds, its parent named by source ID. */
export interface ImportRow {
  readonly sourceId: string;
  readonly postId: string;
  readonly parentSourceId: string | null;
  readonly authorName: string;
  readonly authorEmail: string | null;
  readonly authorUrl: string | null;
  readonly authorKey: string | null;
  readonly body: string;
  readonly bodyHtml: string;
  readonly status: StoredStatus;
  readonly heldFor: string | null;
  readonly createdMs: number;
}

/** Where a stored comment sits: what a reply to it needs. */
export interface Placed {
  readonly id: number;
  readonly postId: string;
  readonly rootId: number | null;
  readonly depth: number;
  readonly parentId: number | null;
}

/**
 * The database side of an import: which source comments are here already, storing a batch in one
 * transaction (IDs handed out up front, so a batch's replies can name parents in the same batch),
 * and setting each touched post's tombstones and count right at the end.
 */
export class ImportStore {
  readonly #database: Db;
  readonly #db: Kysely<Database>;
  readonly #kind: Db['kind'];

  constructor(db: Db) {
    this.#database = db;
    this.#db = db.kysely;
    this.#kind = db.kind;
  }

  /** The comments of `source` already stored, among `sourceIds`. */
  placed(source: string, sourceIds: readonly string[]): Promise<Map<string, Placed>> {
    return duringOutage(async () => {
      const found = new Map<string, Placed>();
      for (let i = 0; i < sourceIds.length; i += 500) {
        const rows = await this.#db.selectFrom('imported_comments as i').innerJoin('comments as c', 'c.id', 'i.comment_id')
          .select(['i.source_id', 'c.id', 'c.post_id', 'c.root_id', 'c.depth', 'c.parent_id'])
          .where('i.source', '=', source).where('i.source_id', 'in', sourceIds.slice(i, i + 500)).execute();
        for (const row of rows) found.set(row.source_id, {id: row.id, postId: row.post_id, rootId: row.root_id, depth: row.depth, parentId: row.parent_id});
      }
      return found;
    });
  }

  /**
   * Stores `rows` (each one's parent already stored, or earlier in `rows`) and records their source
   * IDs, in one transaction. A reply deeper than the protocol allows hangs from its deepest allowed
   * ancestor. Returns where each went.
   */
  write(source: string, rows: readonly ImportRow[], parents: ReadonlyMap<string, Placed>): Promise<Map<string, Placed>> {
    return commitAndAnnounce(this.#database, async (tx) => {
      const ids = await this.#allocate(tx, rows.length);
      const placed = new Map<string, Placed>();
      const values = rows.map((row, i) => {
        let parent = row.parentSourceId === null ? undefined : placed.get(row.parentSourceId) ?? parents.get(row.parentSourceId);
        // Replies deeper than the protocol allows hang from the deepest comment allowed (their parent's parent).
        if (parent && parent.depth >= LIMITS.maxDepth) {
          parent = {id: parent.parentId!, postId: parent.postId, rootId: parent.rootId, depth: parent.depth - 1, parentId: null};
        }
        const here: Placed = {id: ids[i]!, postId: row.postId, rootId: parent ? parent.rootId ?? parent.id : null,
          depth: parent ? parent.depth + 1 : 0, parentId: parent?.id ?? null};
        placed.set(row.sourceId, here);
        return {id: here.id, post_id: row.postId, parent_id: here.parentId, root_id: here.rootId, depth: here.depth,
          author_name: row.authorName, author_email: row.authorEmail, author_url: row.authorUrl, author_key: row.authorKey,
          body: row.body, body_html: row.bodyHtml, status: row.status, held_for: row.heldFor, created_ms: row.createdMs};
      });
      for (let i = 0; i < values.length; i += 200) await tx.insertInto('comments').values(values.slice(i, i + 200)).execute();
      const sources = rows.map((row) => ({source, source_id: row.sourceId, comment_id: placed.get(row.sourceId)!.id}));
      for (let i = 0; i < sources.length; i += 500) await tx.insertInto('imported_comments').values(sources.slice(i, i + 500)).execute();
      return placed;
    }, () => [...new Set(rows.map((row) => row.postId))]);
  }

  /**
   * Sets the touched posts right: a tombstone with nothing below it goes, a hidden comment that
   * replies hang from becomes a tombstone, and each post's count, newest date and first date are
   * taken from what it now holds. Returns how many tombstones stay.
   */
  finish(postIds: readonly string[]): Promise<number> {
    return commitAndAnnounce(this.#database, async (tx) => {
      let tombstones = 0;
      for (let i = 0; i < postIds.length; i += 200) {
        const posts = postIds.slice(i, i + 200);
        // Hidden comments with replies that readers or authors see keep their place as tombstones.
        await tx.updateTable('comments').set({status: 'deleted', body: '', body_html: '', author_name: '', author_email: null, author_url: null})
          .where('post_id', 'in', posts).where('status', 'in', ['spam', 'rejected'])
          .where((eb) => eb.exists(eb.selectFrom('comments as r').select('r.id').whereRef('r.parent_id', '=', 'comments.id').where('r.status', 'in', KEEPS_PARENT)))
          .execute();
        // Tombstones with nothing below them go, from the leaves up.
        for (;;) {
          const swept = await tx.updateTable('comments').set({status: 'removed'})
            .where('post_id', 'in', posts).where('status', '=', 'deleted')
            .where((eb) => eb.not(eb.exists(eb.selectFrom('comments as r').select('r.id').whereRef('r.parent_id', '=', 'comments.id').where('r.status', 'in', KEEPS_PARENT))))
            .executeTakeFirst();
          if (Number(swept.numUpdatedRows) === 0) break;
        }
        const stats = await tx.selectFrom('comments').select((eb) => ['post_id',
          eb.fn.count<number>(eb.case().when('status', '=', 'published').then(1).end()).as('published'),
          eb.fn.count<number>(eb.case().when('status', '=', 'deleted').then(1).end()).as('tombstones'),
          eb.fn.max('created_ms').as('newest'), eb.fn.min('created_ms').as('oldest')])
          .where('post_id', 'in', posts).groupBy('post_id').execute();
        for (const row of stats) {
          tombstones += Number(row.tombstones);
          const values = {comment_count: Number(row.published), last_created_ms: Number(row.newest), opened_ms: Number(row.oldest)};
          await tx.insertInto('posts').values({post_id: row.post_id, ...values})
            .onConflict((oc) => oc.column('post_id').doUpdateSet((eb) => ({
              comment_count: values.comment_count,
              last_created_ms: eb.case().when('posts.last_created_ms', '>', values.last_created_ms).then(eb.ref('posts.last_created_ms')).else(values.last_created_ms).end(),
              opened_ms: eb.case().when('posts.opened_ms', '<', values.opened_ms).then(eb.ref('posts.opened_ms')).else(values.opened_ms).end(),
            })))
            .execute();
        }
      }
      return tombstones;
    }, () => postIds);
  }

  /** Visible comments already on each of `postIds` (the dry run says which posts have some). */
  counts(postIds: readonly string[]): Promise<Map<string, number>> {
    return duringOutage(async () => {
      const counts = new Map<string, number>();
      for (let i = 0; i < postIds.length; i += 500) {
        const rows = await this.#db.selectFrom('posts').select(['post_id', 'comment_count']).where('post_id', 'in', postIds.slice(i, i + 500)).execute();
        for (const row of rows) counts.set(row.post_id, Number(row.comment_count));
      }
      return counts;
    });
  }

  /** `n` comment IDs no other writer can take, counting on from every ID ever handed out. */
  async #allocate(tx: Transaction<Database>, n: number): Promise<number[]> {
    if (this.#kind === 'postgres') {
      const {rows} = await sql<{id: number}>`SELECT nextval(pg_get_serial_sequence('comments', 'id'))::int AS id FROM generate_series(1, ${n}::int)`.execute(tx);
      return rows.map((row) => Number(row.id));
    }
    // SQLite: the transaction holds the only write lock; AUTOINCREMENT's record covers IDs that went.
    const {rows} = await sql<{next: number}>`SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'comments'), 0),
      COALESCE((SELECT MAX(id) FROM comments), 0)) + 1 AS next`.execute(tx);
    const first = Number(rows[0]!.next);
    return Array.from({length: n}, (_, i) => first + i);
  }
}
