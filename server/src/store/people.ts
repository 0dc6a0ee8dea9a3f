import {sql} from 'kysely';

import type {PersonData} from '../admin/schemas.js';
import {duringOutage, type Db} from '../db.js';
import {eraseComment} from './comment-rows.js';
import {commitAndAnnounce} from './committed.js';
import {likePattern} from './moderation.js';

/**
 * One person's data, found by their email address: what an access request returns, and what an
 * erasure request removes. The address is compared without case; it is never written to the log.
 */
export class PeopleStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Everything stored with `email`: each comment as the owner sees it. */
  find(email: string): Promise<PersonData> {
    return duringOutage(async () => {
      const rows = await this.#db.kysely.selectFrom('comments').selectAll()
        .where(sql`lower(author_email)`, '=', email.trim().toLowerCase()).orderBy('id').execute();
      return {
        email: email.trim(),
        comments: rows.map((row) => ({
          id: String(row.id), postId: row.post_id, parentId: row.parent_id === null ? null : String(row.parent_id),
          author: {name: row.author_name, email: row.author_email, url: row.author_url}, body: row.body,
          createdAt: new Date(Number(row.created_ms)).toISOString(),
          editedAt: row.edited_ms === null ? null : new Date(Number(row.edited_ms)).toISOString(), status: row.status, heldFor: row.held_for,
        })),
      };
    });
  }

  /**
   * Erases everything stored with `email`, in one transaction: each comment goes as its author's
   * delete would (a tombstone where replies need its place), its name, address, website and text
   * with it, and the keyed hashes that linked it to the person. Returns how many comments, and how
   * many stay as tombstones.
   */
  erase(email: string, actor: string): Promise<{comments: number; tombstones: number; posts: string[]}> {
    return commitAndAnnounce(this.#db, async (tx) => {
      const rows = await tx.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'status'])
        .where(sql`lower(author_email)`, '=', email.trim().toLowerCase()).orderBy('id', 'desc').execute();
      let tombstones = 0;
      for (const row of rows) {
        if (row.status !== 'removed' && row.status !== 'deleted' && (await eraseComment(tx, row)) === 'deleted') tombstones++;
        await tx.updateTable('comments').set({author_name: '', author_email: null, author_url: null, body: '', body_html: '',
          author_key: null, network_key: null, token_hash: null}).where('id', '=', row.id).execute();
      }
      // Notices to the owner about these comments (sent or waiting) quote the address and the text: they go too.
      await tx.deleteFrom('notifications').where(sql`lower(payload)`, 'like', likePattern(email.trim().toLowerCase())).execute();
      // The log says what was done, never to whom.
      await tx.insertInto('moderation_log').values({at_ms: Date.now(), actor, action: 'erase person', comment_id: null, post_id: null,
        detail: `${rows.length} comment(s), ${tombstones} kept as tombstones`}).execute();
      return {comments: rows.length, tombstones, posts: [...new Set(rows.map((row) => row.post_id))]};
    }, (erased) => erased.posts);
  }
}
