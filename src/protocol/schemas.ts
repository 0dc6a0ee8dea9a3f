import * as v from 'valibot';

import {LIMITS, ORDERS} from './limits.js';
import type {Comment, CountsResponse, NewComment, Problem} from './types.js';

// Control characters and bidi overrides let a name spoof the text around it.
const NAME_FORBIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Postgres rejects NUL in text; other control characters have no place in prose.
const BODY_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True for an absolute `http:` or `https:` URL: the only links Colloquy ever renders. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const {protocol} = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** An optional text field: blank means absent, so an empty form input is not an error. */
function optionalText(maxLength: number, label: string, isValid: (s: string) => boolean, invalid: string) {
  return v.optional(
    v.pipe(
      v.nullable(v.string(`The ${label} must be text.`)),
      v.transform((s) => s?.trim() || undefined),
      v.check((s) => s === undefined || s.length <= maxLength, `The ${label} must be at most ${maxLength} characters.`),
      v.check((s) => s === undefined || isValid(s), invalid),
    ),
  );
}

const idString = (label: string) =>
  v.pipe(
    v.string(`The ${label} must be a string.`),
    v.minLength(1, `The ${label} must not be empty.`),
    v.maxLength(LIMITS.commentIdMaxLength, `The ${label} is too long.`),
  );

/** A reader's new comment, as the widget's form and the server's request body must be. */
export const NewCommentSchema = v.object(
  {
    parentId: v.optional(v.nullable(idString('parent ID')), null),
    author: v.object(
      {
        name: v.pipe(
          v.string('The name is required.'),
          v.trim(),
          v.minLength(1, 'The name is required.'),
          v.maxLength(LIMITS.nameMaxLength, `The name must be at most ${LIMITS.nameMaxLength} characters.`),
          v.check((s) => !NAME_FORBIDDEN.test(s), 'The name contains characters that are not allowed.'),
        ),
        email: optionalText(LIMITS.emailMaxLength, 'email address', (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
          'The email address is not valid.'),
        url: optionalText(LIMITS.urlMaxLength, 'website', isHttpUrl,
          'The website must be a full http:// or https:// address.'),
      },
      'The author is required.',
    ),
    body: v.pipe(
      v.string('The comment is required.'),
      v.trim(),
      v.minLength(1, 'The comment is required.'),
      v.maxLength(LIMITS.bodyMaxLength, `The comment must be at most ${LIMITS.bodyMaxLength} characters.`),
      v.check((s) => !BODY_FORBIDDEN.test(s), 'The comment contains control characters.'),
    ),
  },
  'The request body must be a JSON object.',
) satisfies v.GenericSchema<unknown, NewComment>;

/** A comment as a server sends it. Unknown members are ignored, so servers can add some. */
export const CommentSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.commentIdMaxLength)),
  postId: v.string(),
  parentId: v.nullable(v.pipe(v.string(), v.minLength(1))),
  author: v.object({name: v.string(), url: v.optional(v.string())}),
  body: v.string(),
  createdAt: v.pipe(v.string(), v.check((s) => !Number.isNaN(Date.parse(s)))),
  status: v.picklist(['published', 'pending']),
}) satisfies v.GenericSchema<unknown, Comment>;

/** The envelope of a thread page; its comments are checked one by one (see `parseThreadPage`). */
export const ThreadPageEnvelopeSchema = v.object({
  postId: v.string(),
  order: v.picklist(ORDERS),
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
  comments: v.array(v.unknown()),
  nextCursor: v.nullable(v.pipe(v.string(), v.minLength(1))),
});

export const CountsResponseSchema = v.object({
  // valibot's record takes arrays too; a list is not a map of post IDs.
  counts: v.pipe(v.unknown(), v.check((x) => !Array.isArray(x)),
    v.record(v.string(), v.pipe(v.number(), v.integer(), v.minValue(0)))),
}) satisfies v.GenericSchema<unknown, CountsResponse>;

/** Enough of a problem document to report it; servers other than ours may send less. */
export const ProblemSchema = v.object({
  type: v.optional(v.string(), 'about:blank'),
  title: v.optional(v.string(), ''),
  status: v.optional(v.number(), 0),
  detail: v.optional(v.string(), ''),
  code: v.pipe(v.string(), v.minLength(1)),
  field: v.optional(v.string()),
  errors: v.optional(v.array(v.object({field: v.string(), detail: v.string()}))),
}) satisfies v.GenericSchema<unknown, Omit<Problem, 'code'> & {code: string}>;
