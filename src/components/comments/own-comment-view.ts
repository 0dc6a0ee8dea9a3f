import {html, nothing} from 'lit';

import {ApiError} from '../../client/api-error.js';
import type {Ownership} from '../../controllers/owned-comments.js';
import {ColloquyCommentDeletedEvent, ColloquyCommentEditedEvent} from '../../events.js';
import {parseCommentEdit, type Comment} from '../../protocol/index.js';
import type {Localizer} from '../../i18n/localizer.js';
import type {WritingMessages} from '../../i18n/messages.js';
import {phraseFieldError} from '../composer/field-messages.js';
import type {CommentActions, CommentActivity} from './comment-actions.js';
import {commentDomId} from './links.js';
import type {CommentView} from './view-types.js';

/*
 * What a reader can do to their own comments: Edit and Delete, their forms, and the requests. Loaded
 * only once this browser holds an owner token for the post, so readers who never wrote here skip it.
 */

export function renderOwnActions(own: Ownership, activity: CommentActivity, name: string, l: Localizer) {
  const {w} = l;
  if (!w) return nothing; // the words for writing load with these tools, and again when the language changes
  return html`${Date.now() < own.editableUntil ? html`<button type="button" class="button-quiet edit-button" part="edit-button"
    data-action="edit" aria-label=${l.text(w.editYours, {name})}>${w.edit}</button>` : nothing}<button type="button"
    class="button-quiet delete-button" part="delete-button" data-action="delete" aria-label=${l.text(w.deleteYours, {name})}
    ?disabled=${activity.busy === 'deleting'}>${w.delete}</button>`;
}

export function renderEditForm({comment, activity, ownership, actions, l}: CommentView, name: string) {
  const {w} = l;
  if (!w) return nothing;
  const id = commentDomId(comment.id);
  const saving = activity.busy === 'saving';
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    if (ownership) void saveEdit(actions, comment, ownership, l);
  };
  const keydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      actions.cancelEdit(comment.id);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
    }
  };
  return html`<form class="edit" novalidate aria-label=${l.text(w.editYours, {name})} @submit=${save} @keydown=${keydown}>
    <textarea class="edit-body" aria-label=${w.yourComment} dir="auto" .value=${activity.editText} maxlength="10000"
      aria-invalid=${activity.error ? 'true' : 'false'} aria-describedby=${`${id}-edit-error`}
      @input=${(e: Event) => actions.typeEdit(comment.id, (e.target as HTMLTextAreaElement).value)}></textarea>
    <p class="action-error" id=${`${id}-edit-error`} role="alert">${activity.error ? activity.error(l) : ''}</p>
    <div class="edit-actions">
      <button type="submit" class="button-primary" ?disabled=${saving} aria-busy=${saving ? 'true' : 'false'}>${saving ? w.saving : w.save}</button>
      <button type="button" class="button-quiet" @click=${() => actions.cancelEdit(comment.id)}>${l.m.cancel}</button>
    </div>
  </form>`;
}

export function renderDeleteConfirmation({comment, activity, ownership, actions, l}: CommentView) {
  const {w} = l;
  if (!w) return nothing;
  const id = commentDomId(comment.id);
  const deleting = activity.busy === 'deleting';
  return html`<div class="confirm" role="group" aria-labelledby=${`${id}-confirm-text`}>
    <p id=${`${id}-confirm-text`}>${w.deleteConfirm}</p>
    <button type="button" class="button-primary confirm-delete" ?disabled=${deleting}
      @click=${() => ownership && void deleteComment(actions, comment, ownership, l)}>${deleting ? w.deleting : w.delete}</button>
    <button type="button" class="button-quiet confirm-cancel" @click=${() => actions.cancelDelete(comment.id)}>${l.m.cancel}</button>
  </div>`;
}

/** Saves the edit being typed; on success the thread shows it and the page hears of it. */
export async function saveEdit(actions: CommentActions, comment: Comment, ownership: Ownership, l: Localizer): Promise<void> {
  const activity = actions.of(comment.id);
  const {w} = l; // loaded before the form could show
  if (activity.busy || !w) return;
  const parsed = parseCommentEdit({body: activity.editText});
  if (!parsed.ok) {
    const refused = parsed.errors[0]!;
    actions.set(comment.id, {error: (current) => phraseFieldError('body', refused, current.w ?? w, current)});
    return;
  }
  actions.set(comment.id, {busy: 'saving', error: ''});
  const edited = await actions.request(comment.id, (signal) =>
    actions.client.editComment(comment.postId, comment.id, ownership.token, parsed.value.body, {signal}), (error) => (current) => actionErrorMessage(error, current.w ?? w, current));
  if (!edited) return;
  actions.set(comment.id, {mode: 'reading', busy: null});
  actions.options.edited(edited);
  actions.host.dispatchEvent(new ColloquyCommentEditedEvent({comment: edited}));
  actions.options.focus(comment.id, 'edit-button');
}

/** Deletes the comment, after its confirmation. */
export async function deleteComment(actions: CommentActions, comment: Comment, ownership: Ownership, l: Localizer): Promise<void> {
  const {w} = l;
  if (actions.of(comment.id).busy || !w) return;
  actions.set(comment.id, {busy: 'deleting'});
  const done = await actions.request(comment.id, async (signal) => {
    await actions.client.deleteComment(comment.postId, comment.id, ownership.token, {signal});
    return true;
  }, (error) => (current) => actionErrorMessage(error, current.w ?? w, current));
  if (!done) return;
  actions.set(comment.id, {busy: null, mode: 'reading', error: '', replying: false}, false);
  actions.options.changed(comment.id);
  actions.options.deleted(comment);
  actions.host.dispatchEvent(new ColloquyCommentDeletedEvent({comment}));
}

/** Why an edit or a delete failed, in the reader's language (the body's problem phrased as the form phrases it). */
function actionErrorMessage(error: unknown, w: WritingMessages, l: Localizer): string {
  switch (error instanceof ApiError ? error.code : 'unknown') {
    case 'edit_window_closed':
      return w.editWindowClosed;
    case 'comment_deleted':
    case 'not_found':
      return w.commentGone;
    case 'token_invalid':
      return w.cannotChange;
    case 'invalid_field':
      return error instanceof ApiError && error.errors[0] ? phraseFieldError('body', error.errors[0], w, l) : w.checkComment;
    case 'network':
    case 'timeout':
      return w.noAnswerKept;
    default:
      return w.didNotWork;
  }
}
