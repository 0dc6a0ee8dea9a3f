import type {Db} from '../db.js';
import {HISTORY} from '../migrations/index.js';
import {VISIBLE_TO_READERS} from '../store/comment-rows.js';
import {EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader, type ExportRecord} from './schema.js';

const PAGE = 1000;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * The whole database as export records, a page at a time (memory holds one page, whatever the
 * size): posts, then comments by ID (every parent before its replies), then the moderation log,
 * bans, banned terms, where imports came from, and the database's keys. `publicOnly` keeps what
 * readers see: visible comments and tombstones, no emails, hashes, moderation or keys.
 */
export async function* exportRecords(db: Db, {publicOnly = false}: {publicOnly?: boolean} = {}): AsyncGenerator<ExportHeader | ExportRecord> {
  const k = db.kysely;
  yield {format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(), public: publicOnly, schema: HISTORY.at(-1)![0]};
  for (let after = ''; ;) {
    const posts = await k.selectFrom('posts').selectAll().where('post_id', '>', after).orderBy('post_id').limit(PAGE).execute();
    for (const p of posts) {
      yield {type: 'post', postId: p.post_id, commentCount: Number(p.comment_count), lastCreatedAt: iso(p.last_created_ms),
        openedAt: iso(p.opened_ms), moderation: p.moderation, closed: Number(p.closed) === 1};
    }
    if (posts.length < PAGE) break;
    after = posts.at(-1)!.post_id;
  }
  for (let after = 0; ;) {
    const rows = await k.selectFrom('comments').selectAll().where('id', '>', after)
      .$if(publicOnly, (q) => q.where('status', 'in', VISIBLE_TO_READERS)).orderBy('id').limit(PAGE).execute();
    for (const c of rows) {
      // A tombstone a moderator made keeps its text for the owner; the public never gets it.
      const hidden = publicOnly && c.status === 'deleted';
      yield {
        type: 'comment', id: c.id, postId: c.post_id, parentId: c.parent_id,
        author: publicOnly ? {name: hidden ? '' : c.author_name, url: hidden ? null : c.author_url} : {name: c.author_name, email: c.author_email, url: c.author_url},
        body: hidden ? '' : c.body, status: c.status, createdAt: iso(c.created_ms)!, editedAt: iso(c.edited_ms),
        ...(publicOnly ? {} : {tokenHash: c.token_hash, authorKey: c.author_key, heldFor: c.held_for, bodyHash: c.body_hash, networkKey: c.network_key}),
      };
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  if (publicOnly) return;
  for (let after = 0; ;) {
    const rows = await k.selectFrom('moderation_log').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
    for (const m of rows) {
      yield {type: 'moderation', id: m.id, at: iso(m.at_ms)!, actor: m.actor, action: m.action, commentId: m.comment_id, postId: m.post_id, detail: m.detail};
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  for (const b of await k.selectFrom('bans').selectAll().orderBy('created_ms').execute()) {
    yield {type: 'ban', kind: b.kind, valueHash: b.value_hash, note: b.note, createdAt: iso(b.created_ms)!, actor: b.actor};
  }
  for (const t of await k.selectFrom('banned_terms').selectAll().orderBy('term').execute()) {
    yield {type: 'term', term: t.term, createdAt: iso(t.created_ms)!};
  }
  for (let after = 0; ;) {
    const rows = await k.selectFrom('imported_comments').selectAll().where('comment_id', '>', after).orderBy('comment_id').limit(PAGE).execute();
    for (const i of rows) yield {type: 'imported', source: i.source, sourceId: i.source_id, commentId: i.comment_id};
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.comment_id;
  }
  for (const m of await k.selectFrom('meta').selectAll().orderBy('key').execute()) yield {type: 'meta', key: m.key, value: m.value};
}
