import * as v from 'valibot';

import {LIMITS} from './limits.js';
import {check, type Parsed} from './check.js';
import {checkFor, policy, requiredText} from './schemas.js';
import {checkBody, checkEmail, checkIdentifier, checkName, checkUrl, type TextVerdict} from './text-policy.js';
import type {CommentEdit, NewComment} from './types.js';

// What a reader submits (a comment, an edit): in a module of its own, so a reader who only reads never loads it.

const idString = (label: string) =>
  v.pipe(
    v.string(`The ${label} must be a string.`),
    checkFor('required', (s) => s.length > 0, `The ${label} must not be empty.`),
    v.maxLength(LIMITS.commentIdMaxLength, `The ${label} is too long.`),
    checkFor('control', (s) => checkIdentifier(s).ok, `The ${label} contains characters that are not allowed.`),
  );

/** An optional text field: blank (or null) means absent, so an empty form input is not an error. */
function optionalText(check: (s: string) => TextVerdict, label: string, maxLength: number, formatMessage: string) {
  return v.optional(v.pipe(
    v.nullable(v.string(`The ${label} must be text.`)),
    v.transform((s) => (s?.trim() ? s : undefined)),
    v.union([
      v.undefined(),
      v.pipe(v.string(), policy(check, label, formatMessage),
        v.maxLength(maxLength, `The ${label} must be at most ${maxLength} characters.`)),
    ], (issue) => issue.issues?.[issue.issues.length - 1]?.message ?? formatMessage),
  ));
}

/** A reader's new comment, as the widget's form and the server's request body must be. */
export const NewCommentSchema = v.object(
  {
    parentId: v.optional(v.nullable(idString('parent ID')), null),
    author: v.object(
      {
        name: requiredText(checkName, 'name', LIMITS.nameMaxLength),
        email: optionalText(checkEmail, 'email address', LIMITS.emailMaxLength, 'The email address is not valid.'),
        url: optionalText(checkUrl, 'website', LIMITS.urlMaxLength, 'The website must be a full http:// or https:// address.'),
      },
      'The author is required.',
    ),
    body: requiredText(checkBody, 'comment', LIMITS.bodyMaxLength),
    trap: v.optional(v.pipe(v.string('The trap field must be text.'), v.maxLength(200, 'The trap field is too long.'))),
    composeMs: v.optional(v.pipe(v.number('composeMs must be a number.'), v.integer('composeMs must be whole milliseconds.'),
      v.minValue(0, 'composeMs cannot be negative.'))),
  },
  'The request body must be a JSON object.',
) satisfies v.GenericSchema<unknown, NewComment>;

/**
 * Checks a new comment from a form or a request body, trimming text and
 * dropping blank optional fields. The widget and the server both call this.
 */
export function parseNewComment(input: unknown): Parsed<NewComment> {
  return check(NewCommentSchema, input);
}

/** An author's edit: the new body, under the same policy as a new one. */
export const CommentEditSchema = v.object(
  {body: requiredText(checkBody, 'comment', LIMITS.bodyMaxLength)},
  'The request body must be a JSON object.',
) satisfies v.GenericSchema<unknown, CommentEdit>;

/** Checks an author's edit (`PATCH` body), trimming the text. */
export function parseCommentEdit(input: unknown): Parsed<CommentEdit> {
  return check(CommentEditSchema, input);
}
