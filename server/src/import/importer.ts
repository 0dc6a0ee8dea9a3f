import type {Db} from '../db.js';
import {checkBody, checkEmail, checkUrl, displayName, markdownToHtml} from '../protocol.js';
import type {StoredStatus} from '../schema.js';
import {authorKeyOf} from '../store/comment-rows.js';
import {ImportStore, type ImportRow, type Placed} from '../store/imports.js';
import {Secrets} from '../store/secrets.js';
import {htmlToMarkdown} from './html-to-markdown.js';
import {postIdOf, type PostIdRule} from './post-ids.js';
import type {SourceComment, SourceRecord, SourceThread} from './records.js';

export interface ImportOptions {
  /** Whose IDs these are (`disqus`, `wordpress:https://blog.example.com`): the key that makes a second import change nothing. */
  readonly source: string;
  readonly postIdRule: PostIdRule;
  /** Read everything, write nothing: say where each thread would go. */
  readonly dryRun?: boolean;
  /** Keep spam and trash, hidden, for the owner to look through (they are skipped otherwise). */
  readonly keepSpam?: boolean;
  /** Import pingbacks and trackbacks as comments (they are skipped otherwise). */
  readonly pingbacks?: boolean;
  /** Comments written per transaction. */
  readonly batchSize?: number;
}

/** Why a source comment was not imported. */
export type SkipReason = 'already imported' | 'pingback or trackback' | 'no text' | 'no date' | 'thread has no post ID' | 'thread not in the file'
  | 'hidden at the source';

/** One source thread and where it goes. */
export interface ThreadReport {
  readonly sourceId: string;
  readonly url?: string;
  readonly title?: string;
  /** Undefined when the rule finds nothing to make one from: its comments are skipped. */
  readonly postId?: string;
  /** Comments it brings (or would bring, in a dry run). */
  comments: number;
  /** Visible comments its post has here already. */
  existing: number;
}

export interface ImportSummary {
  readonly dryRun: boolean;
  readonly threads: ThreadReport[];
  /** Stored (or, in a dry run, to be stored), by status as readers will see them. */
  readonly imported: {published: number; pending: number; hidden: number};
  readonly skipped: Partial<Record<SkipReason, number>>;
  /** Deleted or hidden comments kept as "Comment deleted" so their replies keep their place. */
  tombstones: number;
  /** Replies whose parent is not in the file, imported at the top of their thread. */
  madeTopLevel: number;
}

/** A comment on its way in: its row, and the thread it counts for. */
interface Pending {
  readonly row: ImportRow;
  readonly thread: ThreadReport;
}

/**
 * Imports a stream of source records into the database, a batch per transaction: bounded memory
 * however big the file, and the server can keep serving meanwhile. Threads map to post IDs by the
 * owner's rule; replies find their parents wherever they come in the file; a comment already
 * imported from the same source is left as it is, so a second run adds only what is new.
 */
