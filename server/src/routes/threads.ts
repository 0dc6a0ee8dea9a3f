import {Hono} from 'hono';
import {bodyLimit} from 'hono/body-limit';

import {isOwnerToken, LIMITS, ORDERS, PROOF_HEADER, parseCommentEdit, parseNewComment, parseOwnCommentsRequest, type CreatedComment, type Order} from '../protocol.js';
import {invalidRequest, jsonBody, limitOf, postIdOf, type CachedRead} from '../http.js';
import {ProblemError} from '../problem-error.js';
import {screen, type ScreeningOptions} from '../spam/screen.js';
import type {Notifier} from '../notify/notifier.js';
import {CHALLENGE_TTL_MS, checkProof} from '../spam/proof.js';
import type {RateLimits} from '../store/rate-limits.js';
import type {ProofOptions} from './challenge.js';
import type {CommentStore} from '../store/comments.js';

export interface ThreadRoutesOptions {
  readonly store: CommentStore;
  readonly cachedRead: CachedRead;
  /** Spam screening of new comments; absent, every comment is judged by the moderation mode alone. */
  readonly screening?: ScreeningOptions;
  /** Tells the owner about held (or all) new comments. */
  readonly notifier?: Notifier;
  /** Asks every new comment for a proof of work (a site under attack), used once each. */
  readonly proof?: ProofOptions & {readonly limits: RateLimits};
}

/** Refuses bodies over the protocol's limit, declared or streamed, before anything reads them. */
export const requestBodyLimit = bodyLimit({
  maxSize: LIMITS.requestMaxBytes,
  onError: () => {
    throw new ProblemError('payload_too_large', `The request body must be at most ${LIMITS.requestMaxBytes} bytes.`);
  },
});

/** A post's thread: read a page of it, add a comment, and let its author edit or delete it. Mounted under the API prefix. */
export function threadRoutes({store, cachedRead, screening, notifier, proof}: ThreadRoutesOptions): Hono {
  const routes = new Hono();

  routes.get('/posts/:postId/comments', async (c) => {
    const postId = postIdOf(c);
    const order = c.req.query('order') ?? 'oldest';
    if (!(ORDERS as readonly string[]).includes(order)) {
      invalidRequest('order', `The order must be one of: ${ORDERS.join(', ')}.`);
    }
    const limit = limitOf(c, LIMITS.pageSizeDefault, LIMITS.pageSizeMax);
    const cursor = c.req.query('cursor');
    return cachedRead(c, JSON.stringify(['thread', postId, order, limit, cursor ?? null]), [postId],
      () => store.list(postId, {order: order as Order, limit, ...(cursor === undefined ? {} : {cursor})}));
  });

  routes.get('/posts/:postId/comments/:commentId/replies', async (c) => {
    const postId = postIdOf(c);
    const limit = limitOf(c, LIMITS.repliesPageSizeDefault, LIMITS.repliesPageSizeMax);
    const rootId = c.req.param('commentId');
    const cursor = c.req.query('cursor');
    return cachedRead(c, JSON.stringify(['replies', postId, rootId, limit, cursor ?? null]), [postId],
      () => store.replies(postId, rootId, {limit, ...(cursor === undefined ? {} : {cursor})}));
  });

  routes.post('/posts/:postId/comments', requestBodyLimit, async (c) => {
    const postId = postIdOf(c);
    const idempotencyKey = c.req.header('Idempotency-Key');
    if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
      invalidRequest('Idempotency-Key', `The Idempotency-Key must be 1 to ${LIMITS.idempotencyKeyMaxLength} visible ASCII characters.`);
    }
    const parsed = parseNewComment(await jsonBody(c));
    if (!parsed.ok) throw new ProblemError('invalid_field', 'A field is invalid.', parsed.errors);
    if (proof?.secrets && proof.difficulty > 0) {
      const check = checkProof(c.req.header(PROOF_HEADER), await proof.secrets.get('challenge_secret'), proof.difficulty);
      if (!check.ok) throw new ProblemError('proof_required', check.reason);
      const once = await proof.limits.hit(`proof:${check.id}`, 1, CHALLENGE_TTL_MS);
      if (!once.allowed) throw new ProblemError('proof_required', 'This challenge was used already: get a new one.');
    }
    // Not awaited here: the store reads the post's moderation while the screening runs.
    const screened = screening ? screen(c, postId, parsed.value, screening) : undefined;
    const {comment, replayed, ownerToken, editableUntil, stored, heldFor} = await store.add(postId, parsed.value, idempotencyKey, screened);
    if (!replayed) await notifier?.commentAdded(comment, parsed.value, stored, heldFor);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    c.header('Cache-Control', 'no-store'); // it carries the owner's secret
    return c.json({...comment, ownerToken, editableUntil: editableUntil.toISOString()} satisfies CreatedComment, 201);
  });

  routes.patch('/posts/:postId/comments/:commentId', requestBodyLimit, async (c) => {
    const postId = postIdOf(c);
    const token = ownerTokenOf(c.req.header('Authorization'));
    const parsed = parseCommentEdit(await jsonBody(c));
    if (!parsed.ok) throw new ProblemError('invalid_field', 'A field is invalid.', parsed.errors);
    return c.json(await store.edit(postId, c.req.param('commentId'), token, parsed.value.body), 200);
  });

  routes.delete('/posts/:postId/comments/:commentId', async (c) => {
    const postId = postIdOf(c);
    const token = ownerTokenOf(c.req.header('Authorization'));
    await store.remove(postId, c.req.param('commentId'), token);
    return c.body(null, 204);
  });

  // A POST, not a GET: owner tokens are secrets and stay out of URLs, logs and caches.
  routes.post('/posts/:postId/own-comments', requestBodyLimit, async (c) => {
    const postId = postIdOf(c);
    const parsed = parseOwnCommentsRequest(await jsonBody(c));
    if (!parsed.ok) throw new ProblemError('invalid_field', 'A field is invalid.', parsed.errors);
    c.header('Cache-Control', 'no-store');
    return c.json({comments: await store.own(postId, parsed.value.tokens)}, 200);
  });

  return routes;
}

/** The owner token from `Authorization: Bearer <token>`; a missing or malformed one is refused like a wrong one. */
function ownerTokenOf(header: string | undefined): string {
  const token = /^Bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (token === undefined || !isOwnerToken(token)) {
    throw new ProblemError('token_invalid', 'Send the comment\'s owner token as Authorization: Bearer <token>.');
  }
  return token;
}

function isIdempotencyKey(value: string): boolean {
  return value.length >= 1 && value.length <= LIMITS.idempotencyKeyMaxLength && /^[\x21-\x7E]+$/.test(value);
}
