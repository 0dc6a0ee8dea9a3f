import * as v from 'valibot';

import {FIELD_REASONS, LIMITS, ORDERS, type FieldReason} from './limits.js';
import type {ChallengeResponse, Comment, CountsResponse, CreatedComment, OwnCommentsRequest, Problem} from './types.js';

import {checkIdentifier, displayName, type TextRefusal, type TextVerdict} from './text-policy.js';

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

const REFUSALS: Record<TextRefusal, (label: string) => string> = {
  not_text: (label) => `The ${label} contains characters that are not text.`,
  control: (label) => `The ${label} contains control characters.`,
  bidi: (label) => `The ${label} contains direction controls.`,
  invisible: (label) => `The ${label} contains invisible characters.`,
  nothing_visible: (label) => `The ${label} has no visible characters.`,
  whitespace: (label) => `The ${label} must not contain spaces.`,
  format: (label) => `The ${label} is not valid.`,
};

/** Runs a field's text policy (text-policy.ts): the normalised text, or an issue saying why not. */
export function policy(check: (s: string) => TextVerdict, label: string, formatMessage?: string) {
  return v.rawTransform<string, string>(({dataset, addIssue, NEVER}) => {
    const verdict = check(dataset.value);
    if (verdict.ok) return verdict.value;
    addIssue({message: verdict.reason === 'format' && formatMessage ? formatMessage : REFUSALS[verdict.reason](label), expected: verdict.reason});
    return NEVER;
  });
}

/** A check whose refusal names its reason (carried in the issue's `expected`; see `reasonOf` in parse.ts). */
export function checkFor(reason: FieldReason, requirement: (s: string) => boolean, message: string) {
  return v.rawCheck<string>(({dataset, addIssue}) => {
    if (dataset.typed && !requirement(dataset.value)) addIssue({message, expected: reason});
  });
}

/** A required text field, policed, then length-checked on its normalised value. */
export function requiredText(check: (s: string) => TextVerdict, label: string, maxLength: number) {
  return v.pipe(
    v.string(`The ${label} is required.`),
    checkFor('required', (s) => s.trim() !== '', `The ${label} is required.`),
    policy(check, label),
    v.maxLength(maxLength, `The ${label} must be at most ${maxLength} characters.`),
  );
}

/** True when `value` can name a post: 1 to 256 code units of text without controls (see `checkIdentifier`). */
export function isValidPostId(value: string): boolean {
  return value.length > 0 && value.length <= LIMITS.postIdMaxLength && checkIdentifier(value).ok;
}

/** The owner tokens this reader holds for a post. */
export const OwnCommentsRequestSchema = v.object({
  tokens: v.pipe(
    v.array(v.pipe(v.string('Each token must be a string.'), checkFor('format', isOwnerToken, 'A token is not one a server made.')),
      'The tokens must be a list.'),
    v.maxLength(LIMITS.ownTokensMax, `Send at most ${LIMITS.ownTokensMax} tokens.`),
  ),
}, 'The request body must be a JSON object.') satisfies v.GenericSchema<unknown, OwnCommentsRequest>;

/** True for a token a server could have made: visible ASCII, at most `ownerTokenMaxLength` characters. */
export function isOwnerToken(value: string): boolean {
  return value.length >= 1 && value.length <= LIMITS.ownerTokenMaxLength && /^[\x21-\x7E]+$/.test(value);
}

const isoDate = v.pipe(v.string(), v.check((s) => !Number.isNaN(Date.parse(s))));

/** A comment as a server sends it. Unknown members are ignored, so servers can add some. */
export const CommentSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.commentIdMaxLength)),
  postId: v.string(),
  parentId: v.nullable(v.pipe(v.string(), v.minLength(1))),
  // Names are shown as text, never HTML; the display policy strips what could reorder or hide the page around them.
  author: v.object({name: v.pipe(v.string(), v.transform(displayName)), url: v.optional(v.string())}),
  body: v.string(),
  html: v.optional(v.string()),
  createdAt: isoDate,
  editedAt: v.optional(isoDate),
  status: v.picklist(['published', 'pending', 'deleted']),
}) satisfies v.GenericSchema<unknown, Comment>;

/**
 * The answer to a new comment: the comment and its owner token. A server that does not let authors
 * edit or delete sends no token (and a malformed one counts as none): the comment still stands.
 */
export const CreatedCommentSchema = v.object({
  ...CommentSchema.entries,
  ownerToken: v.fallback(v.optional(v.pipe(v.string(), v.check(isOwnerToken))), undefined),
  editableUntil: v.fallback(v.optional(isoDate), undefined),
}) satisfies v.GenericSchema<unknown, Comment & Partial<Pick<CreatedComment, 'ownerToken' | 'editableUntil'>>>;

export const OwnCommentsResponseSchema = v.object({comments: v.array(v.unknown())});

/** The envelope of a thread page; its comments are checked one by one (see `parseThreadPage`). */
/** Where a thread's replies continue; `remaining` is for the "N more replies" label, the cursor is opaque. */
const MoreRepliesSchema = v.object({
  remaining: v.pipe(v.number(), v.integer(), v.minValue(0)),
  cursor: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
});

export const ThreadPageEnvelopeSchema = v.object({
  postId: v.string(),
  order: v.picklist(ORDERS),
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
  comments: v.array(v.unknown()),
  nextCursor: v.nullable(v.pipe(v.string(), v.minLength(1))),
  closed: v.fallback(v.optional(v.boolean()), undefined),
  // Malformed, it is ignored: the page still shows, without "more replies".
  moreReplies: v.fallback(v.optional(v.record(v.string(), MoreRepliesSchema)), undefined),
});

export const RepliesPageEnvelopeSchema = v.object({
  postId: v.string(),
  rootId: v.string(),
  comments: v.array(v.unknown()),
  more: v.nullable(MoreRepliesSchema),
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
  errors: v.optional(v.array(v.object({
    field: v.string(),
    detail: v.string(),
    // A reason this client does not know is no reason: it shows the detail instead.
    reason: v.fallback(v.optional(v.picklist(FIELD_REASONS)), undefined),
    limit: v.fallback(v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))), undefined),
  }))),
}) satisfies v.GenericSchema<unknown, Omit<Problem, 'code'> & {code: string}>;

/** A proof-of-work challenge from a server. */
export const ChallengeResponseSchema = v.object({
  challenge: v.nullable(v.pipe(v.string(), v.regex(/^[\w.-]{1,200}$/))),
  difficulty: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(32)),
  expiresAt: v.nullable(v.string()),
}) satisfies v.GenericSchema<unknown, ChallengeResponse>;
