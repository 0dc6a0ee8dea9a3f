import type {SourceRecord} from './records.js';

/** Isso's `mode`: 1 published, 2 waiting in its queue, 4 deleted but kept for its replies. */
const STATUS = {1: 'published', 2: 'pending', 4: 'deleted'} as const;

/**
 * An Isso database (`comments.db`, SQLite), read in place and never written: its threads are keyed
 * by the page's path (`uri`), comments hold Markdown, and times are Unix seconds. Read a row at a time.
 */
export async function* readIsso(file: string): AsyncGenerator<SourceRecord> {
  const {default: SQLite} = await import('better-sqlite3');
  const db = new SQLite(file, {readonly: true, fileMustExist: true});
  try {
    for (const thread of db.prepare('SELECT id, uri, title FROM threads ORDER BY id').iterate() as Iterable<{id: number; uri: string; title: string | null}>) {
      yield {kind: 'thread', sourceId: String(thread.id), url: thread.uri, identifier: thread.uri, ...(thread.title ? {title: thread.title} : {})};
    }
    const rows = db.prepare('SELECT tid, id, parent, created, mode, text, author, email, website FROM comments ORDER BY id').iterate() as Iterable<{
      tid: number; id: number; parent: number | null; created: number; mode: number; text: string | null; author: string | null;
      email: string | null; website: string | null;
    }>;
    for (const row of rows) {
      yield {
        kind: 'comment',
        sourceId: String(row.id),
        threadId: String(row.tid),
        parentId: row.parent === null ? null : String(row.parent),
        author: {name: row.author ?? '', ...(row.email ? {email: row.email} : {}), ...(row.website ? {url: row.website} : {})},
        body: {markdown: row.text ?? ''},
        createdAt: new Date(row.created * 1000),
        status: STATUS[row.mode as keyof typeof STATUS] ?? 'pending',
        type: 'comment',
      };
    }
  } finally {
    db.close();
  }
}

/** Whether a file's first bytes are a SQLite database's (Isso's is one). */
export function isSqlite(head: Uint8Array): boolean {
  return new TextDecoder().decode(head.subarray(0, 16)) === 'SQLite format 3\0';
}
