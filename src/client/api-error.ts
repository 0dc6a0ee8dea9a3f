import type {FieldError, ProblemCode} from '../protocol/index.js';

/**
 * Why a request failed: a protocol problem code from the server, or
 * `network` (no answer), `timeout`, `bad_response` (an answer we cannot read),
 * `http_error` (an error status without a problem document), `config` (bad `api`).
 */
export type ApiErrorCode = ProblemCode | 'network' | 'timeout' | 'bad_response' | 'http_error' | 'config';

/** The one error the client throws; `AbortError` from a caller's signal passes through untouched. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when there was no answer. */
    readonly status: number,
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    readonly details: {readonly field?: string; readonly errors?: readonly FieldError[]; readonly cause?: unknown} = {},
  ) {
    super(message, {cause: details.cause});
  }

  get field(): string | undefined {
    return this.details.field;
  }

  get errors(): readonly FieldError[] {
    return this.details.errors ?? [];
  }
}
