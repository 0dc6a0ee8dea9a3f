import type {nothing, TemplateResult} from 'lit';

import type {Ownership} from '../../controllers/owned-comments.js';
import type {Localizer} from '../../i18n/localizer.js';
import type {Comment} from '../../protocol/index.js';
import type {CommentActions, CommentActivity} from './comment-actions.js';

/** What one comment shows, beyond the comment itself. */
export interface CommentView {
  readonly comment: Comment;
  /** Its body, sanitized (see markdown/sanitize.ts): the only HTML from outside in the thread. */
  readonly body: HTMLElement;
  readonly activity: CommentActivity;
  /** Set when this browser's reader wrote it. */
  readonly ownership: Ownership | undefined;
  readonly canReply: boolean;
  readonly actions: CommentActions;
  /** Past the indent cap, the comment it answers (replies there no longer show it by their place). */
  readonly replyingTo?: Comment;
  /** Edit and Delete, loaded once this reader owns a comment here (most readers never do). */
  readonly ownTools?: OwnTools;
  /** Set when it has replies shown under it: how many, and whether the reader has hidden them. */
  readonly replies?: RepliesToggle;
  /** The reader's language. */
  readonly l: Localizer;
  /** What relative times count from. */
  readonly now: number;
}

export interface RepliesToggle {
  readonly count: number;
  readonly collapsed: boolean;
}

/** Edit and Delete (own-comment-view.ts): what the comment view calls once they have loaded. */
export interface OwnTools {
  renderOwnActions(own: Ownership, activity: CommentActivity, name: string, l: Localizer): TemplateResult | typeof nothing;
  renderEditForm(view: CommentView, name: string): TemplateResult | typeof nothing;
  renderDeleteConfirmation(view: CommentView): TemplateResult | typeof nothing;
}
