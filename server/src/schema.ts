import type {Generated} from 'kysely';

/**
 * The tables, as Kysely sees them. Times are integer milliseconds since the epoch in both databases:
 * one type that sorts, compares and round-trips the same on SQLite and PostgreSQL.
 */
export interface Database {
  comments: CommentsTable;
  posts: PostsTable;
  idempotency_keys: IdempotencyKeysTable;
  meta: MetaTable;
  moderation_log: ModerationLogTable;
  admin_sessions: AdminSessionsTable;
  rate_limits: RateLimitsTable;
  bans: BansTable;
  banned_terms: BannedTermsTable;
  notifications: NotificationsTable;
  imported_comments: ImportedCommentsTable;
}

export interface CommentsTable {
  id: Generated<number>;
  post_id: string;
  parent_id: number | null;
  /** The thread's root comment; null on roots. Lets a page fetch whole threads with one query. */
  root_id: number | null;
  depth: number;
  author_name: string;
  author_email: string | null;
  author_url: string | null;
  body: string;
  /** The body as HTML in Colloquy's Markdown dialect, rendered when it is written; null only if it never was. */
  body_html: string | null;
  status: StoredStatus;
  created_ms: number;
  /** When its author last changed the body. */
  edited_ms: number | null;
  /** SHA-256 of the owner token handed out with it, base64url; null for imported comments. */
  token_hash: string | null;
  /** A keyed hash of the author's email and name: how `first` moderation knows a returning author. */
  author_key: string | null;
  /** Why a comment waits for moderation (the signals that held it), for the admin page. */
  held_for: string | null;
  /** SHA-256 of the normalised body: how repeated bodies are found. */
  body_hash: string | null;
  /** A keyed hash of the network it came from (never the address), for bans; cleared after 30 days. */
  network_key: string | null;
  /** The Idempotency-Key of the request that made it, for a day; then null. */
  idempotency_key: string | null;
}

/**
 * A stored comment's state. Readers see `published` ones and `deleted` tombstones (kept for their
 * replies); `removed` ones are gone for everyone. `pending`, `spam` and `rejected` are moderation's.
 */
export type StoredStatus = 'published' | 'pending' | 'deleted' | 'removed' | 'spam' | 'rejected';
export const STORED_STATUSES: readonly StoredStatus[] = ['published', 'pending', 'deleted', 'removed', 'spam', 'rejected'];

/** One row per post: its lock for writers, its visible count, the newest date handed out on it. */
export interface PostsTable {
  post_id: string;
  comment_count: number;
  last_created_ms: number | null;
  /** This post's moderation mode, overriding the site's; null follows the site. */
  moderation: ModerationMode | null;
  /** 1 when the owner closed the thread (read-only). */
  closed: Generated<number>;
  /** When the post was first seen: comments close this long after, if the site closes old threads. */
  opened_ms: number | null;
}

/** `none` publishes at once; `first` holds an author's comments until one is approved; `all` holds everything. */
export type ModerationMode = 'none' | 'first' | 'all';
export const MODERATION_MODES: readonly ModerationMode[] = ['none', 'first', 'all'];

/** Who did what to which comment, when: every moderation action, shown on the admin page. */
export interface ModerationLogTable {
  id: Generated<number>;
  at_ms: number;
  actor: string;
  action: string;
  comment_id: number | null;
  post_id: string | null;
  detail: string | null;
}

/** A claimed idempotency key and what the request carried; the comment it made names the key. */
export interface IdempotencyKeysTable {
  key: string;
  fingerprint: string;
  /** Unused since comments carry their key (kept: migrations only append). */
  comment_id: number | null;
  created_ms: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A signed-in site owner: the SHA-256 of the cookie's random ID, never the ID. */
export interface AdminSessionsTable {
  id_hash: string;
  user_name: string;
  csrf: string;
  expires_ms: number;
}

/** One fixed-window counter: `count` events since `window_start_ms` for `key`. */
export interface RateLimitsTable {
  key: string;
  window_start_ms: number;
  count: number;
}

/** A banned email or network, as a keyed hash of it. */
export interface BansTable {
  kind: 'email' | 'network';
  value_hash: string;
  note: string | null;
  created_ms: number;
  actor: string;
}

/** A word or phrase the owner holds comments for. */
export interface BannedTermsTable {
  term: string;
  created_ms: number;
}

/** One email or webhook to send, until it is sent or given up (`done_ms` set either way). */
export interface NotificationsTable {
  id: Generated<number>;
  channel: 'email' | 'webhook';
  /** What to send, as JSON. */
  payload: string;
  attempts: number;
  /** When to try next; a claim pushes it forward so no other instance sends it meanwhile. */
  next_ms: number;
  done_ms: number | null;
  last_error: string | null;
  created_ms: number;
}

/** Where an imported comment came from: the key that makes importing again change nothing. */
export interface ImportedCommentsTable {
  /** `disqus`, `wordpress:<site>`…: whose IDs these are. */
  source: string;
  source_id: string;
  comment_id: number;
}
