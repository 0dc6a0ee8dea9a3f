import {
  parseChallenge, parseComment, parseCreatedComment, parseOwnComments, parseRepliesPage, parseThreadPage, PROOF_HEADER, type Comment, type NewComment, type Order, type RepliesPage, type ThreadPage,
} from '../protocol/index.js';
import {ApiError} from './api-error.js';
import {fetchCounts} from './counts.js';
import {apiRoot, badResponse, requestJson} from './request.js';

export interface ClientOptions {
  /** The server's base URL, such as `https://comments.example.com`; relative URLs resolve against `baseURI`. */
  readonly baseUrl: string;
  /** Where relative `baseUrl`s resolve from; the document's base URL by default. */
  readonly baseURI?: string;
  /** Replaces the global `fetch` (tests, or a host that wraps requests). */
  readonly fetch?: typeof fetch;
  /** Gives up on an unanswered request after this many milliseconds. */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

/**
 * A stored comment, and apart from it, the secret that lets its author edit and delete it (when the
 * server lets authors do that). Kept apart so that the comment can be handed on (events, logs)
 * without the secret going with it.
 */
export interface PostedComment {
  readonly comment: Comment;
  readonly ownership?: {readonly token: string; readonly editableUntil: string};
}

/** Speaks the Colloquy protocol to one server. Knows nothing of the DOM beyond `fetch`. */
export class CommentsClient {
  /** The API root (`…/api/v1`), or the reason there is none. */
  readonly #root: URL | ApiError;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor({baseUrl, baseURI = (globalThis as {document?: {baseURI: string}}).document?.baseURI, fetch: fetchImpl, timeoutMs = 20_000}: ClientOptions) {
    this.#root = apiRoot(baseUrl, baseURI);
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = timeoutMs;
  }

  /**
   * One page of `postId`'s thread. With `onFirstThreads`, a big page's first threads are checked and
   * handed over first, and painted, before the rest is checked: a reader sees the top of a thread of
   * thousands as soon as one of a few.
   */
  async listComments(postId: string, {cursor, order, limit, signal, onFirstThreads}: RequestOptions & {
    cursor?: string | null; order?: Order; limit?: number; onFirstThreads?: (page: ThreadPage) => void;
  } = {}): Promise<ThreadPage & {dropped: number}> {
    const query = new URLSearchParams();
    if (order) query.set('order', order);
    if (limit) query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    const json = await this.#request(`posts/${encodeURIComponent(postId)}/comments${query.size ? `?${query}` : ''}`, {signal});
    const raw = (json as {comments?: unknown} | null)?.comments;
    if (onFirstThreads && Array.isArray(raw) && raw.length > FIRST_THREADS_FROM) {
      const first = parseThreadPage({...(json as object), comments: firstThreads(raw, FIRST_THREADS_SIZE), nextCursor: null});
      if (first.ok) {
        onFirstThreads({...first.value, comments: first.value.comments.filter((comment) => comment.postId === postId), moreReplies: {}});
        await yieldToPaint(signal);
      }
    }
    // A page can hold thousands of comments: reading the JSON, checking it (a slice at a time), and
    // rendering it each get tasks of their own, so none of them blocks the page for long.
    await yieldToPage(signal);
    const slices = Array.isArray(raw) ? Math.max(1, Math.ceil(raw.length / CHECK_SLICE)) : 1;
    let page: ThreadPage | undefined;
    const comments: Comment[] = [];
    const ids = new Set<string>();
    let dropped = 0;
    for (let i = 0; i < slices; i++) {
      const parsed = parseThreadPage(Array.isArray(raw) ? {...(json as object), comments: raw.slice(i * CHECK_SLICE, (i + 1) * CHECK_SLICE)} : json);
      if (!parsed.ok) throw badResponse(`the thread page is malformed (${parsed.errors[0]?.field || 'body'})`);
      page ??= parsed.value;
      dropped += parsed.dropped;
      for (const comment of parsed.value.comments) {
        // A repeated ID (across slices too) keeps its first comment; another post's comment does not
        // belong in this thread (and a reply to it would go there).
        if (comment.postId !== postId || ids.has(comment.id)) dropped++;
        else {
          ids.add(comment.id);
          comments.push(comment);
        }
      }
      await yieldToPage(signal);
    }
    return {...page!, comments, dropped};
  }

