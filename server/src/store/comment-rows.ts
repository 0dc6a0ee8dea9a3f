import {createHash, createHmac} from 'node:crypto';

import type {Kysely, Selectable, Transaction} from 'kysely';

import {isPlainText, type Comment, type CommentStatus} from '../protocol.js';
import type {CommentsTable, Database, StoredStatus} from '../schema.js';

/**
 * The one description of comment rows that every store shares: which statuses readers, authors and
 * moderators see, what keeps a tombstone in place, how a row becomes a protocol comment, and the
 * rules for erasing a comment and counting a post's visible comments.
 */

/** The columns a protocol comment is made from. */
export const COLUMNS = ['id', 'post_id', 'parent_id', 'author_name', 'author_url', 'body', 'body_html', 'status', 'created_ms', 'edited_ms'] as const;
export type CommentRow = Pick<Selectable<CommentsTable>, (typeof COLUMNS)[number]>;

/** What readers see in a thread: published comments, and tombstones kept for their replies. */
export const VISIBLE_TO_READERS: readonly StoredStatus[] = ['published', 'deleted'];
/** Comments that hold their parent's place when it is deleted or hidden. */
export const KEEPS_PARENT: readonly StoredStatus[] = ['published', 'pending', 'deleted'];
/** What an author may still edit or delete. */
export const EDITABLE: readonly StoredStatus[] = ['published', 'pending'];
/** What an author sees of their own in `own-comments`. Spam shows to its author as waiting, like anything held: a spammer learns nothing. */
export const OWN_VISIBLE: readonly StoredStatus[] = ['published', 'pending', 'spam'];
/** What waits for a moderator. */
export const QUEUE: readonly StoredStatus[] = ['pending'];

/** A post's count is its published comments: how much it changes when a comment goes from `from` to `to`. */
export function countChange(from: StoredStatus | null, to: StoredStatus | null): number {
  return (to === 'published' ? 1 : 0) - (from === 'published' ? 1 : 0);
}

/** Adds `change` to the post's visible count. */
export async function recount(tx: Kysely<Database>, postId: string, change: number): Promise<void> {
  if (change === 0) return;
  await tx.updateTable('posts').set((eb) => ({comment_count: eb('comment_count', '+', change)})).where('post_id', '=', postId).execute();
}

/** Whether a comment has a reply that keeps it in place as a tombstone. */
export async function hasReplies(tx: Kysely<Database>, id: number): Promise<boolean> {
  return Boolean(await tx.selectFrom('comments').select('id').where('parent_id', '=', id).where('status', 'in', KEEPS_PARENT)
    .limit(1).executeTakeFirst());
}

/**
 * Erases a comment, as its author or the owner deletes it: text and personal data go at once; it
 * stays as a tombstone while replies need its place, else it goes, and so does any tombstone above
 * it left with nothing below. Recounts the post. Returns its new status.
 */
export async function eraseComment(tx: Transaction<Database>,
  row: {id: number; post_id: string; parent_id: number | null; status: StoredStatus}): Promise<'deleted' | 'removed'> {
  const next = (await hasReplies(tx, row.id)) ? 'deleted' : 'removed';
  await tx.updateTable('comments').set({status: next, body: '', body_html: '', author_name: '', author_email: null, author_url: null})
    .where('id', '=', row.id).execute();
  await recount(tx, row.post_id, countChange(row.status, next));
  if (next === 'removed') await removeEmptyTombstonesAbove(tx, row.parent_id);
  return next;
}

/** Walks up from a comment that went: a tombstone left with nothing below it goes too. */
export async function removeEmptyTombstonesAbove(tx: Transaction<Database>, parentId: number | null): Promise<void> {
  while (parentId !== null) {
    const parent = await tx.selectFrom('comments').select(['id', 'parent_id', 'status']).where('id', '=', parentId).executeTakeFirst();
    if (parent?.status !== 'deleted' || await hasReplies(tx, parent.id)) return;
    await tx.updateTable('comments').set({status: 'removed'}).where('id', '=', parent.id).execute();
    parentId = parent.parent_id;
  }
}

/** A row as readers and its author see it. */
export function toComment(row: CommentRow): Comment {
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

/** Who an author is for `first` moderation: a keyed hash of their email and name, so a stolen table names nobody. */
export function authorKeyOf(secret: string | Uint8Array, email: string, name: string): string {
  return createHmac('sha256', secret).update(`author\0${email.toLowerCase()}\0${name.toLowerCase()}`).digest('base64url');
}

/** Owner tokens are stored as SHA-256: they are 256-bit random or HMAC values, so no slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Our IDs are int4; anything else cannot name a comment (and must not reach SQL as one). */
export function commentIdOf(text: string): number | undefined {
  const id = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  return id > 0 && id < 2 ** 31 ? id : undefined;
}
