import type {FieldError, Problem, ProblemCode} from './types.js';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** HTTP status and title for each problem code: one table, so a code always means one status. */
export const PROBLEM_STATUS: Readonly<Record<ProblemCode, readonly [status: number, title: string]>> = {
  invalid_json: [400, 'Request body is not valid JSON'],
  invalid_request: [400, 'Invalid request parameter'],
  invalid_field: [422, 'Invalid field'],
  unsupported_media_type: [415, 'Request body must be JSON'],
  payload_too_large: [413, 'Request body too large'],
  parent_not_found: [422, 'Parent comment not found'],
  thread_too_deep: [422, 'Thread too deep'],
  idempotency_key_reused: [422, 'Idempotency key reused'],
  token_invalid: [403, 'Not the author\'s token'],
  edit_window_closed: [403, 'Edit window closed'],
  comment_deleted: [410, 'Comment deleted'],
  comments_closed: [403, 'Comments closed'],
  rate_limited: [429, 'Too many requests'],
  proof_required: [428, 'Proof of work required'],
  unauthorized: [401, 'Sign in first'],
  csrf_failed: [403, 'Request not from the admin page'],
  not_found: [404, 'Not found'],
  method_not_allowed: [405, 'Method not allowed'],
  internal: [500, 'Internal error'],
  unavailable: [503, 'Service unavailable'],
};

/** Builds a problem document; `errors[0]` becomes `field` and leads the detail. */
export function problem(code: ProblemCode, detail: string, errors?: readonly FieldError[]): Problem {
  const [status, title] = PROBLEM_STATUS[code];
  const first = errors?.[0];
  return {
    type: `urn:colloquy:problem:${code}`,
    title,
    status,
    detail: first ? `${first.field || 'body'}: ${first.detail}` : detail,
    code,
    ...(first ? {field: first.field} : {}),
    ...(errors && errors.length ? {errors} : {}),
  };
}
