import type {FieldError, ProblemCode} from './protocol.js';

/**
 * A refusal the client can fix, thrown by a handler or the store and answered
 * by the app as the protocol's problem document (`message` becomes its `detail`).
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly errors?: readonly FieldError[],
    /** Headers the answer needs, such as `Allow` on a 405 or `Retry-After` on a 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
