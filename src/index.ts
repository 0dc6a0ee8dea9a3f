/**
 * Colloquy's public API for npm users: the element classes (not registered:
 * import `colloquy/define.js` for that), the API client, events and the
 * protocol. No side effects.
 */
export {ColloquyComments, type CommentsState, type Nesting} from './components/comments/comments.js';
export {ColloquyComposer} from './components/composer/composer.js';
export {ColloquyCount} from './components/count/count.js';
export {CommentsClient, type ClientOptions, type PostedComment, type RequestOptions} from './client/client.js';
export {ApiError, type ApiErrorCode} from './client/api-error.js';
export {ColloquyCommentDeletedEvent, ColloquyCommentEditedEvent, ColloquyCommentPostedEvent, ColloquyErrorEvent} from './events.js';
export {renderMarkdown} from './markdown/render-markdown.js';
export {buildThread, type ThreadNode} from './model/thread.js';
export {LIMITS, PROTOCOL_VERSION, API_PREFIX, parseNewComment} from './protocol/index.js';
export type {
  Author, Comment, CommentStatus, CountsResponse, CreatedComment, FieldError, FieldReason, NewComment, Order, Problem, ProblemCode, ThreadPage,
} from './protocol/index.js';
