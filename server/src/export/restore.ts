import {sql} from 'kysely';
import * as v from 'valibot';

import type {Db} from '../db.js';
import {markdownToHtml} from '../protocol.js';
import {HeaderSchema, RecordSchema, type ExportRecord} from './schema.js';

/** A restore that cannot go ahead: the file is not a Colloquy export, or the database is not empty. */
export class RestoreError extends Error {
  override readonly name = 'RestoreError';
}

export interface RestoreSummary {
  readonly posts: number;
  readonly comments: number;
  readonly moderation: number;
  readonly public: boolean;
}

const BATCH = 500;

/**
 * Restores a Colloquy export into an empty database: the same posts, comment IDs, dates,
 * statuses, owner-token hashes (old tokens still edit and delete), moderation log, bans, terms and
 * keys. Bodies' HTML is rendered again by this version. Every line is checked against the export's
 * schema first; a bad one stops the restore, naming its line.
 */
export async function restoreExport(db: Db, lines: AsyncIterable<string>): Promise<RestoreSummary> {
  const k = db.kysely;
  const present = await k.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(present.n) > 0) {
    throw new RestoreError(`a Colloquy export restores into an empty database, and this one has ${present.n} comments.`);
  }
  const summary = {posts: 0, comments: 0, moderation: 0, public: false};
  const placed = new Map<number, {rootId: number; depth: number}>();
  let batch: ExportRecord[] = [];
  let lineNumber = 0;
  let header = false;

  const flush = async () => {
    const records = batch;
    batch = [];
    if (records.length === 0) return;
    await k.transaction().execute(async (tx) => {
      for (const r of records) {
        switch (r.type) {
          case 'post':
            summary.posts++;
            await tx.insertInto('posts').values({post_id: r.postId, comment_count: r.commentCount, last_created_ms: ms(r.lastCreatedAt),
              opened_ms: ms(r.openedAt), moderation: r.moderation, closed: r.closed ? 1 : 0}).execute();
            break;
          case 'comment': {
            summary.comments++;
            const parent = r.parentId === null ? undefined : placed.get(r.parentId);
            if (r.parentId !== null && !parent) throw new RestoreError(`comment ${r.id} answers ${r.parentId}, which comes nowhere before it.`);
            const here = parent ? {rootId: parent.rootId, depth: parent.depth + 1} : {rootId: r.id, depth: 0};
            placed.set(r.id, here);
            await tx.insertInto('comments').values({
              id: r.id, post_id: r.postId, parent_id: r.parentId, root_id: parent ? here.rootId : null, depth: here.depth,
              author_name: r.author.name, author_email: r.author.email ?? null, author_url: r.author.url, body: r.body,
              body_html: r.body ? markdownToHtml(r.body) : '', status: r.status, created_ms: ms(r.createdAt)!, edited_ms: ms(r.editedAt),
              token_hash: r.tokenHash ?? null, author_key: r.authorKey ?? null, held_for: r.heldFor ?? null, body_hash: r.bodyHash ?? null,
              network_key: r.networkKey ?? null,
            }).execute();
            break;
          }
          case 'moderation':
            summary.moderation++;
            await tx.insertInto('moderation_log').values({id: r.id, at_ms: ms(r.at)!, actor: r.actor, action: r.action, comment_id: r.commentId,
              post_id: r.postId, detail: r.detail}).execute();
            break;
          case 'ban':
            await tx.insertInto('bans').values({kind: r.kind, value_hash: r.valueHash, note: r.note, created_ms: ms(r.createdAt)!, actor: r.actor})
              .onConflict((oc) => oc.columns(['kind', 'value_hash']).doNothing()).execute();
            break;
          case 'term':
            await tx.insertInto('banned_terms').values({term: r.term, created_ms: ms(r.createdAt)!}).onConflict((oc) => oc.column('term').doNothing()).execute();
            break;
          case 'imported':
            await tx.insertInto('imported_comments').values({source: r.source, source_id: r.sourceId, comment_id: r.commentId})
              .onConflict((oc) => oc.columns(['source', 'source_id']).doNothing()).execute();
            break;
          case 'meta':
            // The export's keys win over any this database made for itself: cursors, owner tokens and authors stay recognised.
            await tx.insertInto('meta').values({key: r.key, value: r.value}).onConflict((oc) => oc.column('key').doUpdateSet({value: r.value})).execute();
            break;
        }
      }
    });
  };

  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new RestoreError(`line ${lineNumber} is not JSON.`);
    }
    if (!header) {
      const parsed = v.safeParse(HeaderSchema, json);
      if (!parsed.success) throw new RestoreError('this is not a Colloquy export (its first line is not a colloquy-export header of version 1).');
      summary.public = parsed.output.public;
      header = true;
      continue;
    }
    const parsed = v.safeParse(RecordSchema, json);
    if (!parsed.success) {
      throw new RestoreError(`line ${lineNumber} is not an export record: ${parsed.issues[0]?.message ?? 'unknown shape'} (at ${v.getDotPath(parsed.issues[0]!) ?? 'the top'}).`);
    }
    batch.push(parsed.output);
    if (batch.length >= BATCH) await flush();
  }
  if (!header) throw new RestoreError('the file is empty.');
  await flush();
  // IDs count on from the restored ones.
  if (db.kind === 'postgres') {
    for (const table of ['comments', 'moderation_log']) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT MAX(id) FROM ${sql.table(table)}), 1))`.execute(k);
    }
  }
  return summary;
}

function ms(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}
