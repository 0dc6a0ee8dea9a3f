import {html, nothing, type TemplateResult} from 'lit';

import {isHttpUrl, type Comment} from '../../protocol/index.js';
import {IDLE} from './comment-actions.js';
import {commentDomId} from './links.js';
import type {CommentView} from './view-types.js';

const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});



/**
 * One comment as a template of the thread (no element of its own: a thousand comments cost a
 * thousand templates, not a thousand components). Buttons carry `data-action`; the thread listens
 * once for all of them.
 */
export function renderComment(view: CommentView): TemplateResult {
  const {comment, activity} = view;
  const id = commentDomId(comment.id);
  if (comment.status === 'deleted') {
    return html`<article part="comment" class=${view.highlighted ? 'comment tombstone highlighted' : 'comment tombstone'} id=${id}
      tabindex="-1"><p class="deleted" part="deleted">Comment deleted</p></article>`;
  }
  const created = new Date(comment.createdAt);
  // The protocol's display policy may leave nothing of a name made only of invisible characters.
  const name = comment.author.name || 'Anonymous';
  const busy = activity !== IDLE;
  // Written without whitespace between tags: in a big thread every text node and marker counts.
  return html`<article part="comment" class=${view.highlighted ? 'comment highlighted' : 'comment'} id=${id}
    tabindex="-1"><header><span class="author" part="author" dir="auto">${isHttpUrl(comment.author.url ?? '')
      ? html`<a href=${comment.author.url!} rel="nofollow ugc noopener noreferrer">${name}</a>` : name}</span><a
    class="permalink" href=${`#${id}`}><time part="time" datetime=${created.toISOString()}>${dateFormat.format(created)}</time></a>${
    comment.editedAt || comment.status === 'pending' || view.replyingTo ? renderLabels(comment, view.replyingTo) : nothing}</header>${
    activity.mode === 'editing' && view.ownTools ? view.ownTools.renderEditForm(view, name) : view.body}${
    busy ? renderNotices(view) : nothing}${
    renderActions(view, name)}${
    activity.replying && view.canReply ? html`<colloquy-composer id=${`${id}-reply`} cancelable exportparts="composer, submit"
      post-id=${comment.postId} parent-id=${comment.id} label=${`Reply to ${name}`} .client=${view.actions.client}></colloquy-composer>` : nothing}</article>`;
}

function renderLabels(comment: Comment, replyingTo: Comment | undefined) {
  return html`${replyingTo ? html`<span class="replying-to" part="replying-to">replying to <a href=${`#${commentDomId(replyingTo.id)}`}
    dir="auto">${replyingTo.author.name || (replyingTo.status === 'deleted' ? 'a deleted comment' : 'Anonymous')}</a></span>` : nothing}${comment.editedAt ? html`<span class="edited" part="edited" title=${new Date(comment.editedAt).toUTCString()}>edited</span>` : nothing}${
    comment.status === 'pending' ? html`<span class="pending" part="pending">Awaiting moderation</span>` : nothing}`;
}

/** A delete being confirmed, or why the last action failed. */
function renderNotices(view: CommentView) {
  const {activity} = view;
  return html`${activity.mode === 'confirming-delete' && view.ownTools ? view.ownTools.renderDeleteConfirmation(view) : nothing}${
    activity.error && activity.mode !== 'editing' ? html`<p class="action-error" role="alert">${activity.error}</p>` : nothing}`;
}

const REPLY_ONLY = html`<footer><button type="button" class="button-quiet reply-button" part="reply-button" data-action="reply"
  aria-expanded="false">Reply</button></footer>`;

/** Reply on every comment that takes one; Edit and Delete on the reader's own. One template, so Reply keeps its element. */
function renderActions({comment, activity, ownership, canReply, ownTools}: CommentView, name: string) {
  const replyable = canReply && comment.status === 'published';
  const own = ownership && ownTools && activity.mode === 'reading' ? ownership : undefined;
  if (!replyable && !own) return nothing;
  // Most comments: a Reply button and nothing else, a template without a single part (a big thread
  // holds thousands of these, and each part costs memory).
  if (!own && !activity.replying) return REPLY_ONLY;
  const id = commentDomId(comment.id);
  return html`<footer>${replyable ? html`<button type="button" class="button-quiet reply-button" part="reply-button" data-action="reply"
    aria-expanded=${activity.replying ? 'true' : 'false'} aria-controls=${`${id}-reply`}>Reply</button>` : nothing}${
    own ? ownTools!.renderOwnActions(own, activity, name) : nothing}</footer>`;
}
