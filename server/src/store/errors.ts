import type {FieldError, ProblemCode} from '../protocol.js';

/** A request the store refuses for a reason the client can fix; the app turns it into a problem response. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(readonly code: ProblemCode, message: string, readonly errors?: readonly FieldError[]) {
    super(message);
  }
}
