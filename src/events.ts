import type {PostedComment} from './client/client.js';
import type {Comment} from './protocol/index.js';

/**
 * A reader's comment or reply was stored by the server. `detail.comment` is it as readers see it:
 * never its owner token, which stays inside the widget (any script on the page hears this event).
 */
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

/**
 * A form's comment was stored, with the owner token that proves who wrote it. Stays inside the
 * widget (not composed): the thread keeps the token and tells the page with `ColloquyCommentPostedEvent`.
 */
export class ColloquyComposerPostedEvent extends Event {
  static readonly type = 'colloquy-composer-posted';

  constructor(readonly detail: PostedComment) {
    super(ColloquyComposerPostedEvent.type, {bubbles: true, composed: false});
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
    'colloquy-composer-posted': ColloquyComposerPostedEvent;
    'colloquy-composer-cancel': ColloquyComposerCancelEvent;
  }
}
