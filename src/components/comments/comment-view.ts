import {html, nothing, type TemplateResult} from 'lit';

import {isHttpUrl, type Comment} from '../../protocol/index.js';
import type {Localizer} from '../../i18n/localizer.js';
import {boundedMemo} from '../../internal/bounded-memo.js';
import {avatarStyle} from './avatar.js';
import {IDLE} from './comment-actions.js';
import {commentDomId} from './links.js';
import type {CommentView, RepliesToggle} from './view-types.js';

/**
 * One comment as a template of the thread (no element of its own: a thousand comments cost a
 * thousand templates, not a thousand components). Buttons carry `data-action`; the thread listens
 * once for all of them.
 */
export function renderComment(view: CommentView): TemplateResult {
  const {comment, activity, l} = view;
  const id = commentDomId(comment.id);
  if (comment.status === 'deleted') {
    return html`<article part="comment" class="comment tombstone" id=${id}
      tabindex="-1"><p class="deleted" part="deleted">${l.m.commentDeleted}</p></article>`;
  }
  const created = new Date(comment.createdAt);
  // The protocol's display policy may leave nothing of a name made only of invisible characters.
  const name = comment.author.name || l.m.anonymous;
  const busy = activity !== IDLE;
  // Written without whitespace between tags: in a big thread every text node and marker counts.
  return html`<article part="comment" class="comment" id=${id}
    tabindex="-1"><header><span class="author" part="author" dir="auto" .style=${avatarStyle(name)}>${isHttpUrl(comment.author.url ?? '')
      ? html`<a href=${comment.author.url!} rel="nofollow ugc noopener noreferrer">${name}</a>` : name}</span><a
    class="permalink" href=${`#${id}`}><time part="time" datetime=${comment.createdAt}>${l.relative(created, view.now)}</time></a>${
    comment.editedAt || comment.status === 'pending' || view.replyingTo ? renderLabels(view) : nothing}</header>${
    activity.mode === 'editing' && view.ownTools ? view.ownTools.renderEditForm(view, name) : view.body}${
    busy ? renderNotices(view) : nothing}${
    renderActions(view, name)}${
    activity.replying && view.canReply ? html`<colloquy-composer id=${`${id}-reply`} cancelable exportparts="composer, submit"
      post-id=${comment.postId} parent-id=${comment.id} label=${l.text(l.m.replyTo, {name})} .client=${view.actions.client}
      .localizer=${l}></colloquy-composer>` : nothing}</article>`;
}

function renderLabels({comment, replyingTo, l}: CommentView) {
  return html`${replyingTo ? renderReplyingTo(replyingTo, l) : nothing}${comment.editedAt ? html`<span class="edited" part="edited"
    title=${l.text(l.m.editedAt, {date: l.date(new Date(comment.editedAt))})}>${l.m.edited}</span>` : nothing}${
    comment.status === 'pending' ? html`<span class="pending" part="pending">${l.m.awaitingModeration}</span>` : nothing}`;
}

/** "replying to Ada", with the name a link to the comment answered (past the indent cap, its place no longer shows it). */
function renderReplyingTo(replyingTo: Comment, l: Localizer) {
  const [before, after] = l.around(l.m.replyingTo, 'name');
  const name = replyingTo.author.name || (replyingTo.status === 'deleted' ? l.m.aDeletedComment : l.m.anonymous);
  return html`<span class="replying-to" part="replying-to">${before}<a href=${`#${commentDomId(replyingTo.id)}`}
    dir="auto">${name}</a>${after}</span>`;
}

/** A delete being confirmed, or why the last action failed. */
function renderNotices(view: CommentView) {
  const {activity} = view;
  return html`${activity.mode === 'confirming-delete' && view.ownTools ? view.ownTools.renderDeleteConfirmation(view) : nothing}${
    activity.error && activity.mode !== 'editing' ? html`<p class="action-error" role="alert">${activity.error(view.l)}</p>` : nothing}`;
}

/**
 * The footer of a comment nobody is acting on, in one language: its "Reply" written into the
 * template itself, so each of a big thread's thousands of footers holds one part (the name it
 * answers), not two; with the button that hides its replies, four. Made once per language, from the
 * catalog's text (escaped; never a reader's).
 */
const idleFooters = new WeakMap<Localizer, {alone: TemplateStringsArray; withReplies: TemplateStringsArray}>();

function idleFooter(l: Localizer) {
  let footers = idleFooters.get(l);
  if (!footers) {
    const reply = `<footer><button type="button" class="button-quiet reply-button" part="reply-button" data-action="reply"
      aria-expanded="false" aria-label="`;
    const replyEnd = `">${escapeHtml(l.m.reply)}</button>`;
    footers = {
      alone: templateStrings([reply, `${replyEnd}</footer>`]),
      withReplies: templateStrings([reply, `${replyEnd}<button type="button" class="button-quiet collapse" part="collapse-button"
        data-action="collapse" data-collapse="`, '" aria-expanded="', '">', '</button></footer>']),
    };
    idleFooters.set(l, footers);
  }
  return footers;
}

/** What lit-html takes as a tagged template's strings (as its static templates do). */
function templateStrings(raw: string[]): TemplateStringsArray {
  return Object.assign([...raw], {raw}) as unknown as TemplateStringsArray;
}

/**
 * "Reply to Ada", one string per name and language: a thread's regulars answer and are answered
 * many times, and each footer keeps its label for as long as it is shown.
 */
const replyLabels = new WeakMap<Localizer, (name: string) => string>();

function replyLabel(l: Localizer, name: string): string {
  let label = replyLabels.get(l);
  if (!label) replyLabels.set(l, label = boundedMemo((answered) => l.text(l.m.replyTo, {name: answered})));
  return label(name);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Reply on every comment that takes one; Edit and Delete on the reader's own; the button that hides
 * and shows its replies. One template, so Reply keeps its element.
 */
function renderActions({comment, activity, ownership, canReply, ownTools, l, replies}: CommentView, name: string) {
  const replyable = canReply && comment.status === 'published';
  const own = ownership && ownTools && activity.mode === 'reading' ? ownership : undefined;
  if (!replyable && !own && !replies) return nothing;
  // Most comments: a Reply button (and the one for their replies), with as few parts as can be (a big
  // thread holds thousands of these, and each part costs memory). Its name says whom it answers.
  if (replyable && !own && !activity.replying) {
    const footers = idleFooter(l);
    return replies
      ? html(footers.withReplies, replyLabel(l, name), comment.id, replies.collapsed ? 'false' : 'true', collapseLabel(replies, l))
      : html(footers.alone, replyLabel(l, name));
  }
  const id = commentDomId(comment.id);
  return html`<footer>${replyable ? html`<button type="button" class="button-quiet reply-button" part="reply-button" data-action="reply"
    aria-expanded=${activity.replying ? 'true' : 'false'} aria-controls=${`${id}-reply`}
    aria-label=${l.text(l.m.replyTo, {name})}>${l.m.reply}</button>` : nothing}${
    own ? ownTools!.renderOwnActions(own, activity, name, l) : nothing}${
    replies ? html`<button type="button" class="button-quiet collapse" part="collapse-button" data-action="collapse"
      data-collapse=${comment.id} aria-expanded=${replies.collapsed ? 'false' : 'true'}>${collapseLabel(replies, l)}</button>` : nothing}</footer>`;
}

function collapseLabel({count, collapsed}: RepliesToggle, l: Localizer): string {
  return l.count(collapsed ? l.m.showReplies : l.m.hideReplies, count);
}
