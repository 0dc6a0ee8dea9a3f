import type {Comment} from './protocol/index.js';

/** A reader's comment or reply was stored by the server. */
export class ColloquyCommentPostedEvent extends Event {
  static readonly type = 'colloquy-comment-posted';

  constructor(readonly detail: {readonly comment: Comment}) {
    super(ColloquyCommentPostedEvent.type, {bubbles: true, composed: true});
  }
}

/** A reader edited their comment; `detail.comment` is it as the server now has it. */
export class ColloquyCommentEditedEvent extends Event {
  static readonly type = 'colloquy-comment-edited';

  constructor(readonly detail: {readonly comment: Comment}) {
    super(ColloquyCommentEditedEvent.type, {bubbles: true, composed: true});
  }
}

/** A reader deleted their comment; `detail.comment` is it as it was. */
export class ColloquyCommentDeletedEvent extends Event {
  static readonly type = 'colloquy-comment-deleted';

  constructor(readonly detail: {readonly comment: Comment}) {
    super(ColloquyCommentDeletedEvent.type, {bubbles: true, composed: true});
  }
}

/** A request failed (loading or posting); `detail.error` is usually an `ApiError`. Never fired for aborts. */
export class ColloquyErrorEvent extends Event {
  static readonly type = 'colloquy-error';

  constructor(readonly detail: {readonly error: unknown}) {
    super(ColloquyErrorEvent.type, {bubbles: true, composed: true});
  }
}

/** A reply form was closed without posting. Stays inside the widget. */
export class ColloquyComposerCancelEvent extends Event {
  static readonly type = 'colloquy-composer-cancel';

  constructor() {
    super(ColloquyComposerCancelEvent.type, {bubbles: true, composed: false});
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'colloquy-comment-posted': ColloquyCommentPostedEvent;
    'colloquy-comment-edited': ColloquyCommentEditedEvent;
    'colloquy-comment-deleted': ColloquyCommentDeletedEvent;
    'colloquy-error': ColloquyErrorEvent;
    'colloquy-composer-cancel': ColloquyComposerCancelEvent;
  }
}