  /** The next replies of one root thread (`cursor` from a page's `moreReplies` or the last answer's `more`). */
  async listReplies(postId: string, rootId: string, {cursor, limit, signal}: RequestOptions & {cursor?: string; limit?: number} = {}):
    Promise<RepliesPage & {dropped: number}> {
    const query = new URLSearchParams();
    if (limit) query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    const json = await this.#request(`${this.#commentPath(postId, rootId)}/replies${query.size ? `?${query}` : ''}`, {signal});
    const parsed = parseRepliesPage(json);
    if (!parsed.ok || parsed.value.rootId !== rootId) throw badResponse('the replies are malformed');
    // Only replies of this post belong here: a root, or another post's comment, would land in the wrong place.
    const comments = parsed.value.comments.filter((comment) => comment.postId === postId && comment.parentId !== null);
    return {...parsed.value, comments, dropped: parsed.dropped + parsed.value.comments.length - comments.length};
  }

  /**
   * Posts a comment; the same `idempotencyKey` on a retry can never make a second one. The answer
   * carries, apart from the comment, the owner token that lets this reader edit or delete it: keep it, and keep it to yourself.
   */
  async postComment(postId: string, comment: NewComment, {idempotencyKey, signal}: RequestOptions & {idempotencyKey?: string} = {}): Promise<PostedComment> {
    const send = (proof?: string) => this.#request(`posts/${encodeURIComponent(postId)}/comments`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', ...(idempotencyKey ? {'Idempotency-Key': idempotencyKey} : {}),
        ...(proof ? {[PROOF_HEADER]: proof} : {})},
      body: JSON.stringify(comment),
      signal,
    });
    let json: unknown;
    try {
      json = await send();
    } catch (error) {
      // A site under attack asks for a proof of work: solve its challenge and send once more.
      if (!(error instanceof ApiError && error.code === 'proof_required')) throw error;
      json = await send(await this.#proofOfWork(signal));
    }
    const parsed = parseCreatedComment(json);
    if (!parsed.ok || parsed.value.postId !== postId) throw badResponse('the stored comment is malformed');
    const {ownerToken, editableUntil, ...stored} = parsed.value; // the schema's output has no other keys
    return ownerToken ? {comment: stored, ownership: {token: ownerToken, editableUntil: editableUntil ?? stored.createdAt}} : {comment: stored};
  }

  async #proofOfWork(signal?: AbortSignal): Promise<string> {
    const parsed = parseChallenge(await this.#request('challenge', {signal}));
    if (!parsed.ok || !parsed.value.challenge) throw badResponse('the proof-of-work challenge is malformed');
    const {challenge, difficulty} = parsed.value;
    // Only a site under attack asks: the solver loads then.
    const {solveChallenge} = await import('./proof-of-work.js');
    return `${challenge}:${await solveChallenge(challenge, difficulty, signal)}`;
  }

  /** Changes the body of a comment this reader wrote, proving it with its owner token. */
  async editComment(postId: string, commentId: string, ownerToken: string, body: string, {signal}: RequestOptions = {}): Promise<Comment> {
    const json = await this.#request(this.#commentPath(postId, commentId), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/json', Authorization: `Bearer ${ownerToken}`},
      body: JSON.stringify({body}),
      signal,
    });
    const parsed = parseComment(json);
    if (!parsed.ok || parsed.value.id !== commentId || parsed.value.postId !== postId) throw badResponse('the edited comment is malformed');
    return parsed.value;
  }

  /** Deletes a comment this reader wrote. Deleting one already gone succeeds. */
  async deleteComment(postId: string, commentId: string, ownerToken: string, {signal}: RequestOptions = {}): Promise<void> {
    await this.#request(this.#commentPath(postId, commentId), {method: 'DELETE', headers: {Authorization: `Bearer ${ownerToken}`}, signal});
  }

  /** This reader's comments on a post, found by their owner tokens, including ones awaiting moderation. */
  async ownComments(postId: string, ownerTokens: readonly string[], {signal}: RequestOptions = {}): Promise<Comment[]> {
    const json = await this.#request(`posts/${encodeURIComponent(postId)}/own-comments`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({tokens: ownerTokens}),
      signal,
    });
    const parsed = parseOwnComments(json);
    if (!parsed.ok) throw badResponse('the list of your comments is malformed');
    return parsed.value.comments.filter((comment) => comment.postId === postId);
  }

  /** Where these tokens belong: comment IDs are only unique on one server. */
  get server(): string {
    return this.#root instanceof ApiError ? '' : this.#root.href;
  }

  #commentPath(postId: string, commentId: string): string {
    return `posts/${encodeURIComponent(postId)}/comments/${encodeURIComponent(commentId)}`;
  }

  /** Visible comments per post, for "24 comments" links on index pages. */
  countComments(postIds: readonly string[], {signal}: RequestOptions = {}): Promise<Readonly<Record<string, number>>> {
    return fetchCounts(this.#root, postIds, {fetch: this.#fetch, timeoutMs: this.#timeoutMs}, signal ? {signal} : {});
  }

  #request(path: string, init: RequestInit & {signal?: AbortSignal | null | undefined}): Promise<unknown> {
    if (this.#root instanceof ApiError) return Promise.reject(this.#root);
    return requestJson(new URL(path, this.#root), init, {fetch: this.#fetch, timeoutMs: this.#timeoutMs});
  }

}

/** Lets the page handle input and paint before the next step; rejects if the caller aborted meanwhile. */
/** Comments checked in one task. */
const CHECK_SLICE = 500;
/** Pages with more comments than this hand their first threads over first. */
const FIRST_THREADS_FROM = 100;
/** About a screenful of comments, and their threads' first replies. */
const FIRST_THREADS_SIZE = 20;

/**
 * The page's first root comments with their replies, depth first, up to `max`, picked from unchecked
 * data (each is checked after). Bounded by `max` whatever the data: repeated IDs cannot make it loop.
 */
export function firstThreads(raw: readonly unknown[], max: number): unknown[] {
  const field = (item: unknown, key: 'id' | 'parentId'): unknown => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined);
  const roots: unknown[] = [];
  const replies = new Map<unknown, unknown[]>();
  for (const item of raw) {
    const parentId = field(item, 'parentId');
    if (parentId === null) roots.push(item);
    else if (typeof parentId === 'string') (replies.get(parentId) ?? replies.set(parentId, []).get(parentId)!).push(item);
  }
  const picked: unknown[] = [];
  for (const root of roots) {
    const stack = [root];
    while (stack.length && picked.length < max) {
      const item = stack.pop();
      picked.push(item);
      const below = replies.get(field(item, 'id')) ?? [];
      for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
    }
    if (picked.length >= max) break;
  }
  return picked;
}

/** Waits until the browser has painted what is in the DOM now (outside a browser, for a task). */
async function yieldToPaint(signal?: AbortSignal): Promise<void> {
  const frame = (globalThis as {requestAnimationFrame?: (callback: () => void) => number}).requestAnimationFrame;
  await new Promise((resolve) => (frame ? frame(() => setTimeout(resolve, 0)) : setTimeout(resolve, 0)));
  signal?.throwIfAborted();
}

async function yieldToPage(signal?: AbortSignal): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  signal?.throwIfAborted();
}