export async function importRecords(db: Db, records: AsyncIterable<SourceRecord>, options: ImportOptions): Promise<ImportSummary> {
  const store = new ImportStore(db);
  const authorSecret = await new Secrets(db.kysely).get('author_key_secret');
  const batchSize = options.batchSize ?? 500;
  const dryRun = options.dryRun ?? false;
  const summary: ImportSummary = {dryRun, threads: [], imported: {published: 0, pending: 0, hidden: 0}, skipped: {}, tombstones: 0, madeTopLevel: 0};
  const skip = (reason: SkipReason, count = 1) => {
    if (count) summary.skipped[reason] = (summary.skipped[reason] ?? 0) + count;
  };
  const threads = new Map<string, ThreadReport>();
  const waitingForThread: SourceComment[] = [];
  /** Replies whose parent has not been stored yet, by the parent's source ID. */
  const waitingForParent = new Map<string, Pending[]>();
  /** A dry run stores nothing: what it would have stored, so replies find their parents all the same. */
  const planned = new Set<string>();
  const touched = new Set<string>();
  let erased = 0;
  let batch: Pending[] = [];
  // One HMAC per author, not per comment: the same few people write most of a site's comments.
  const authorKey = boundedMemo((email: string, name: string) => authorKeyOf(authorSecret, email, name), 10_000);

  const prepare = (comment: SourceComment, thread: ThreadReport): ImportRow | SkipReason => {
    if (comment.type !== 'comment' && !options.pingbacks) return 'pingback or trackback';
    if (!thread.postId) return 'thread has no post ID';
    if (Number.isNaN(comment.createdAt.getTime())) return 'no date';
    const status: StoredStatus = comment.status === 'published' || comment.status === 'pending' ? comment.status
      : comment.status === 'deleted' || !options.keepSpam ? 'deleted' : comment.status === 'spam' ? 'spam' : 'rejected';
    // A deleted (or, unless kept, hidden) comment is stored empty: a tombstone if replies need its place, else it goes at the end.
    const gone = status === 'deleted';
    const body = gone ? '' : markdownOf(comment.body);
    if (body === undefined) return 'no text';
    const name = displayName(comment.author.name) || 'Anonymous';
    const email = comment.author.email && !gone ? checkEmail(comment.author.email) : undefined;
    const url = comment.author.url && !gone ? checkUrl(comment.author.url) : undefined;
    return {
      sourceId: comment.sourceId, postId: thread.postId, parentSourceId: comment.parentId,
      authorName: gone ? '' : name,
      authorEmail: email?.ok ? email.value : null, // kept for the owner, never served; IP addresses are not kept at all
      authorUrl: url?.ok ? url.value : null,
      // Authors with published comments here count as known to `first` moderation.
      authorKey: status === 'published' && email?.ok ? authorKey(email.value, name) : null,
      body, bodyHtml: body ? markdownToHtml(body) : '',
      status,
      heldFor: status === 'pending' ? 'imported: waiting for moderation at its source' : status === 'spam' || status === 'rejected' ? `imported as ${comment.status}` : null,
      createdMs: Math.floor(comment.createdAt.getTime() / 1000) * 1000, // to the second: what every source keeps
    };
  };

  /** Where stored comments are, among `ids` (in a dry run, counting those it would have stored). */
  const lookup = async (ids: readonly string[]): Promise<Map<string, Placed>> => {
    const found = await store.placed(options.source, ids);
    if (dryRun) for (const id of ids) if (planned.has(id) && !found.has(id)) found.set(id, PLANNED);
    return found;
  };

  /** Stores what can be stored (parents known), holding back replies whose parent is yet to come. */
  const flush = async (pending: readonly Pending[]): Promise<void> => {
    if (pending.length === 0) return;
    const done = await lookup(pending.map((p) => p.row.sourceId));
    const fresh = pending.filter((p) => !done.has(p.row.sourceId));
    skip('already imported', pending.length - fresh.length);
    // A run cut short before its end left these posts' counts and tombstones unsettled: this one settles them.
    for (const placed of done.values()) if (placed !== PLANNED) touched.add(placed.postId);
    const inBatch = new Set(fresh.map((p) => p.row.sourceId));
    const outside = [...new Set(fresh.flatMap((p) => (p.row.parentSourceId === null ? [] : [p.row.parentSourceId])))]
      .filter((id) => !done.has(id) && !inBatch.has(id));
    const parents = new Map([...done, ...await lookup(outside)]);
    // Parents before their replies; a reply whose parent is nowhere yet waits for it.
    const ready: Pending[] = [];
    const readyIds = new Set<string>();
    let left = fresh;
    for (let moved = true; moved && left.length;) {
      moved = false;
      const next: Pending[] = [];
      for (const p of left) {
        const parent = p.row.parentSourceId;
        if (parent === null || parents.has(parent) || readyIds.has(parent)) {
          ready.push(p);
          readyIds.add(p.row.sourceId);
          moved = true;
        } else next.push(p);
      }
      left = next;
    }
    for (const p of left) waitingForParent.set(p.row.parentSourceId!, [...waitingForParent.get(p.row.parentSourceId!) ?? [], p]);
    if (ready.length === 0) return;
    if (dryRun) for (const p of ready) planned.add(p.row.sourceId);
    else await store.write(options.source, ready.map((p) => p.row), parents);
    for (const {row, thread} of ready) {
      thread.comments++;
      touched.add(row.postId);
      if (row.status === 'published') summary.imported.published++;
      else if (row.status === 'pending') summary.imported.pending++;
      else if (row.status === 'deleted') erased++;
      else summary.imported.hidden++;
      // Replies that waited for this one come along in the next batch.
      const children = waitingForParent.get(row.sourceId);
      if (children) {
        waitingForParent.delete(row.sourceId);
        batch.push(...children);
      }
    }
  };
  const drain = async () => {
    while (batch.length) {
      const pending = batch;
      batch = [];
      await flush(pending);
    }
  };

  const add = async (comment: SourceComment, thread: ThreadReport) => {
    const prepared = prepare(comment, thread);
    if (typeof prepared === 'string') return skip(prepared);
    batch.push({row: prepared, thread});
    if (batch.length >= batchSize) {
      const pending = batch;
      batch = [];
      await flush(pending);
    }
  };

  for await (const record of records) {
    if (record.kind === 'thread') {
      if (!threads.has(record.sourceId)) threads.set(record.sourceId, report(record, options.postIdRule));
      continue;
    }
    const thread = threads.get(record.threadId);
    if (thread) await add(record, thread);
    else waitingForThread.push(record); // listed before its thread
  }
  for (const comment of waitingForThread.splice(0)) {
    const thread = threads.get(comment.threadId);
    if (thread) await add(comment, thread);
    else skip('thread not in the file');
  }
  await drain();
  // Replies whose parent never came go at the top of their thread, rather than being lost.
  const orphans = [...waitingForParent.values()].flat();
  waitingForParent.clear();
  summary.madeTopLevel = orphans.length;
  for (let i = 0; i < orphans.length; i += batchSize) {
    batch.push(...orphans.slice(i, i + batchSize).map((p) => ({...p, row: {...p.row, parentSourceId: null}})));
    await drain();
  }

  if (!dryRun) summary.tombstones = await store.finish([...touched]);
  skip('hidden at the source', dryRun ? erased : Math.max(0, erased - summary.tombstones));
  const existing = await store.counts([...new Set([...threads.values()].flatMap((t) => (t.postId ? [t.postId] : [])))]);
  for (const thread of threads.values()) {
    if (thread.postId) thread.existing = existing.get(thread.postId) ?? 0;
    summary.threads.push(thread);
  }
  return summary;
}

