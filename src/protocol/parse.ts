import * as v from 'valibot';

import {
  ChallengeResponseSchema, CommentSchema, CountsResponseSchema, CreatedCommentSchema, OwnCommentsRequestSchema,
  OwnCommentsResponseSchema, ProblemSchema, RepliesPageEnvelopeSchema, ThreadPageEnvelopeSchema,
} from './schemas.js';
import {check, type Parsed} from './check.js';
import type {
  ChallengeResponse, Comment, CountsResponse, CreatedComment, OwnCommentsRequest, Problem, RepliesPage, ThreadPage,
} from './types.js';

export type {Parsed} from './check.js';

/** Checks a request for this reader's own comments. */
export function parseOwnCommentsRequest(input: unknown): Parsed<OwnCommentsRequest> {
  return check(OwnCommentsRequestSchema, input);
}

/** Checks the answer to a new comment: the comment, and its owner token when the server sent one. */
export function parseCreatedComment(input: unknown): Parsed<Comment & Partial<Pick<CreatedComment, 'ownerToken' | 'editableUntil'>>> {
  return check(CreatedCommentSchema, input);
}

/** Checks an `own-comments` answer; like a page, a malformed comment is dropped, not the answer. */
export function parseOwnComments(input: unknown): Parsed<{comments: Comment[]}> {
  const envelope = check(OwnCommentsResponseSchema, input);
  if (!envelope.ok) return envelope;
  const comments = envelope.value.comments.flatMap((raw) => {
    const comment = v.safeParse(CommentSchema, raw);
    return comment.success ? [comment.output] : [];
  });
  return {ok: true, value: {comments}};
}

/**
 * Checks a thread page from a server. A broken envelope fails; a broken comment
 * inside a good envelope is dropped (and counted), so one bad record does not
 * hide a whole thread.
 */
export function parseThreadPage(input: unknown): (Parsed<ThreadPage> & {ok: false}) | {ok: true; value: ThreadPage; dropped: number} {
  const envelope = check(ThreadPageEnvelopeSchema, input);
  if (!envelope.ok) return envelope;
  const {comments, dropped} = parseComments(envelope.value.comments);
  return {ok: true, value: {...envelope.value, comments}, dropped};
}

/** Checks more replies of one thread from a server, dropping (and counting) broken comments as a page does. */
export function parseRepliesPage(input: unknown): (Parsed<RepliesPage> & {ok: false}) | {ok: true; value: RepliesPage; dropped: number} {
  const envelope = check(RepliesPageEnvelopeSchema, input);
  if (!envelope.ok) return envelope;
  const {comments, dropped} = parseComments(envelope.value.comments);
  return {ok: true, value: {...envelope.value, comments}, dropped};
}

function parseComments(raw: readonly unknown[]): {comments: Comment[]; dropped: number} {
  const comments: Comment[] = [];
  const ids = new Set<string>();
  let dropped = 0;
  for (const item of raw) {
    const comment = v.safeParse(CommentSchema, item);
    // A repeated ID would make the tree ambiguous: the first one wins.
    if (comment.success && !ids.has(comment.output.id)) {
      ids.add(comment.output.id);
      comments.push(comment.output);
    } else {
      dropped++;
    }
  }
  return {comments, dropped};
}

/** Checks one comment from a server (the answer to a POST). */
export function parseComment(input: unknown): Parsed<Comment> {
  return check(CommentSchema, input);
}

/** Checks a `GET /counts` answer. */
export function parseCounts(input: unknown): Parsed<CountsResponse> {
  return check(CountsResponseSchema, input);
}

/** Reads a problem document, or `undefined` when the body is not one. */
export function parseProblem(input: unknown): (Omit<Problem, 'code'> & {code: string}) | undefined {
  const result = v.safeParse(ProblemSchema, input);
  return result.success ? result.output : undefined;
}

/** Checks a proof-of-work challenge. */
export function parseChallenge(input: unknown): Parsed<ChallengeResponse> {
  return check(ChallengeResponseSchema, input);
}
