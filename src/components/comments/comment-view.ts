import {html, nothing, type TemplateResult} from 'lit';

import type {Ownership} from '../../controllers/owned-comments.js';
import {isHttpUrl, type Comment} from '../../protocol/index.js';
import {IDLE, type CommentActions, type CommentActivity} from './comment-actions.js';

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});

/**
 * The element ID of a comment in the thread, and its permalink's fragment (`#comment-<id>`).
 * Encoded: a server's IDs may hold spaces, which an ID reference cannot.
 */
export function commentDomId(id: string): string {
  return `comment-${encodeURIComponent(id)}`;
}

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
}

/**
 * One comment as a template of the thread (no element of its own: a thousand comments cost a
 * thousand templates, not a thousand components). Buttons carry `data-action`; the thread listens
 * once for all of them.
 */
export function renderComment(view: CommentView): TemplateResult {
  const {comment, activity} = view;
  const id = commentDomId(comment.id);
  if (comment.status === 'deleted') {
    return html`<article part="comment" class="comment tombstone" id=${id}><p class="deleted" part="deleted">Comment deleted</p></article>`;
  }
  const created = new Date(comment.createdAt);
  // The protocol's display policy may leave nothing of a name made only of invisible characters.
  const name = comment.author.name || 'Anonymous';
  const busy = activity !== IDLE;
  // Written without whitespace between tags: in a big thread every text node and marker counts.
  return html`<article part="comment" class="comment" id=${id} aria-labelledby=${`${id}-author`}><header><span
    class="author" part="author" id=${`${id}-author`} dir="auto">${isHttpUrl(comment.author.url ?? '')
      ? html`<a href=${comment.author.url!} rel="nofollow ugc noopener noreferrer">${name}</a>` : name}</span><a
    class="permalink" href=${`#${id}`}><time part="time" datetime=${created.toISOString()}>${dateFormat.format(created)}</time></a>${
    comment.editedAt || comment.status === 'pending' ? renderLabels(comment) : nothing}</header>${
    activity.mode === 'editing' ? renderEditForm(view, name) : view.body}${
    busy ? renderNotices(view) : nothing}${
    renderActions(view, name)}${
    activity.replying && view.canReply ? html`<colloquy-composer id=${`${id}-reply`} cancelable exportparts="composer, submit"
      post-id=${comment.postId} parent-id=${comment.id} label=${`Reply to ${name}`} .client=${view.actions.client}></colloquy-composer>` : nothing}</article>`;
}

function renderLabels(comment: Comment) {
  return html`${comment.editedAt ? html`<span class="edited" part="edited" title=${new Date(comment.editedAt).toUTCString()}>edited</span>` : nothing}${
    comment.status === 'pending' ? html`<span class="pending" part="pending">Awaiting moderation</span>` : nothing}`;
}

/** A delete being confirmed, or why the last action failed. */
function renderNotices(view: CommentView) {
  const {activity} = view;
  return html`${activity.mode === 'confirming-delete' ? renderDeleteConfirmation(view) : nothing}${
    activity.error && activity.mode !== 'editing' ? html`<p class="action-error" role="alert">${activity.error}</p>` : nothing}`;
}

/** Reply on every comment that takes one; Edit and Delete on the reader's own. One template, so Reply keeps its element. */
function renderActions({comment, activity, ownership, canReply}: CommentView, name: string) {
  const replyable = canReply && comment.status === 'published';
  const own = ownership && activity.mode === 'reading' ? ownership : undefined;
  if (!replyable && !own) return nothing;
  const id = commentDomId(comment.id);
  return html`<footer>${replyable ? html`<button type="button" class="button-quiet reply-button" part="reply-button" data-action="reply"
    aria-expanded=${activity.replying ? 'true' : 'false'} aria-controls=${`${id}-reply`}>Reply</button>` : nothing}${
    own ? renderOwnActions(own, activity, name) : nothing}</footer>`;
}

function renderOwnActions(own: Ownership, activity: CommentActivity, name: string) {
  return html`${Date.now() < own.editableUntil ? html`<button type="button" class="button-quiet edit-button" part="edit-button"
    data-action="edit" aria-label=${`Edit your comment, ${name}`}>Edit</button>` : nothing}<button type="button"
    class="button-quiet delete-button" part="delete-button" data-action="delete" aria-label=${`Delete your comment, ${name}`}
    ?disabled=${activity.busy === 'deleting'}>Delete</button>`;
}

function renderEditForm({comment, activity, ownership, actions}: CommentView, name: string) {
  const id = commentDomId(comment.id);
  const saving = activity.busy === 'saving';
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    if (ownership) void actions.save(comment, ownership);
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
  return html`<form class="edit" novalidate aria-label=${`Edit your comment, ${name}`} @submit=${save} @keydown=${keydown}>
    <textarea class="edit-body" aria-label="Your comment" .value=${activity.editText} maxlength="10000"
      aria-invalid=${activity.error ? 'true' : 'false'} aria-describedby=${`${id}-edit-error`}
      @input=${(e: Event) => actions.typeEdit(comment.id, (e.target as HTMLTextAreaElement).value)}></textarea>
    <p class="action-error" id=${`${id}-edit-error`} role="alert">${activity.error}</p>
    <div class="edit-actions">
      <button type="submit" class="button-primary" ?disabled=${saving} aria-busy=${saving ? 'true' : 'false'}>${saving ? 'Saving…' : 'Save'}</button>
      <button type="button" class="button-quiet" @click=${() => actions.cancelEdit(comment.id)}>Cancel</button>
    </div>
  </form>`;
}

function renderDeleteConfirmation({comment, activity, ownership, actions}: CommentView) {
  const id = commentDomId(comment.id);
  const deleting = activity.busy === 'deleting';
  return html`<div class="confirm" role="group" aria-labelledby=${`${id}-confirm-text`}>
    <p id=${`${id}-confirm-text`}>Delete your comment? This cannot be undone.</p>
    <button type="button" class="button-primary confirm-delete" ?disabled=${deleting}
      @click=${() => ownership && void actions.delete(comment, ownership)}>${deleting ? 'Deleting…' : 'Delete'}</button>
    <button type="button" class="button-quiet confirm-cancel" @click=${() => actions.cancelDelete(comment.id)}>Cancel</button>
  </div>`;
}