/** `make`, remembering up to `size` answers (all are forgotten when it fills). */
function boundedMemo<T>(make: (a: string, b: string) => T, size: number): (a: string, b: string) => T {
  const memo = new Map<string, T>();
  return (a, b) => {
    const key = `${a}\0${b}`;
    let value = memo.get(key);
    if (value === undefined) {
      if (memo.size >= size) memo.clear();
      value = make(a, b);
      memo.set(key, value);
    }
    return value;
  };
}

/** A dry run's stand-in for a comment it would have stored. */
const PLANNED: Placed = {id: 0, postId: '', rootId: null, depth: 0, parentId: null};

function report(thread: SourceThread, rule: PostIdRule): ThreadReport {
  const postId = postIdOf(thread, rule);
  return {sourceId: thread.sourceId, ...(thread.url ? {url: thread.url} : {}), ...(thread.title ? {title: thread.title} : {}),
    ...(postId ? {postId} : {}), comments: 0, existing: 0};
}

// C0 and C1 controls other than tab and line feed: real exports carry some; they are dropped, not refused.
const CONTROLS = /[\0-\x08\x0B-\x1F\x7F-\x9F]/g;

/** The body as Colloquy Markdown, or undefined when nothing visible is left. */
function markdownOf(body: SourceComment['body']): string | undefined {
  const markdown = 'html' in body ? htmlToMarkdown(body.html) : 'markdown' in body ? body.markdown : escapeMarkdown(body.text);
  const checked = checkBody(markdown.replace(/\r\n?/g, '\n').replace(CONTROLS, ''));
  return checked.ok ? checked.value : undefined;
}

/** Plain text that reads as itself in Markdown. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}
