import type {FieldReason, Order} from './limits.js';

/** Who wrote a comment, as anyone may see it. The email given on posting is never sent back. */
export interface Author {
  readonly name: string;
  /** The author's website: always an absolute `http:` or `https:` URL. */
  readonly url?: string;
}

/**
 * `published` is visible to everyone; `pending` awaits moderation (shown only to its author);
 * `deleted` is a tombstone: its author deleted it, and it keeps its place because it has replies
 * (its `author.name` and `body` are empty).
 */
export type CommentStatus = 'published' | 'pending' | 'deleted';

/** One stored comment. */
export interface Comment {
  readonly id: string;
  readonly postId: string;
  /** The comment this one answers; `null` for a root comment. */
  readonly parentId: string | null;
  readonly author: Author;
  /** Markdown source, never HTML: clients render and sanitize it. */
  readonly body: string;
  /**
   * The body as HTML in Colloquy's Markdown dialect, when the server renders it (Colloquy's does, when
   * the comment is written), so a reader's browser need not load a Markdown parser. As untrusted as
   * any field: clients sanitize it, and render `body` themselves when it is absent. Colloquy's server
   * leaves it out when `isPlainText(body)`: such a body is its paragraphs and line breaks.
   */
  readonly html?: string;
  /** ISO 8601 in UTC, such as `2026-11-23T20:14:05.123Z`. */
  readonly createdAt: string;
  /** When its author last changed the body; absent if never. */
  readonly editedAt?: string;
  readonly status: CommentStatus;
}

/**
 * The answer to a new comment: the comment, and once only, the secret that lets its author edit or
 * delete it (the server keeps only a hash). A retry with the same `Idempotency-Key` gets the same one.
 */
export interface CreatedComment extends Comment {
  readonly ownerToken: string;
  /** Until when the author may edit the body (deleting has no deadline). */
  readonly editableUntil: string;
}

/** What an author may change about their comment. */
export interface CommentEdit {
  readonly body: string;
}

/** `POST /posts/{postId}/own-comments`: this reader's comments, found by the owner tokens they hold. */
export interface OwnCommentsRequest {
  readonly tokens: readonly string[];
}

export interface OwnCommentsResponse {
  /** Their comments on the post that readers may see or that await moderation, oldest first. */
  readonly comments: readonly Comment[];
}

/** What a reader submits. */
export interface NewComment {
  readonly parentId: string | null;
  readonly author: {
    readonly name: string;
    /** Optional, kept private by the server (for the site owner only). */
    readonly email?: string;
    readonly url?: string;
  };
  readonly body: string;
  /** The form's honeypot: people leave it empty (it is hidden from them); a bot that fills it is filed as spam. */
  readonly trap?: string;
  /** Milliseconds between the form appearing and the post, as the client measured them (a very quick post waits). */
  readonly composeMs?: number;
}

/** Where a root thread's replies continue, when an answer did not hold them all. */
export interface MoreReplies {
  /** How many replies in the thread were not sent yet. */
  readonly remaining: number;
  /** Pass as `cursor` to `GET /posts/{postId}/comments/{rootId}/replies` for the next ones. */
  readonly cursor: string;
}

/**
 * One page of a post's thread: a run of root comments, each with its first replies (the ones written
 * first, so each reply's parent is there too). Pages are cut between root threads; a thread with
 * more replies says so in `moreReplies`.
 */
export interface ThreadPage {
  readonly postId: string;
  readonly order: Order;
  /** Visible comments on the post, replies included, across all pages. */
  readonly total: number;
  /** This page's roots, in `order`, and every reply below them; clients nest them by `parentId`. */
  readonly comments: readonly Comment[];
  /** Pass as `cursor` to get the next page; `null` on the last page. */
  readonly nextCursor: string | null;
  /** True when the thread takes no new comments (its owner closed it, or it is older than the site allows). */
  readonly closed?: boolean;
  /** Root threads with replies this page does not hold, by root ID. */
  readonly moreReplies?: Readonly<Record<string, MoreReplies>>;
}

/** `GET /posts/{postId}/comments/{rootId}/replies`: the next replies of one root thread, in the order written. */
export interface RepliesPage {
  readonly postId: string;
  readonly rootId: string;
  readonly comments: readonly Comment[];
  /** `null` once the thread's replies have all been sent. */
  readonly more: MoreReplies | null;
}

/** `GET /counts`: visible comments per post ID asked for (0 for unknown posts). */
export interface CountsResponse {
  readonly counts: Readonly<Record<string, number>>;
}

/** Every machine-readable error code a Colloquy server answers with. */
export type ProblemCode =
  | 'invalid_json'
  | 'invalid_field'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'parent_not_found'
  | 'thread_too_deep'
  | 'idempotency_key_reused'
  | 'token_invalid'
  | 'edit_window_closed'
  | 'comment_deleted'
  | 'comments_closed'
  | 'rate_limited'
  | 'proof_required'
  | 'unauthorized'
  | 'csrf_failed'
  | 'not_found'
  | 'method_not_allowed'
  | 'internal'
  | 'unavailable';

/** One field that failed validation, named by its dotted path (`author.name`). */
export interface FieldError {
  readonly field: string;
  /** For people, in English. */
  readonly detail: string;
  /** For programs; Colloquy's server always sends one, other servers may not. */
  readonly reason?: FieldReason;
  /** With `too_long`: the most characters the field takes. */
  readonly limit?: number;
}

/** An error response: `application/problem+json` (RFC 9457) with Colloquy's extension members. */
export interface Problem {
  /** `urn:colloquy:problem:<code>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  /** What went wrong, for people; names the offending field when there is one. */
  readonly detail: string;
  /** Stable, for programs: switch on this, not on `detail`. */
  readonly code: ProblemCode;
  /** The first offending field, for `invalid_field` and the parent errors. */
  readonly field?: string;
  /** Every offending field, for `invalid_field`. */
  readonly errors?: readonly FieldError[];
}

/** `GET /challenge`: a proof-of-work challenge, when the server asks for one (`difficulty` 0: it does not). */
export interface ChallengeResponse {
  readonly challenge: string | null;
  /** Zero bits SHA-256(`<challenge>:<nonce>`) must start with. */
  readonly difficulty: number;
  readonly expiresAt: string | null;
}
