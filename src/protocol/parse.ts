import * as v from 'valibot';

import {
  ChallengeResponseSchema, CommentEditSchema, CommentSchema, CountsResponseSchema, CreatedCommentSchema, NewCommentSchema, OwnCommentsRequestSchema,
  OwnCommentsResponseSchema, ProblemSchema, ThreadPageEnvelopeSchema,
} from './schemas.js';
import {FIELD_REASONS, type FieldReason} from './limits.js';
import type {
  ChallengeResponse, Comment, CommentEdit, CountsResponse, CreatedComment, FieldError, NewComment, OwnCommentsRequest, Problem, ThreadPage,
} from './types.js';

/** The result of checking untrusted input: the value, or every reason it was refused. */
export type Parsed<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly errors: readonly FieldError[]};

function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '';
    if (seen.has(field)) continue; // the first message per field is the one a reader needs
    seen.add(field);
    errors.push({field, detail: issue.message, ...reasonOf(issue)});
  }
  return errors;
}

/** The machine-readable reason for a valibot issue: our own checks name theirs in `expected`. */
function reasonOf(issue: v.BaseIssue<unknown>): {reason: FieldReason; limit?: number} {
  if (issue.type === 'union' && issue.issues?.length) return reasonOf(issue.issues[issue.issues.length - 1]!);
  if (issue.type === 'max_length') return {reason: 'too_long', limit: Number(issue.requirement)};
  if ((issue.type === 'raw_transform' || issue.type === 'raw_check') && isFieldReason(issue.expected)) return {reason: issue.expected};
  if (issue.kind === 'schema') return {reason: issue.input === undefined ? 'required' : 'type'};
  return {reason: 'format'};
}

function isFieldReason(value: unknown): value is FieldReason {
  return (FIELD_REASONS as readonly unknown[]).includes(value);
}

/** Runs a schema and reports in the protocol's terms: the value, or each field's first complaint. */
function check<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Parsed<T> {
  const result = v.safeParse(schema, input);
  return result.success ? {ok: true, value: result.output} : {ok: false, errors: fieldErrors(result.issues)};
}

/**
 * Checks a new comment from a form or a request body, trimming text and
 * dropping blank optional fields. The widget and the server both call this.
 */
export function parseNewComment(input: unknown): Parsed<NewComment> {
  return check(NewCommentSchema, input);
}

/** Checks an author's edit (`PATCH` body), trimming the text. */
export function parseCommentEdit(input: unknown): Parsed<CommentEdit> {
  return check(CommentEditSchema, input);
}

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
  const comments: Comment[] = [];
  const ids = new Set<string>();
  let dropped = 0;
  for (const raw of envelope.value.comments) {
    const comment = v.safeParse(CommentSchema, raw);
    // A repeated ID would make the tree ambiguous: the first one wins.
    if (comment.success && !ids.has(comment.output.id)) {
      ids.add(comment.output.id);
      comments.push(comment.output);
    } else {
      dropped++;
    }
  }
  return {ok: true, value: {...envelope.value, comments}, dropped};
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
